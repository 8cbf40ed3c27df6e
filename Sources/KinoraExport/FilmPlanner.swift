import Foundation
import KinoraCore
import KinoraMedia
import KinoraSound

/// Lays a storyboard out as a ``FilmPlan``: each shot's chosen take, checked on disk, trimmed and
/// placed at the project's frame rate, with transitions that fit the shots they join.
public struct FilmPlanner {
    /// The project folder's store, for paths.
    let folder: URL
    /// The storyboard.
    let project: Project
    /// The policy for shots without a usable take.
    let missing: MissingTakePolicy
    /// Speaks the scratch lines (kept in the project's `cache/voices`); nil times them silently.
    let voices: VoiceCache?

    /// A planner for `project` in `folder`, speaking scratch lines into the project's voice cache
    /// unless `speaksLines` is false (their subtitles are then timed by their words).
    public init(project: Project, folder: URL, missing: MissingTakePolicy, speaksLines: Bool = true) {
        self.project = project
        self.folder = folder
        self.missing = missing
        self.voices = speaksLines ? VoiceCache(project: folder) : nil
    }

    /// The plan, or an error naming the first shot that cannot be used (with ``MissingTakePolicy/stop``).
    public func plan(conform: ConformMode? = nil) throws -> FilmPlan {
        guard !project.shots.isEmpty else {
            throw ExportError.noShots(
                storyboard: folder.appendingPathComponent(ProjectLayout.storyboardFile).path)
        }
        var warnings: [String] = []
        var segments: [FilmSegment] = []
        for shot in project.shots {
            guard let segment = try segment(for: shot, warnings: &warnings) else { continue }
            segments.append(segment)
        }
        guard !segments.isEmpty else { throw ExportError.nothingLeft }
        Self.fitTransitions(&segments, warnings: &warnings)
        let music = project.music.map {
            FilmMusic(
                url: folder.appendingPathComponent($0.file.asset), gain: $0.gain, ducking: $0.ducking,
                duration: $0.file.duration, label: $0.file.originalName)
        }
        return FilmPlan(
            title: project.title, fps: project.fps, size: project.size,
            conform: conform ?? project.conform ?? .fit,
            segments: segments, warnings: warnings, music: music)
    }

    /// Places the shot's sounds and subtitles in `segment` (``ShotSoundPlan``); what could not be
    /// done (espeak-ng missing) is said once for the whole film.
    private func addSound(
        to segment: inout FilmSegment, of shot: Shot, takeSound: (url: URL, inPoint: Double)?,
        warnings: inout [String]
    ) {
        let sound = ShotSoundPlan.plan(
            for: shot, in: project, projectFolder: folder, takeSound: takeSound,
            length: Double(segment.frames) / project.fps.framesPerSecond, voices: voices)
        segment.sounds = sound.sounds
        segment.cues = sound.cues
        for problem in sound.warnings {
            let warning = "Scratch lines are silent: \(problem)"
            if !warnings.contains(warning) { warnings.append(warning) }
        }
    }

    /// The shot's segment (record start still 0), a slate, or nil when it is skipped.
    private func segment(for shot: Shot, warnings: inout [String]) throws -> FilmSegment? {
        let name = shot.label.isEmpty ? shot.id.rawValue : "\(shot.id.rawValue) (\(shot.label))"
        var segment = FilmSegment(
            shot: shot.id, label: shot.label, prompt: shot.prompt, seed: shot.seed, take: nil, backend: nil,
            content: .slate, frames: max(1, project.fps.frames(in: shot.duration)), recordStart: 0,
            transitionOut: shot.transition, details: ShotDetails(of: shot, in: project))
        do {
            let (take, url, info) = try usableTake(of: shot)
            let length = info.duration ?? take.request.duration
            let range = shot.trim ?? TrimRange(inPoint: 0, outPoint: length)
            segment.content = .take(url: url, inPoint: range.inPoint)
            segment.frames = max(1, project.fps.frames(in: min(range.outPoint, length) - range.inPoint))
            segment.take = take.id
            segment.seed = take.seed
            segment.backend = take.request.backend
            let takeSound =
                info.hasAudio
                ? (url: url, inPoint: range.inPoint)
                : sourceSound(of: shot, take: take, trimIn: range.inPoint)
            addSound(to: &segment, of: shot, takeSound: takeSound, warnings: &warnings)
            return segment
        } catch let problem as ExportError {
            switch missing {
            case .stop: throw problem
            case .skip:
                warnings.append("Shot \(name) is left out: \(Self.reason(problem)).")
                return nil
            case .slate:
                warnings.append("Shot \(name) is a slate: \(Self.reason(problem)).")
                addSound(to: &segment, of: shot, takeSound: nil, warnings: &warnings)
                return segment
            }
        }
    }

