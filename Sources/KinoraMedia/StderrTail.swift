import Foundation
import Glibc

/// Drains a child's stderr on a background thread, keeping only the last `limit` bytes.
///
/// Draining continuously means the child can never block on a full stderr pipe, however
/// much it logs. `@unchecked Sendable`: the byte buffer is only touched under `lock`, and
/// `finished` is a semaphore, which is thread-safe.
final class StderrTail: @unchecked Sendable {
    /// How many trailing bytes are kept.
    let limit: Int
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private var droppedAny = false
    private let finished = DispatchSemaphore(value: 0)

    /// Starts a thread that reads `fd` to end of file and then closes it.
    init(fd: Int32, limit: Int = 64 * 1024) {
        self.limit = limit
        let thread = Thread { [self] in
            self.drain(fd)
        }
        thread.name = "kinora.stderr"
        thread.stackSize = 256 * 1024
        thread.start()
    }

    private func drain(_ fd: Int32) {
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let got = (try? chunk.withUnsafeMutableBytes { try FileDescriptorIO.readSome(fd, into: $0) }) ?? 0
            if got == 0 { break }
            lock.withLock {
                bytes.append(contentsOf: chunk[0..<got])
                if bytes.count > limit {
                    bytes.removeFirst(bytes.count - limit)
                    droppedAny = true
                }
            }
        }
        close(fd)
        finished.signal()
    }

    /// Waits (up to `timeout` seconds) until the pipe has reached end of file.
    func waitUntilDrained(timeout: Double = 5) {
        if finished.wait(timeout: .now() + timeout) == .success {
            // Pass the signal on, so every later waiter returns at once too.
            finished.signal()
        }
    }

    /// The kept text so far, decoded as UTF-8 with replacement characters for bad bytes.
    var text: String {
        lock.withLock { String(decoding: bytes, as: UTF8.self) }
    }

    /// `true` when older output was dropped to stay within `limit`.
    var wasTruncated: Bool {
        lock.withLock { droppedAny }
    }
}
