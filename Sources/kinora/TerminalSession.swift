import Foundation
import KinoraPreview

#if canImport(Glibc)
    import Glibc
#endif

/// The controlling terminal held while Kinora draws on it: no echo (so late replies to queries and
/// stray keys never print), the cursor hidden, and, for playback, keys read one at a time. `end()`
/// and the signals that stop Kinora (SIGINT, SIGTERM, SIGHUP, SIGQUIT) always give the terminal back
/// as it was, with the cursor below the picture.
final class TerminalSession: @unchecked Sendable {
    /// Why waiting for keys ended early.
    enum Stop: Sendable, Equatable {
        /// q or Q was pressed.
        case quit
        /// Ctrl-C was pressed (read as a key while playing).
        case interrupt
        /// The window changed size: the picture no longer fits its place.
        case resized
    }

    /// The terminal, open for reading keys and replies.
    let descriptor: Int32
    /// What stopped the last wait, if something did.
    private(set) var stop: Stop?
    private var saved: termios
    private var ended = false
    private var keys = KeyScanner()
    /// Whether the terminal answered the probe; if not, its answer may still be on its way.
    private var answered = true

    /// Takes the controlling terminal (`/dev/tty`); nil when there is none. With `readKeys`, Ctrl-C
    /// arrives as a key (playback stops cleanly); otherwise it interrupts as usual.
    init?(readKeys: Bool) {
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
        if !readKeys { raw.c_lflag |= tcflag_t(ISIG) }
        SessionRestore.install(descriptor: descriptor, saved: saved)
        tcsetattr(descriptor, TCSANOW, &raw)
        write(Self.hideCursor)
    }

    /// Asks the terminal about itself (see ``TerminalProbe``); inside tmux the kitty query is left
    /// out (tmux would take it for a window title).
    func probe(timeout: Double = 0.15, insideTmux: Bool = false) -> TerminalReplies? {
        let replies = TerminalProbe.query(descriptor, timeout: timeout, insideTmux: insideTmux)
        answered = replies?.answered ?? true
        return replies
    }

    /// Bytes written when the session ends, however it ends (a signal included): where the cursor
    /// should go, such as below a picture.
    var exitBytes: [UInt8] {
        get { SessionRestore.exitBytes }
        set { SessionRestore.setExitBytes(newValue) }
    }

    /// Waits until `deadline` (monotonic seconds) reading keys; false when the wait was stopped
    /// (see ``stop``): q, Ctrl-C, or the window changing size.
    func waitForKeys(until deadline: Double) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 256)
        repeat {
            if SessionRestore.takeResize() {
                stop = .resized
                return false
            }
            let left = max(0, deadline - Playback.now())
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(left, 0.05) * 1000)) > 0 else { continue }
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { continue }
            if let key = keys.stopKey(in: buffer[0..<count]) {
                stop = key
                return false
            }
        } while Playback.now() < deadline
        return true
    }

    /// Writes `bytes` to the terminal, all of them.
    func write(_ bytes: [UInt8]) {
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

    /// Gives the terminal back: the exit bytes, cursor shown, colours reset, unread replies and keys
    /// dropped, the settings it had.
    func end() {
        guard !ended else { return }
        ended = true
        write(SessionRestore.exitBytes + Self.showCursor)
        tcdrain(STDOUT_FILENO)
        drainReplies()
        tcflush(descriptor, TCIFLUSH)
        tcsetattr(descriptor, TCSANOW, &saved)
        SessionRestore.uninstall()
        close(descriptor)
    }

    /// Reads and drops what the terminal still sends: a moment for any terminal, and up to 300 ms
    /// for the answer to the probe when it had not come (a slow link), so it never reaches the shell.
    private func drainReplies() {
        let deadline = Playback.now() + (answered ? 0.02 : 0.3)
        var seen: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while Playback.now() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let left = Int32(max(1, (deadline - Playback.now()) * 1000))
            guard poll(&poller, 1, left) > 0 else { continue }
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { continue }
            seen += buffer[0..<count]
            if !answered && TerminalReplies(parsing: seen).answered { break }
        }
    }

    deinit { end() }

    static let hideCursor = Array("\u{1B}[?25l".utf8)
    static let showCursor = Array("\u{1B}[0m\u{1B}[?25h".utf8)
}

