import Foundation
import KinoraCore

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

    /// A plan of `segments`.
    public init(
        title: String, fps: FrameRate, size: FrameSize, conform: ConformMode, segments: [FilmSegment],
        warnings: [String] = []
    ) {
        self.title = title
        self.fps = fps
        self.size = size
        self.conform = conform
        self.segments = segments
        self.warnings = warnings
    }

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
    /// Audio of the shot's source video to mix in (video-to-video shots whose source has sound).
    public var sourceAudio: SourceAudio?
    /// What the person wrote about the shot and its chosen take, for the documents and timelines.
    public var details: ShotDetails

    /// A segment; see the properties.
    public init(
        shot: ShotID, label: String, prompt: String, seed: UInt64, take: TakeID?, backend: String?,
        content: Content, frames: Int, recordStart: Int, transitionOut: Transition,
        sourceAudio: SourceAudio? = nil, details: ShotDetails = ShotDetails()
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
        self.sourceAudio = sourceAudio
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

/// Sound from a shot's source video.
public struct SourceAudio: Sendable, Equatable {
    /// The source file.
    public var url: URL
    /// Where the shot's part starts in it, in seconds.
    public var start: Double

    /// Sound from `url` starting at `start` seconds.
    public init(url: URL, start: Double) {
        self.url = url
        self.start = start
    }
}
