import KinoraCore

/// Sound while playing: what the app is asked to play, the subtitle line, and clips attached from the
/// inspector.
extension Studio {
    /// What should be heard now: the animatic while it runs, or the shown take while the preview plays.
    private var wantedSound: SoundCursor? {
        if let animatic {
            return animatic.paused ? nil : SoundCursor(scope: .animatic, time: animatic.time)
        }
        guard preview.playing, let shot = selectedShot else { return nil }
        return SoundCursor(scope: .take(shot.id, displayedTake(of: shot)?.id), time: preview.time)
    }

    /// Starts, restarts or stops the sound after `msg`: it starts with playback, stops with a pause or a
    /// stop, and starts again from the new place after a seek or a loop.
    mutating func followSound(after msg: StudioMsg) -> [StudioEffect] {
        let wanted = wantedSound
        let playing = soundCursor
        soundCursor = wanted
        guard let wanted else { return playing == nil ? [] : [.stopSound] }
        if let playing, playing.scope == wanted.scope {
            var expected = playing.time
            if case .tick(let seconds) = msg { expected += seconds }
            // Playing on: the sound is already where the pictures are.
            if abs(wanted.time - expected) < 0.05 { return [] }
        }
        return [.playSound(soundRequest(for: wanted))]
    }

    /// The request for the app: the animatic's shots at their places, or the one take.
    private func soundRequest(for cursor: SoundCursor) -> SoundRequest {
        switch cursor.scope {
        case .animatic:
            let clock = AnimaticClock(project: project)
            let spans = zip(project.shots, clock.spans).map { shot, span in
                SoundRequest.Span(
                    shot: shot.id, take: shot.chosen?.id, start: span.start, length: span.length,
                    inPoint: shot.trim?.inPoint ?? 0)
            }
            return SoundRequest(project: project, spans: spans, from: cursor.time, withMusic: true)
        case .take(let shot, let take):
            // The preview plays the whole take from its start: the shot's time is the take's.
            let span = SoundRequest.Span(shot: shot, take: take, start: 0, length: previewLength, inPoint: 0)
            return SoundRequest(project: project, spans: [span], from: cursor.time, withMusic: false)
        }
    }

    /// The dialogue being spoken now, as one line (`MIMI: Hello.`; dual dialogue joined by ` / `), while
    /// the animatic runs or a take plays and subtitles are on.
    public var subtitleLine: String? {
        guard subtitlesOn else { return nil }
        let shot: Shot
        let time: Double
        if let animatic {
            guard let (index, offset) = AnimaticClock(project: project).shot(at: animatic.time) else {
                return nil
            }
            shot = project.shots[index]
            time = offset
        } else if preview.playing, let selected = selectedShot {
            shot = selected
            time = preview.time
        } else {
            return nil
        }
        guard let timed = subtitles[shot.id], timed.dialogue == shot.dialogue else { return nil }
        let lines = timed.cues.filter { time >= $0.start && time < $0.end }.map(\.line)
        return lines.isEmpty ? nil : lines.joined(separator: " / ")
    }

    /// Opens the file picker for a sound to attach to the selected shot.
    mutating func openSoundPicker() -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        mode = .picker(FilePicker(shot: shot.id, soundClip: true, input: TextEditor(text: "")))
        return [.listDirectory("")]
    }

    /// Attaches an imported sound to `shotID` as its next clip, at the shot's start and as recorded:
    /// dialogue when the shot has dialogue (it replaces the scratch voice), an effect otherwise — as
    /// `kinora sound add` does without `--kind`.
    mutating func attachSound(_ file: SoundFile, to shotID: ShotID) -> [StudioEffect] {
        guard let index = project.shots.firstIndex(where: { $0.id == shotID }) else { return [] }
        let shot = project.shots[index]
        let clips = shot.sounds ?? []
        let kind: SoundKind = DialogueLine.lines(in: shot.dialogue).isEmpty ? .effect : .dialogue
        let clip = SoundClip(number: (clips.map(\.number).max() ?? 0) + 1, kind: kind, file: file)
        return edit("\(file.originalName) attached to \(shotID) as \(kind.rawValue) \(clip.number)") {
            project in
            project.shots[index].sounds = clips + [clip]
        }
    }
}