    /// The shot's chosen take, its file and the file's probe; throws ``ExportError/unusableTake``.
    private func usableTake(of shot: Shot) throws -> (Take, URL, MediaInfo) {
        let fail = { (path: String?, reason: String) in
            ExportError.unusableTake(shot: shot.id.rawValue, path: path, reason: reason)
        }
        guard let take = shot.chosen else { throw fail(nil, "it has no chosen take") }
        guard take.status == .done, let output = take.output else {
            throw fail(nil, "take \(take.id.rawValue) is \(take.status.rawValue), not done")
        }
        let url = folder.appendingPathComponent(output)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw fail(url.path, "the file is missing")
        }
        let info: MediaInfo
        do {
            info = try MediaProbe.probe(url)
        } catch let error as MediaError {
            throw fail(url.path, error.userMessage)
        }
        guard info.video != nil, !info.isStillImage else { throw fail(url.path, "it holds no video") }
        // A cut-short file can keep a header that promises every frame: decode the last one it should have.
        let length = info.duration ?? take.request.duration
        let lastFrame = max(0, min(shot.trim?.outPoint ?? length, length) - 1.5 / project.fps.framesPerSecond)
        do {
            _ = try FrameDecoder.grabFrame(
                url: url, at: lastFrame, size: PixelSize(width: 16, height: 16), fit: .stretch, info: info)
        } catch let error as MediaError {
            throw fail(url.path, "it ends early or is damaged (\(error.userMessage))")
        }
        return (take, url, info)
    }

    /// The source video's sound for a video-to-video shot played at its own speed, if it has any: the
    /// take's sound when the take has none of its own.
    private func sourceSound(of shot: Shot, take: Take, trimIn: Double) -> (url: URL, inPoint: Double)? {
        guard shot.mode == .videoToVideo, let source = shot.source, source.kind == .video else { return nil }
        // Retimed takes no longer line up with their source's sound.
        if let speed = take.request.settings.parameters["speed"], Double(speed) != 1 { return nil }
        if let playback = take.request.settings.parameters["playback"], playback != "forward" { return nil }
        let url = folder.appendingPathComponent(source.asset)
        guard let info = try? MediaProbe.probe(url), info.hasAudio else { return nil }
        return (url: url, inPoint: (take.request.inPoint ?? 0) + trimIn)
    }

    /// Places the segments one after another and shortens transitions longer than the shots they join.
    static func fitTransitions(_ segments: inout [FilmSegment], warnings: inout [String]) {
        var start = 0
        for index in segments.indices {
            segments[index].recordStart = start
            let next = index + 1 < segments.count ? segments[index + 1].frames : nil
            let longest: Int
            switch segments[index].transitionOut {
            case .cut: longest = 0
            // A dissolve overlaps both shots, and must leave each at least one frame of its own, after
            // the dissolve that may already come into this shot.
            case .dissolve:
                let incoming = index > 0 ? segments[index - 1].overlapWithNext : 0
                longest = next.map { min(segments[index].frames - incoming, $0) - 1 } ?? 0
            // Fades and dips take half from each side; at the end of the film all of it is the fade out.
            case .fade, .dip:
                longest = next.map { 2 * min(segments[index].frames, $0) } ?? segments[index].frames
            }
            let wanted = segments[index].transitionOut
            if wanted.frames > longest {
                segments[index].transitionOut = shortened(wanted, to: longest)
                // A dissolve at the very end has nothing to dissolve into: it quietly becomes a cut.
                if next != nil || !Self.isDissolve(wanted) {
                    warnings.append(
                        "Shot \(segments[index].shot.rawValue)'s \(wanted) is longer than the shots it joins; "
                            + "it is \(segments[index].transitionOut) in the export.")
                }
            }
            start += segments[index].frames - segments[index].overlapWithNext
        }
    }

    private static func isDissolve(_ transition: Transition) -> Bool {
        if case .dissolve = transition { return true }
        return false
    }

    private static func shortened(_ transition: Transition, to frames: Int) -> Transition {
        guard frames > 0 else { return .cut }
        switch transition {
        case .cut: return .cut
        case .dissolve: return .dissolve(frames: frames)
        case .fade: return .fade(frames: frames)
        case .dip: return .dip(frames: frames)
        }
    }

    private static func reason(_ error: ExportError) -> String {
        if case .unusableTake(_, let path, let reason) = error {
            return path.map { "\(reason) (\($0))" } ?? reason
        }
        return error.userMessage
    }
}
