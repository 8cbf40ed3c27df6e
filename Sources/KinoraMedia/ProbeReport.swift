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

        var index: Int
        var codecType: String?
        var codecName: String?
        var width: Int?
        var height: Int?
        var pixFmt: String?
        var avgFrameRate: String?
        var rFrameRate: String?
        var nbFrames: String?
        var duration: String?
        var sampleAspectRatio: String?
        var disposition: [String: Int]?
        var tags: [String: String]?
        var sideDataList: [SideData]?
    }

    /// The `format` object.
    struct Format: Decodable {
        var formatName: String?
        var duration: String?
    }

    var streams: [Stream]?
    var format: Format?
}
