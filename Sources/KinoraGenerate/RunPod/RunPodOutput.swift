import Foundation

/// The take in worker-comfyui's output: `output.images`, a list of `{filename, type, data}` where `type`
/// is `base64` (the file's bytes in `data`) or `s3_url` (where the worker uploaded it). The worker lists
/// every non-temporary file saved under a node's `images` (SaveVideo, SaveWEBM, SaveImage), and nothing
/// else (VideoHelperSuite's `gifs` are not returned).
///
/// The worker's output does not say which file is animated, as ComfyUI's history does, so the file name
/// decides: the first video file (`.mp4`, `.webm`, `.mov`, `.mkv`, `.m4v`, `.avi`, `.gif`) is the take;
/// without one, every picture, in the order listed, is a frame.
enum RunPodOutput: Sendable, Equatable {
    /// One video file.
    case video(File)
    /// Pictures in frame order.
    case frames([File])

    /// One file the worker returned.
    struct File: Sendable, Equatable {
        /// ComfyUI's name for it.
        var filename: String
        /// Where the bytes are.
        var content: Content
    }

    /// Where a file's bytes are.
    enum Content: Sendable, Equatable {
        /// In the answer, base64-encoded.
        case base64(String)
        /// At a URL (the worker's S3 upload).
        case url(URL)
    }

    /// Extensions of files that are a video.
    static let videoExtensions: Set<String> = ["mp4", "webm", "mov", "mkv", "m4v", "avi", "gif"]

    /// Picks the take from `output`; `nil` when it lists no file.
    static func pick(from output: ComfyUIJSON?) -> RunPodOutput? {
        let files = (output?["images"]?.array ?? []).compactMap(file)
        if let video = files.first(where: { isVideo($0.filename) }) { return .video(video) }
        return files.isEmpty ? nil : .frames(files)
    }

    /// Whether `filename` names a video.
    static func isVideo(_ filename: String) -> Bool {
        videoExtensions.contains((filename as NSString).pathExtension.lowercased())
    }

    /// One `{filename, type, data}` item, or `nil` when it is not one.
    private static func file(_ item: ComfyUIJSON) -> File? {
        guard let data = item["data"]?.string, !data.isEmpty else { return nil }
        let filename = item["filename"]?.string ?? "output"
        switch item["type"]?.string {
        case "s3_url":
            guard let url = URL(string: data), url.scheme != nil else { return nil }
            return File(filename: filename, content: .url(url))
        default:
            return File(filename: filename, content: .base64(data))
        }
    }
}
