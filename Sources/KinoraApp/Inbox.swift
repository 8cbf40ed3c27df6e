import Foundation
import KinoraStudio

/// Messages from background work to the event loop: a locked queue plus a pipe the loop polls, so
/// the loop sleeps until a key or a message arrives and never waits on work.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [StudioMsg] = []
    private var descriptors: [Int32] = [-1, -1]

    /// The end the event loop polls.
    var readDescriptor: Int32 { descriptors[0] }

    /// An empty inbox with both ends of its pipe non-blocking.
    init() {
        descriptors.withUnsafeMutableBufferPointer { buffer in
            _ = pipe(buffer.baseAddress)
        }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
    }

    /// Closes both ends of the pipe.
    deinit {
        close(descriptors[0])
        close(descriptors[1])
    }

    /// Queues `message` and wakes the loop.
    func post(_ message: StudioMsg) {
        lock.lock()
        messages.append(message)
        lock.unlock()
        var byte: UInt8 = 1
        _ = write(descriptors[1], &byte, 1)
    }

    /// Everything queued so far, oldest first.
    func drain() -> [StudioMsg] {
        var scratch = [UInt8](repeating: 0, count: 256)
        while read(descriptors[0], &scratch, scratch.count) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let taken = messages
        messages.removeAll(keepingCapacity: true)
        return taken
    }
}
