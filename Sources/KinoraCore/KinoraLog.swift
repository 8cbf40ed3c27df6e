import Foundation
import Logging

/// Kinora's log: one line for each job start, end and failure, each backend request and its answer,
/// each save. Written to the file `KINORA_LOG` names (appended, created private), and nowhere when it
/// is unset, so nothing is printed into a terminal the studio draws on. Never given a token.
public enum KinoraLog {
    /// The logger every module writes to.
    public static let logger: Logger = {
        let path = ProcessInfo.processInfo.environment["KINORA_LOG"] ?? ""
        let sink = path.isEmpty ? nil : LogFile(path: path)
        return Logger(label: "kinora") { label in
            guard let sink else { return SwiftLogNoOpLogHandler(label) }
            return LogFileHandler(sink: sink)
        }
    }()
}

/// An open log file shared by every handler; each line is one `write` on an append-only descriptor,
/// so lines from several threads never interleave.
final class LogFile: Sendable {
    private let descriptor: Int32

    /// Opens `path` for appending (mode 0600 when it is created); nil when it cannot be opened.
    init?(path: String) {
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor < 0 { return nil }
    }

    deinit { close(descriptor) }

    /// Appends `line` and a newline.
    func append(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}

/// Writes `2026-12-07T10:00:00.123Z info job started id=s3/t2 backend=builtin` lines.
struct LogFileHandler: LogHandler {
    let sink: LogFile
    /// Metadata set on the logger.
    var metadata: Logger.Metadata = [:]
    /// Info and above by default; `trace` and `debug` are dropped.
    var logLevel: Logger.Level = .info

    /// The logger's metadata for `key`.
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line: time, level, message, then the metadata sorted by key, newlines escaped.
    func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { _, new in new } }
        let pairs = fields.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        let time = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        let line = "\(time) \(event.level) \(event.message)\(pairs)"
        sink.append(line.replacingOccurrences(of: "\n", with: "\\n"))
    }
}
