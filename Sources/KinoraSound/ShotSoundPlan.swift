import Foundation
import KinoraCore

/// A sound placed in a shot: where it starts (from the shot's start), which part of its file, how loud.
public struct PlacedSound: Sendable, Hashable {
    /// What it is, for the mix and the timelines.
    public enum Role: String, Sendable, Hashable {
        /// The take's own sound (an engine's audio, a source video's sound).
        case take
        /// A recorded line or voice-over attached to the shot.
        case dialogue
        /// An effect attached to the shot.
        case effect
        /// A scratch line spoken by the text-to-speech engine.
        case scratch
    }

    /// What it is.
    public var role: Role
    /// The file.
    public var url: URL
    /// Seconds after the shot's start that it starts.
    public var start: Double
    /// Where in the file it starts, in seconds.
    public var sourceStart: Double
    /// How long it plays, in seconds.
    public var duration: Double
    /// Its gain in decibels.
    public var gain: Double
    /// What people call it (`line.wav`, `MIMI: Hello.`), for editors' bins; `nil` names it by its file.
    public var label: String?

    /// Whether it is speech: music ducks under it.
    public var isDialogue: Bool { role == .dialogue || role == .scratch }

    /// A sound; see the properties.
    public init(
        role: Role, url: URL, start: Double, sourceStart: Double, duration: Double, gain: Double,
        label: String? = nil
    ) {
        self.label = label
        self.role = role
        self.url = url
        self.start = start
        self.sourceStart = sourceStart
        self.duration = duration
        self.gain = gain
    }
}

/// What a shot sounds like and what its subtitles say, worked out from its clips, its dialogue (spoken
/// as scratch lines), its take's own sound and which of them it plays (``ShotSound``).
public struct ShotSoundPlan: Sendable, Hashable {
    /// The sounds, by start.
    public var sounds: [PlacedSound]
    /// The dialogue lines as subtitles, in order.
    public var cues: [SubtitleCue]
    /// When the last line of speech ends, in seconds from the shot's start (0 without dialogue): what
    /// the shot's length should cover. Where a recording plays the lines, their subtitles span it.
    public var speechEnd: Double
    /// What could not be done (espeak-ng missing: the lines are timed but silent), said once.
    public var warnings: [String]

    /// The pause before the first line and between lines, in seconds.
    public static let pause = 0.25

    /// The plan for `shot`. `takeSound` is the chosen take's file and the second it starts playing from
    /// when it has sound; `voices` speaks the scratch lines (`nil` times them by their words, silently).
    public static func plan(
        for shot: Shot, in project: Project, projectFolder: URL, takeSound: (url: URL, inPoint: Double)?,
        length: Double, voices: VoiceCache?
    ) -> ShotSoundPlan {
        let choice = shot.sound ?? .auto
        let clips = shot.sounds ?? []
        var sounds: [PlacedSound] = []
        var warnings: [String] = []
        if let takeSound, choice == .auto || choice == .take {
            sounds.append(
                PlacedSound(
                    role: .take, url: takeSound.url, start: 0, sourceStart: takeSound.inPoint,
                    duration: length,
                    gain: 0))
        }
        if choice == .auto || choice == .clips {
            sounds += clips.map { clip in
                PlacedSound(
                    role: clip.kind == .dialogue ? .dialogue : .effect,
                    url: projectFolder.appendingPathComponent(clip.file.asset), start: clip.offset,
                    sourceStart: 0,
                    duration: clip.file.duration, gain: clip.gain, label: clip.file.originalName)
            }
        }
        let recorded = clips.contains { $0.kind == .dialogue } && choice != .scratch
        let speaks = choice == .scratch || (choice == .auto && !recorded)
        var cues: [SubtitleCue] = []
        var clock = pause
        var lineStart = pause
        for line in DialogueLine.lines(in: shot.dialogue) {
            let voice = VoiceSettings.forLine(
                line.spoken, voice: line.speaker.flatMap { project.castEntry(forSpeaker: $0) }?.voice)
            var duration = estimatedDuration(of: line.spoken)
            var spoken: VoiceCache.Line?
            if speaks, let voices {
                do {
                    spoken = try voices.line(line.spoken, voice: voice)
                } catch let failure as SpeechSynthesizer.Failure {
                    if !warnings.contains(failure.reason) { warnings.append(failure.reason) }
                } catch {
                    warnings.append("a scratch line could not be saved: \(error)")
                }
            }
            if let spoken { duration = spoken.duration }
            let start = line.isSimultaneous ? lineStart : clock
            if let spoken {
                sounds.append(
                    PlacedSound(
                        role: .scratch, url: spoken.url, start: start, sourceStart: 0, duration: duration,
                        gain: 0, label: String(line.spoken.prefix(40))))
            }
            cues.append(
                SubtitleCue(start: start, end: start + duration, speaker: line.speaker, text: line.spoken))
            lineStart = start
            clock = max(clock, start + duration + pause)
        }
        // A recording plays the lines: their subtitles are spread over it, by their estimated times.
        let recordings = sounds.filter { $0.role == .dialogue }
        if !speaks, let first = recordings.map(\.start).min(), let firstCue = cues.first?.start,
            let lastCue = cues.map(\.end).max(), lastCue > firstCue
        {
            let last = recordings.map { $0.start + $0.duration }.max() ?? first
            let scale = (last - first) / (lastCue - firstCue)
            cues = cues.map { cue in
                SubtitleCue(
                    start: first + (cue.start - firstCue) * scale, end: first + (cue.end - firstCue) * scale,
                    speaker: cue.speaker, text: cue.text)
            }
        }
        return ShotSoundPlan(
            sounds: sounds.sorted { $0.start < $1.start }, cues: cues,
            speechEnd: cues.map(\.end).max() ?? 0, warnings: warnings)
    }

    /// How long a line takes to say without a voice to time it: 0.3 s a word and half a second.
    static func estimatedDuration(of text: String) -> Double {
        0.3 * Double(text.split(whereSeparator: \.isWhitespace).count) + 0.5
    }
}
