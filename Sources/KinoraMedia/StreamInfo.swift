/// One stream of a media file, as ffprobe lists it.
public struct StreamInfo: Sendable, Equatable, Codable {
    /// The stream's kind, from ffprobe's `codec_type`.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// Pictures.
        case video
        /// Sound.
        case audio
        /// Subtitles.
        case subtitle
        /// Timed data (timecode, metadata tracks).
        case data
        /// Attached files (fonts in Matroska).
        case attachment
        /// Anything ffprobe did not classify.
        case other
    }

    /// The stream's index in the file (`-map 0:index`).
    public var index: Int
    /// What the stream carries.
    public var kind: Kind
    /// Codec name, for example `h264`, `aac`, `png`.
    public var codec: String?
    /// The stream's own duration in seconds, when the file gives one.
    public var duration: Double?
    /// `true` for embedded cover art (a picture attached to an audio file).
    public var isAttachedPicture: Bool

    /// Creates a value from its parts.
    public init(index: Int, kind: Kind, codec: String?, duration: Double?, isAttachedPicture: Bool = false) {
        self.index = index
        self.kind = kind
        self.codec = codec
        self.duration = duration
        self.isAttachedPicture = isAttachedPicture
    }
}
