import Foundation
import KinoraCore
import KinoraSound

/// The film as it will be exported: every shot placed on one timeline at the project's frame rate,
/// with the chosen take (trimmed) or a slate, and the transitions between them.
///
/// All positions are whole frames at ``fps``, so the film, the EDL and the OTIO file agree to the frame.
public struct FilmPlan: Sendable, Equatable {
    /// The film's title.
    public var title: String
    /// The film's frame rate.
    public var fps: FrameRate
    /// The film's frame size.
    public var size: FrameSize
    /// How takes of another shape are fitted.
    public var conform: ConformMode
    /// The shots in film order.
    public var segments: [FilmSegment]
    /// Things the person should know (a slate stands in for a missing take, a transition was shortened).
    public var warnings: [String]
    /// The music under the whole film: the project's bed, or the export's `--music`.
    public var music: FilmMusic?

    /// A plan of `segments`.
    public init(
        title: String, fps: FrameRate, size: FrameSize, conform: ConformMode, segments: [FilmSegment],
        warnings: [String] = [], music: FilmMusic? = nil
    ) {
        self.title = title
        self.fps = fps
        self.size = size
        self.conform = conform
        self.segments = segments
        self.warnings = warnings
        self.music = music
    }

    /// Whether the film has any sound to mix: a shot's sound or music.
    public var hasSound: Bool { music != nil || segments.contains { !$0.sounds.isEmpty } }

    /// The film's length in frames: where the last shot ends.
    public var totalFrames: Int { segments.last.map { $0.recordStart + $0.frames } ?? 0 }

    /// The film's length in seconds.
    public var duration: Double { Double(totalFrames) / fps.framesPerSecond }

    /// Seconds for `frames` frames at the film's rate.
    public func seconds(_ frames: Int) -> Double { Double(frames) / fps.framesPerSecond }
}

/// One shot on the film's timeline.
public struct FilmSegment: Sendable, Equatable {
    /// What fills the shot.
    public enum Content: Sendable, Equatable {
        /// Frames of a take file from `inPoint` seconds (the trim's in point, or 0).
        case take(url: URL, inPoint: Double)
        /// A slate with the shot's label and prompt, for a shot without a usable take.
        case slate
    }

    /// The shot.
    public var shot: ShotID
    /// The shot's label.
    public var label: String
    /// The shot's prompt.
    public var prompt: String
    /// The seed of the take shown (the shot's seed for a slate).
    public var seed: UInt64
    /// The take shown; nil for a slate.
    public var take: TakeID?
    /// The backend that made the take.
    public var backend: String?
    /// What fills the shot.
    public var content: Content
    /// The shot's length in film frames.
    public var frames: Int
    /// The film frame the shot starts at (a dissolve starts it before the previous shot ends).
    public var recordStart: Int
    /// How the shot hands over to the next (or, for the last shot, ends the film).
    public var transitionOut: Transition
    /// The shot's sounds (take, clips, scratch lines), placed from the shot's start: what
    /// ``ShotSoundPlan`` chose for it.
    public var sounds: [PlacedSound]
    /// The shot's dialogue lines as subtitles, timed from the shot's start.
    public var cues: [SubtitleCue]
    /// What the person wrote about the shot and its chosen take, for the documents and timelines.
    public var details: ShotDetails

    /// A segment; see the properties.
    public init(
        shot: ShotID, label: String, prompt: String, seed: UInt64, take: TakeID?, backend: String?,
        content: Content, frames: Int, recordStart: Int, transitionOut: Transition,
        sounds: [PlacedSound] = [], cues: [SubtitleCue] = [], details: ShotDetails = ShotDetails()
    ) {
        self.shot = shot
        self.label = label
        self.prompt = prompt
        self.seed = seed
        self.take = take
        self.backend = backend
        self.content = content
        self.frames = frames
        self.recordStart = recordStart
        self.transitionOut = transitionOut
        self.sounds = sounds
        self.cues = cues
        self.details = details
    }

    /// The take file, if the shot shows one.
    public var takeURL: URL? {
        if case .take(let url, _) = content { return url }
        return nil
    }

    /// Where the shot's frames start in the take, in seconds.
    public var inPoint: Double {
        if case .take(_, let inPoint) = content { return inPoint }
        return 0
    }

    /// Frames at the end of this shot that fade out (to black or white): half a fade or dip between
    /// shots, all of it at the end of the film.
    public func fadeOutFrames(isLast: Bool) -> Int {
        switch transitionOut {
        case .fade(let frames), .dip(let frames): isLast ? frames : (frames + 1) / 2
        case .cut, .dissolve: 0
        }
    }

    /// Frames at the start of the shot after this one that fade in (the other half of a fade or dip).
    public var fadeInFramesOfNext: Int {
        switch transitionOut {
        case .fade(let frames), .dip(let frames): frames / 2
        case .cut, .dissolve: 0
        }
    }

    /// Frames this shot overlaps the next one (a dissolve's length, else 0).
    public var overlapWithNext: Int {
        if case .dissolve(let frames) = transitionOut { return frames }
        return 0
    }
}

/// The music under the film: a file at a gain, ducked while anyone speaks.
public struct FilmMusic: Sendable, Equatable {
    /// The file.
    public var url: URL
    /// Its gain in decibels.
    public var gain: Double
    /// How far it drops under dialogue, in decibels (0 keeps it level).
    public var ducking: Double
    /// How long the file plays, in seconds, when known (timelines place no more of it than there is).
    public var duration: Double?
    /// What people call it (the file it was imported from), if not its file's name.
    public var label: String?

    /// Music from `url` (`duration` seconds long, if known) at `gain` dB, ducked by `ducking` dB under
    /// dialogue.
    public init(
        url: URL, gain: Double = -6, ducking: Double = -12, duration: Double? = nil, label: String? = nil
    ) {
        self.label = label
        self.url = url
        self.gain = gain
        self.ducking = ducking
        self.duration = duration
    }
}
