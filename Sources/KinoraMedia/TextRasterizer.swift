import Foundation

/// Draws text into a greyscale coverage mask with ffmpeg's drawtext (FreeType and fontconfig), so
/// slates can show prompts in any script, Chinese included, without a font engine of Kinora's own.
public enum TextRasterizer {
    /// One block of text to draw.
    public struct Block: Sendable, Hashable {
        /// The lines, already wrapped to fit.
        public var lines: [String]
        /// Font size in pixels.
        public var fontSize: Int
        /// Top edge of the block, in pixels from the top of the picture.
        public var top: Int

        /// A block with the given values.
        public init(lines: [String], fontSize: Int, top: Int) {
            self.lines = lines
            self.fontSize = fontSize
            self.top = top
        }
    }

    /// The font file used for slates: a regular sans-serif face covering Chinese (and so Latin) when
    /// the system has one, else whatever sans-serif face fontconfig offers.
    public static let fontFile: String? = {
        let chinese = ExternalProgram.lines(of: ["fc-list", ":lang=zh", "file", "style"])
            .map { $0.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) } }
        let regular = chinese.filter { ($0.last ?? "").contains("Regular") }
        let preferred =
            regular.first { $0[0].contains("SansCJK") } ?? regular.first { $0[0].contains("Sans") }
            ?? chinese.first { $0[0].contains("Sans") } ?? chinese.first
        if let path = preferred?.first, FileManager.default.fileExists(atPath: path) {
            return path
        }
        return ExternalProgram.firstLine(of: ["fc-match", "-f", "%{file}", "sans-serif"])
    }()

    /// A `size` mask (one byte a pixel, 255 = ink) with each block's lines centred horizontally.
    public static func mask(_ blocks: [Block], size: PixelSize) throws -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kinora-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var filters: [String] = []
        for (index, block) in blocks.enumerated() {
            for (row, line) in block.lines.enumerated() where !line.isEmpty {
                // Text travels in files: nothing in a prompt can break the filter graph's syntax.
                let file = folder.appendingPathComponent("\(index)-\(row).txt")
                try Data(line.utf8).write(to: file)
                var options = [
                    "textfile=\(escape(file.path))", "fontcolor=white", "fontsize=\(block.fontSize)",
                    "x=(w-text_w)/2", "y=\(block.top + row * block.fontSize * 13 / 10)", "expansion=none",
                ]
                if let fontFile { options.insert("fontfile=\(escape(fontFile))", at: 0) }
                filters.append("drawtext=" + options.joined(separator: ":"))
            }
        }
        let graph = filters.isEmpty ? "null" : filters.joined(separator: ",")
        let output = try FFmpegTools.run(
            .ffmpeg,
            arguments: [
                "-nostdin", "-hide_banner", "-v", "error", "-f", "lavfi", "-i", "color=c=black:s=\(size):d=1",
                "-vf", graph, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1",
            ])
        guard output.status.isSuccess, output.stdout.count == size.width * size.height else {
            let reason = FFmpegDiagnostics.reason(from: output.stderr, status: output.status, tool: .ffmpeg)
            throw MediaError.toolFailed(tool: .ffmpeg, path: "drawtext", reason: reason)
        }
        return output.stdout
    }

    /// Quotes a value for ffmpeg's filter syntax (inside single quotes, `'` cannot appear, so it is
    /// closed, escaped and reopened).
    private static func escape(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\\\''") + "'"
    }
}
