/// The parts of ffprobe's JSON report (`-show_format -show_streams`) that Kinora reads.
///
/// Decoded with `.convertFromSnakeCase`; ffprobe writes most numbers as strings.
struct ProbeReport: Decodable {
    /// One entry of `streams`.
    struct Stream: Decodable {
        /// One entry of `side_data_list`.
        struct SideData: Decodable {
            /// The display-matrix rotation, counter-clockwise degrees.
            var rotation: Double?
        }

        /// The stream's index in the file.
        var index: Int
        /// `video`, `audio`, `subtitle` ...
        var codecType: String?
        /// Codec name, for example `h264`.
        var codecName: String?
        /// Stored width in pixels.
        var width: Int?
        /// Stored height in pixels.
        var height: Int?
        /// Pixel format, for example `yuv420p`.
        var pixFmt: String?
        /// Average frame rate as "num/den".
        var avgFrameRate: String?
        /// Base frame rate as "num/den".
        var rFrameRate: String?
        /// Frame count, when the container records it.
        var nbFrames: String?
        /// Duration in seconds, as text.
        var duration: String?
        /// Pixel aspect as "num:den".
        var sampleAspectRatio: String?
        /// Flags such as `attached_pic`.
        var disposition: [String: Int]?
        /// Free-form metadata (`rotate` in older files).
        var tags: [String: String]?
        /// Side data (the display matrix carries rotation).
        var sideDataList: [SideData]?
    }

    /// The `format` object.
    struct Format: Decodable {
        /// The demuxer name(s), comma-separated.
        var formatName: String?
        /// Duration in seconds, as text.
        var duration: String?
    }

    /// Every stream.
    var streams: [Stream]?
    /// The container.
    var format: Format?
}
