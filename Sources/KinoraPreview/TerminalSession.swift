import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The controlling terminal held in raw mode while Kinora draws on it: no echo (so late replies to
/// queries and stray keys never print), keys read one at a time, the cursor hidden. `end()` and
/// the signals that stop Kinora (SIGINT, SIGTERM, SIGHUP) always give the terminal back as it was.
public final class TerminalSession: @unchecked Sendable {
    /// The terminal, open for reading keys and replies.
    public let descriptor: Int32
    private var saved: termios
    private var ended = false

    /// Takes the controlling terminal (`/dev/tty`); nil when there is none.
    public init?() {
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.saved = saved
        var raw = TerminalProbe.rawMode(from: saved)
        SessionRestore.install(descriptor: descriptor, saved: saved)
        tcsetattr(descriptor, TCSANOW, &raw)
        write(Self.hideCursor)
    }

    /// Asks the terminal about itself (see ``TerminalProbe``), already in raw mode.
    public func probe(timeout: Double = 0.15) -> TerminalReplies? {
        TerminalProbe.query(descriptor, timeout: timeout)
    }

    /// Waits until `deadline` (monotonic seconds) for keys; false when q, Q, Esc or Ctrl-C was pressed.
    public func waitForKeys(until deadline: Double) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 256)
        repeat {
            let left = max(0, deadline - Playback.now())
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(left * 1000)) > 0 else { continue }
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { continue }
            if Self.isStop(Array(buffer[0..<count])) { return false }
        } while Playback.now() < deadline
        return true
    }

    /// Whether typed `bytes` ask to stop: q, Q, Ctrl-C, or a lone Esc (not the start of a reply).
    static func isStop(_ bytes: [UInt8]) -> Bool {
        if bytes == [0x1B] { return true }
        // Replies to queries start with ESC; a q inside one is not a key.
        return bytes.first != 0x1B
            && bytes.contains { [UInt8(ascii: "q"), UInt8(ascii: "Q"), 0x03].contains($0) }
    }

    /// Writes `bytes` to the terminal, all of them.
    public func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Gives the terminal back: cursor shown, colours reset, unread replies and keys dropped, the
    /// settings it had.
    public func end() {
        guard !ended else { return }
        ended = true
        write(Self.showCursor)
        tcdrain(STDOUT_FILENO)
        // A terminal may still be answering a query: give it a moment, then drop what came.
        usleep(20_000)
        tcflush(descriptor, TCIFLUSH)
        tcsetattr(descriptor, TCSANOW, &saved)
        SessionRestore.uninstall()
        close(descriptor)
    }

    deinit { end() }

    static let hideCursor = Array("\u{1B}[?25l".utf8)
    static let showCursor = Array("\u{1B}[0m\u{1B}[?25h".utf8)
}

/// What a signal handler needs to give the terminal back; C signal handlers cannot capture, so it
/// lives in globals set before the handlers are installed.
private enum SessionRestore {
    nonisolated(unsafe) static var descriptor: Int32 = -1
    nonisolated(unsafe) static var saved = termios()
    static let signals = [SIGINT, SIGTERM, SIGHUP]
    /// Made before any signal can arrive, so the handler does not allocate.
    nonisolated(unsafe) static var showCursor = TerminalSession.showCursor

    static func install(descriptor: Int32, saved: termios) {
        self.descriptor = descriptor
        self.saved = saved
        for number in signals {
            signal(number) { number in
                // Only async-signal-safe calls: write, tcsetattr, signal, raise.
                _ = SessionRestore.showCursor.withUnsafeBytes {
                    Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count)
                }
                tcflush(SessionRestore.descriptor, TCIFLUSH)
                tcsetattr(SessionRestore.descriptor, TCSANOW, &SessionRestore.saved)
                signal(number, SIG_DFL)
                raise(number)
            }
        }
    }

    static func uninstall() {
        for number in signals { signal(number, SIG_DFL) }
        descriptor = -1
    }
}
