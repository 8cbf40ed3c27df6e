import Foundation
import Glibc

/// Creates pipes whose both ends are close-on-exec, so no other child inherits them.
///
/// A leaked write end would keep a reader from ever seeing end of file. Glibc's `pipe2` sets
/// the flag atomically but Swift's Glibc module does not export it (it is `_GNU_SOURCE`), so
/// it is looked up at run time; without it, `pipe` + `fcntl` run under ``spawnLock``, which
/// ``Subprocess`` also holds while spawning, so none of our own children can slip in between.
enum CloseOnExecPipe {
    /// Held while creating a pipe the slow way and while starting a child.
    static let spawnLock = NSLock()

    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32

    /// Wraps the looked-up C function pointer; a plain function pointer is immutable.
    private struct Pipe2Box: @unchecked Sendable {
        let function: Pipe2
    }

    private static let pipe2: Pipe2Box? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "pipe2") else { return nil }
        return Pipe2Box(function: unsafeBitCast(symbol, to: Pipe2.self))
    }()

    /// Returns a new pipe, both ends close-on-exec.
    static func make() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        if let pipe2 {
            guard pipe2.function(&fds, O_CLOEXEC) == 0 else {
                throw SubprocessError.io(operation: "pipe2", code: errno)
            }
            return (fds[0], fds[1])
        }
        return try spawnLock.withLock {
            guard pipe(&fds) == 0 else { throw SubprocessError.io(operation: "pipe", code: errno) }
            for fd in fds where fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 {
                let code = errno
                close(fds[0])
                close(fds[1])
                throw SubprocessError.io(operation: "fcntl", code: code)
            }
            return (fds[0], fds[1])
        }
    }
}
