/// Picks the sentence worth showing out of ffmpeg's or ffprobe's stderr.
enum FFmpegDiagnostics {
    /// Lines that only say "something failed" and are worth less than the line before them.
    private static let genericLines: Set<String> = [
        "Conversion failed!",
        "Invalid data found when processing input",
        "Error while decoding stream",
        "Error opening input files",
        "Error opening input file",
        "Exiting normally, received signal 2.",
    ]

    /// The last line that says something specific, tidied up: `[png @ 0x55d…] Invalid PNG`
    /// becomes `png: Invalid PNG`, and a leading `file:PATH: ` is dropped (the message already
    /// names the file). Falls back to the last non-empty line; `nil` for empty stderr.
    static func reason(from stderr: String, inputPath: String? = nil) -> String? {
        let lines = stderr.split(whereSeparator: \.isNewline)
            .map { tidy(String($0), inputPath: inputPath) }
            .filter { !$0.isEmpty }
        guard let last = lines.last else { return nil }
        let specific = lines.last { line in
            !genericLines.contains { generic in line.hasSuffix(generic) }
        }
        return specific ?? last
    }

    /// `reason(from:)`, or a description of how the process ended when stderr is silent.
    static func reason(from stderr: String, status: ExitStatus, tool: MediaTool, inputPath: String? = nil)
        -> String
    {
        reason(from: stderr, inputPath: inputPath) ?? "\(tool.rawValue) ended with \(status)"
    }

    /// What ffmpeg prints when it could not write its output, even when it then exits with status 0
    /// (ffmpeg 5 does for a failed trailer: the file has no index and will not play).
    private static let writeFailureMarkers = [
        "Error writing trailer", "No space left on device", "Disk quota exceeded", "Error closing file",
        "av_interleaved_write_frame()", "Input/output error",
    ]

    /// The line of `stderr` that says the output could not be written, tidied; `nil` when none does.
    static func writeFailure(in stderr: String, outputPath: String? = nil) -> String? {
        let line = stderr.split(whereSeparator: \.isNewline).last { line in
            writeFailureMarkers.contains { line.contains($0) }
        }
        return line.map { tidy(String($0), inputPath: outputPath) }
    }

    /// `true` when `stderr` says the disk (or the user's quota) is full.
    static func reportsNoSpace(_ stderr: String) -> Bool {
        stderr.contains("No space left on device") || stderr.contains("Disk quota exceeded")
    }

    private static func tidy(_ raw: String, inputPath: String?) -> String {
        var line = Substring(raw.trimmingSpaces())
        // "[png @ 0x5612abcd] message" -> "png: message"
        if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
            let inside = line[line.index(after: line.startIndex)..<close]
            let name = inside.split(separator: "@").first.map { String($0).trimmingSpaces() } ?? ""
            let rest = String(line[line.index(after: close)...]).trimmingSpaces()
            line = Substring(name.isEmpty ? rest : "\(name): \(rest)")
        }
        if let inputPath {
            for prefix in ["file:\(inputPath): ", "\(inputPath): "] where line.hasPrefix(prefix) {
                line = line.dropFirst(prefix.count)
            }
        }
        return String(line).trimmingSpaces()
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and carriage returns.
    fileprivate func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }),
            let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
