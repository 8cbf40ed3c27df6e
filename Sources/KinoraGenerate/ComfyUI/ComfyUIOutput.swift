/// The take a finished prompt produced, found in its history entry's `outputs`: a video listed the way
/// SaveVideo/SaveWEBM/SaveAnimatedWEBP list one (under `images` with `animated: [true]`), the way
/// VideoHelperSuite's VHS_VideoCombine does (under `gifs`), under `videos`, or else a sequence of
/// pictures under `images` (SaveImage) to assemble locally.
enum ComfyUIOutput: Sendable, Equatable {
    /// One video file.
    case video(File)
    /// Pictures in frame order.
    case frames([File])

    /// One file on the server, as `/view` wants it named.
    struct File: Sendable, Equatable {
        /// The file name.
        var filename: String
        /// The sub-folder of the output (or temp) folder.
        var subfolder: String
        /// `output`, `temp` or `input`.
        var type: String
        /// VideoHelperSuite's format (`video/h264-mp4`), when given.
        var format: String?
    }

    /// Picks the take from a history entry's `outputs`: a saved video first (an `output` file before a
    /// `temp` preview), then the longest saved picture sequence; `nil` when there is neither.
    static func pick(from outputs: ComfyUIJSON?) -> ComfyUIOutput? {
        let nodes = (outputs?.object ?? [:]).sorted { ComfyUIClient.nodeOrder($0.key, $1.key) }
        var videos: [File] = []
        var sequences: [[File]] = []
        for (_, node) in nodes {
            for key in ["gifs", "videos"] {
                videos += files(node[key]).filter { $0.format.map { !$0.hasPrefix("image/png") } ?? true }
            }
            let images = files(node["images"])
            let animated = node["animated"]?.array ?? []
            if animated.contains(where: \.isTrue) {
                videos += images
            } else if !images.isEmpty {
                sequences.append(images)
            }
        }
        let rank: (File) -> Int = { $0.type == "output" ? 0 : 1 }
        if let video = videos.min(by: { rank($0) < rank($1) }) { return .video(video) }
        let saved = sequences.filter { $0.allSatisfy { $0.type == "output" } }
        if let longest = (saved.isEmpty ? sequences : saved).max(by: { $0.count < $1.count }) {
            return .frames(longest)
        }
        return nil
    }

    /// The `{filename, subfolder, type, format?}` items of one output list, without `input` files.
    private static func files(_ list: ComfyUIJSON?) -> [File] {
        (list?.array ?? []).compactMap { item in
            // `input` files are what the prompt read (a source clip's preview), never what it made.
            guard let name = item["filename"]?.string, !name.isEmpty, item["type"]?.string != "input" else {
                return nil
            }
            return File(
                filename: name, subfolder: item["subfolder"]?.string ?? "",
                type: item["type"]?.string ?? "output",
                format: item["format"]?.string)
        }
    }
}
