import Glibc

/// Blocking `read(2)` / `write(2)` loops that retry on `EINTR` and finish short transfers.
///
/// The functions keep no state, so they are safe to call from any thread; the caller owns
/// the descriptor and must not close it while a call on it is in flight.
enum FileDescriptorIO {
    /// Reads until `buffer` is full or the other end closes; returns the bytes read.
    ///
    /// A return value smaller than `buffer.count` means end of file was reached.
    static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let got = Glibc.read(fd, base + filled, buffer.count - filled)
            if got > 0 {
                filled += got
            } else if got == 0 {
                break
            } else if errno != EINTR {
                throw SubprocessError.io(operation: "read", code: errno)
            }
        }
        return filled
    }

    /// Reads whatever is available (at least one byte, or zero at end of file).
    static func readSome(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let got = Glibc.read(fd, base, buffer.count)
            if got >= 0 { return got }
            if errno != EINTR { throw SubprocessError.io(operation: "read", code: errno) }
        }
    }

    /// Reads until end of file and returns everything.
    static func readToEnd(_ fd: Int32) throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let got = try chunk.withUnsafeMutableBytes { try readSome(fd, into: $0) }
            if got == 0 { return result }
            result.append(contentsOf: chunk[0..<got])
        }
    }

    /// Writes all of `bytes`; throws ``SubprocessError/brokenPipe`` when the reader is gone.
    ///
    /// `SIGPIPE` must be ignored in the process (``Subprocess`` does that) so a dead reader
    /// gives `EPIPE` here instead of killing us.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let put = Glibc.write(fd, base + written, bytes.count - written)
            if put >= 0 {
                written += put
            } else if errno == EPIPE {
                throw SubprocessError.brokenPipe
            } else if errno != EINTR {
                throw SubprocessError.io(operation: "write", code: errno)
            }
        }
    }
}
