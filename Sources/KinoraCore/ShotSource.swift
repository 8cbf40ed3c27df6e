/// A shot's imported picture or video: a content-addressed copy inside the project's `assets/` folder.
public struct ShotSource: Codable, Sendable, Hashable {
    /// Whether the source is a still or a moving picture.
    public enum Kind: String, Codable, Sendable {
        /// A still image.
        case image
        /// A video.
        case video
    }

    /// Still or moving.
    public var kind: Kind
    /// The copy's path relative to the project folder (`assets/<sha256>.png`).
    public var asset: String
    /// SHA-256 of the file's bytes, in lowercase hex.
    public var sha256: String
    /// The file name it was imported from, for people.
    public var originalName: String
    /// For a video: where the used range starts, in seconds.
    public var inPoint: Double?
    /// For a video: where the used range ends, in seconds.
    public var outPoint: Double?
    /// For a video: its full length in seconds, as probed on import.
    public var mediaDuration: Double?
    /// For a frame taken from another take (a continuing shot's first frame): where it came from.
    public var origin: FrameOrigin?

    /// A source with the given fields.
    public init(
        kind: Kind, asset: String, sha256: String, originalName: String,
        inPoint: Double? = nil, outPoint: Double? = nil, mediaDuration: Double? = nil,
        origin: FrameOrigin? = nil
    ) {
        self.kind = kind
        self.asset = asset
        self.sha256 = sha256
        self.originalName = originalName
        self.inPoint = inPoint
        self.outPoint = outPoint
        self.mediaDuration = mediaDuration
        self.origin = origin
    }
}
