/// What ffprobe found in a media file: its streams, duration, and the picture stream's shape.
public struct MediaInfo: Sendable, Equatable, Codable {
    /// Length in seconds; `nil` for still images and files that do not say.
    public var duration: Double?
    /// ffprobe's demuxer name, for example `mov,mp4,m4a,3gp,3g2,mj2` or `png_pipe`.
    public var formatName: String
    /// Every stream in the file, in file order.
    public var streams: [StreamInfo]
    /// The picture stream frames are decoded from (the first that is not cover art).
    public var video: VideoStreamInfo?
    /// `true` when the file has at least one audio stream.
    public var hasAudio: Bool
    /// `true` for a single picture (PNG, JPEG, WebP, ...) rather than a moving video.
    public var isStillImage: Bool

    /// Creates a value from its parts (``MediaProbe`` is the usual source).
    public init(
        duration: Double?, formatName: String, streams: [StreamInfo], video: VideoStreamInfo?,
        hasAudio: Bool, isStillImage: Bool
    ) {
        self.duration = duration
        self.formatName = formatName
        self.streams = streams
        self.video = video
        self.hasAudio = hasAudio
        self.isStillImage = isStillImage
    }
}
