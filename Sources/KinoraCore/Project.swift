/// A storyboard: its settings and its ordered shots. Saved as `storyboard.json` in the project folder.
public struct Project: Codable, Sendable, Hashable {
    /// The storyboard format this build writes and the newest it reads.
    public static let currentFormatVersion = 1

    /// The format the file was written in.
    public var formatVersion: Int
    /// The film's title.
    public var title: String
    /// Frame rate of takes and exports.
    public var fps: FrameRate
    /// Frame size of takes and exports.
    public var size: FrameSize
    /// The backend shots use unless they name another.
    public var defaultBackend: String
    /// The serial number the next shot gets; only ever grows, so ids are never reused.
    public var nextShotNumber: Int
    /// The shots, in film order.
    public var shots: [Shot]
    /// How takes of another shape fill the film's frame when exported; nil is ``ConformMode/fit``
    /// (storyboards from before this setting have none).
    public var conform: ConformMode?
    /// The cast (``cast``), kept out of the file while empty so storyboards without one stay as they were.
    var storedCast: [CastEntry]?
    /// The script it was imported from, if any.
    public var script: ScriptSource?
    /// The music under the whole film, if any.
    public var music: MusicBed?
    /// Keys the file holds that this Kinora does not read; every save writes them back in place.
    public var unknownKeys = UnknownKeys()

    /// The keys Kinora reads and writes: every stored property but ``unknownKeys``.
    private enum CodingKeys: String, CodingKey {
        case formatVersion, title, fps, size, defaultBackend, nextShotNumber, shots, conform
        case storedCast = "cast"
        case script, music
    }

    /// An empty storyboard.
    public init(title: String, fps: FrameRate, size: FrameSize, defaultBackend: String = "builtin") {
        self.formatVersion = Project.currentFormatVersion
        self.title = title
        self.fps = fps
        self.size = size
        self.defaultBackend = defaultBackend
        self.nextShotNumber = 1
        self.shots = []
    }

    /// The running time of the film: the shots' durations less the frames that dissolves overlap.
    public var runningTime: Double {
        let total = shots.reduce(0) { $0 + ($1.trim?.duration ?? $1.duration) }
        let overlap = shots.dropLast().reduce(0) { sum, shot in
            if case .dissolve(let frames) = shot.transition { return sum + frames }
            return sum
        }
        return total - Double(overlap) / fps.framesPerSecond
    }
}
