import Foundation
import KinoraCore

/// Keeps the latest preview picture of a running take in the project's cache, at most a few times a
/// second, so the studio and `kinora preview` can show what the engine is making while it runs.
final class LivePreviewFile: @unchecked Sendable {
    /// The cache file.
    let url: URL
    // Guarded by `lock`: progress arrives from the engine's thread.
    private let lock = NSLock()
    private var lastWritten = Date.distantPast

    /// Writes at most this often.
    static let interval = 0.25

    /// Keeps previews in `url`.
    init(url: URL) {
        self.url = url
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
        try? FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? AtomicFile.write(picture, to: url)
    }
}
