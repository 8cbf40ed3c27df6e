import Foundation
import KinoraCore

/// Keeps the latest preview picture of a running take in the project's cache, at most a few times a
/// second, so the studio and `kinora preview` can show what the engine is making while it runs.
final class LivePreviewFile: @unchecked Sendable {
    /// The project folder.
    let project: URL
    /// The cache file, relative to the project folder.
    let path: String
    // Guarded by `lock`: progress arrives from the engine's thread.
    private let lock = NSLock()
    private var lastWritten = Date.distantPast

    /// Writes at most this often.
    static let interval = 0.25

    /// Keeps previews in `path` (relative) inside `project`.
    init(project: URL, path: String) {
        self.project = project
        self.path = path
    }

    /// Replaces the file with `picture` unless one was written a moment ago; a failure is not worth
    /// failing a take for, so it is ignored.
    func write(_ picture: Data) {
        let due = lock.withLock {
            guard Date().timeIntervalSince(lastWritten) >= Self.interval else { return false }
            lastWritten = Date()
            return true
        }
        guard due else { return }
        guard let url = try? ProjectPath.writableFile(path, in: project) else { return }
        try? AtomicFile.write(picture, to: url)
    }
}
