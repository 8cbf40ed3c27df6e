import KinoraCore
import TermGrid

/// A picture the studio wants: a file's frames at a size in cells.
public struct PictureKey: Hashable, Sendable {
    /// The file, relative to the project folder.
    public var path: String
    /// Width in cells.
    public var columns: Int
    /// Height in cells.
    public var rows: Int
    /// Every frame (for playback) or one frame from the middle (for a card).
    public var allFrames: Bool

    /// A picture request.
    public init(path: String, columns: Int, rows: Int, allFrames: Bool) {
        self.path = path
        self.columns = columns
        self.rows = rows
        self.allFrames = allFrames
    }
}

/// A picture drawn in cells: `columns` × `rows` cells, row by row.
public struct CellPicture: Hashable, Sendable {
    /// Width in cells.
    public var columns: Int
    /// Height in cells.
    public var rows: Int
    /// The cells, row by row.
    public var cells: [Cell]

    /// A picture of the given cells.
    public init(columns: Int, rows: Int, cells: [Cell]) {
        self.columns = columns
        self.rows = rows
        self.cells = cells
    }
}

/// The frames of a file as cell pictures, with their rate.
public struct FrameStrip: Hashable, Sendable {
    /// Frames per second of the file (1 for a still).
    public var fps: Double
    /// The frames, in order.
    public var frames: [CellPicture]
    /// The picture's width over its height as shown, when known (the framing rectangle needs it: the
    /// frames are letterboxed into their cells).
    public var aspect: Double?

    /// A strip of frames.
    public init(fps: Double, frames: [CellPicture], aspect: Double? = nil) {
        self.fps = fps
        self.frames = frames
        self.aspect = aspect
    }
}

/// Where a pixel picture (sixel or kitty) goes: the app encodes it from the file's frame.
public struct PicturePlacement: Hashable, Sendable {
    /// The cells it covers.
    public var rect: Rect
    /// The file, relative to the project folder.
    public var path: String
    /// Which frame.
    public var frame: Int
}

/// The preview pane's transport and comparison.
public struct PreviewState: Sendable, Equatable {
    /// Seconds into the shown take.
    public var time = 0.0
    /// Whether it plays.
    public var playing = false
    /// Whether playback starts over at the end.
    public var loop = true
    /// The take compared against (B), when comparing.
    public var compareWith: TakeID?
    /// Side by side or a wipe.
    public var compareMode: CompareMode = .sideBySide
    /// The wipe's position, 0–1 of the picture's width.
    public var wipe = 0.5
}

/// How two takes are compared.
public enum CompareMode: String, Sendable, Equatable {
    /// A and B next to each other.
    case sideBySide = "side by side"
    /// A on the left of a line, B on the right.
    case wipe
}

/// The animatic: the storyboard playing shot after shot.
public struct AnimaticState: Sendable, Equatable {
    /// Seconds since the film's start.
    public var time: Double = 0
    /// Whether it is paused.
    public var paused = false
}

/// A job as the job panel shows it.
public struct JobRow: Sendable, Equatable {
    /// How a job ends or where it is.
    public enum State: Sendable, Equatable {
        /// Queued, in progress, finished, stopped by an error (with its reason), or stopped on request.
        case waiting, running, done, failed(String), cancelled
    }
    /// What the job makes: a take of a shot, or an export.
    public var id: JobIdentity
    /// What it makes, for people: "s3 t2 seed 1207", "export film.mp4".
    public var label: String
    /// Where it is.
    public var state: State
    /// 0–1, when known.
    public var progress: Double?

    /// A job row.
    public init(id: JobIdentity, label: String, state: State, progress: Double? = nil) {
        self.id = id
        self.label = label
        self.state = state
        self.progress = progress
    }

    /// The shot a generation job makes a take of (none for exports).
    public var shot: ShotID? { id.shot }

    /// Whether the job is still going.
    public var isActive: Bool { state == .waiting || state == .running }
}