/// Finds the keys that stop playback in what the terminal sends, skipping escape sequences (replies
/// to queries, arrow keys) even when they arrive split across reads.
struct KeyScanner {
    private enum State {
        case text
        case escape
        /// Inside `ESC [` …: until a final byte.
        case controlSequence
        /// Inside `ESC P`, `ESC _`, `ESC ]` …: until ST (`ESC \`) or BEL.
        case string
        case stringEscape
    }

    private var state = State.text

    /// The first stop key in `bytes`, if any.
    mutating func stopKey(in bytes: some Sequence<UInt8>) -> TerminalSession.Stop? {
        for byte in bytes {
            switch state {
            case .text:
                switch byte {
                case 0x1B: state = .escape
                case UInt8(ascii: "q"), UInt8(ascii: "Q"): return .quit
                case 0x03: return .interrupt
                default: break
                }
            case .escape:
                switch byte {
                case UInt8(ascii: "["): state = .controlSequence
                case UInt8(ascii: "P"), UInt8(ascii: "_"), UInt8(ascii: "]"), UInt8(ascii: "^"):
                    state = .string
                default: state = .text
                }
            case .controlSequence:
                if (0x40...0x7E).contains(byte) { state = .text }
            case .string:
                if byte == 0x07 { state = .text } else if byte == 0x1B { state = .stringEscape }
            case .stringEscape:
                state = byte == UInt8(ascii: "\\") ? .text : .string
            }
        }
        return nil
    }
}

/// What a signal handler needs to give the terminal back; C signal handlers cannot capture, so it
/// lives in globals set before the handlers are installed.
private enum SessionRestore {
    nonisolated(unsafe) static var descriptor: Int32 = -1
    nonisolated(unsafe) static var saved = termios()
    nonisolated(unsafe) static var exitBytes: [UInt8] = []
    nonisolated(unsafe) static var resized: sig_atomic_t = 0
    static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    /// Made before any signal can arrive, so the handler does not allocate.
    nonisolated(unsafe) static var showCursor = TerminalSession.showCursor

    static func install(descriptor: Int32, saved: termios) {
        self.descriptor = descriptor
        self.saved = saved
        resized = 0
        for number in signals {
            signal(number) { number in
                // Only async-signal-safe calls: write, tcflush, tcsetattr, signal, raise.
                for bytes in [SessionRestore.exitBytes, SessionRestore.showCursor] {
                    _ = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
                }
                tcflush(SessionRestore.descriptor, TCIFLUSH)
                tcsetattr(SessionRestore.descriptor, TCSANOW, &SessionRestore.saved)
                signal(number, SIG_DFL)
                raise(number)
            }
        }
        signal(SIGWINCH) { _ in SessionRestore.resized = 1 }
    }

    /// Replaces the exit bytes with signals held off, so a handler never sees a half-made array.
    static func setExitBytes(_ bytes: [UInt8]) {
        var blocked = sigset_t()
        var previous = sigset_t()
        sigemptyset(&blocked)
        for number in signals { sigaddset(&blocked, number) }
        sigprocmask(SIG_BLOCK, &blocked, &previous)
        exitBytes = bytes
        sigprocmask(SIG_SETMASK, &previous, nil)
    }

    /// Whether the window changed size since the last look.
    static func takeResize() -> Bool {
        defer { resized = 0 }
        return resized != 0
    }

    static func uninstall() {
        for number in signals + [SIGWINCH] { signal(number, SIG_DFL) }
        descriptor = -1
        exitBytes = []
    }
}
