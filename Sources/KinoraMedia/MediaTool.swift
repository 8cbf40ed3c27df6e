/// One of the external programs KinoraMedia runs.
public enum MediaTool: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// The ffmpeg transcoder (decoding to frames, encoding takes, thumbnails).
    case ffmpeg
    /// The ffprobe inspector (durations, sizes, frame rates).
    case ffprobe

    /// The environment variable that overrides where the tool is found.
    public var environmentKey: String {
        switch self {
        case .ffmpeg: return "KINORA_FFMPEG"
        case .ffprobe: return "KINORA_FFPROBE"
        }
    }
}
