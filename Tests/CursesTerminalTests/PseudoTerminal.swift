import Foundation

/// A pseudo-terminal for tests that play the terminal: the screen under test gets `terminal`; the
/// test reads what it draws from `screen` (a thread keeps reading, so the program never blocks)
/// and types on it.
final class PseudoTerminal: @unchecked Sendable {
    /// The controlling side (what a terminal emulator holds).
    let screen: Int32
    /// The program's side (its /dev/pts/N).
    let terminal: Int32
    private let lock = NSLock()
    private var received: [UInt8] = []
    private var reading = true
    private var reader: Thread?

    /// Opens a pair of `columns` × `rows` and starts reading.
    init(columns: Int, rows: Int) throws {
        // posix_openpt is not in Swift's Glibc module: /dev/ptmx and the kernel's ioctls instead
        // (TIOCSPTLCK unlocks, TIOCGPTN names the other end).
        screen = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard screen >= 0, ioctl(screen, 0x4004_5431, &unlock) == 0, ioctl(screen, 0x8004_5430, &number) == 0
        else { throw POSIXError(.ENODEV) }
        terminal = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard terminal >= 0 else { throw POSIXError(.ENODEV) }
        resize(columns: columns, rows: rows)
        let thread = Thread { [self] in readLoop() }
        reader = thread
        thread.start()
    }

    /// Changes the window size, as a terminal emulator does when its window changes.
    func resize(columns: Int, rows: Int) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(screen, UInt(TIOCSWINSZ), &size)
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while lock.withLock({ reading }) {
            var poller = pollfd(fd: screen, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            let count = read(screen, &buffer, buffer.count)
            if count > 0 { lock.withLock { received += buffer[0..<count] } }
        }
    }

    /// Everything the program wrote since the last call, waiting `settle` seconds for it to arrive.
    func take(settle: Double = 0.15) -> [UInt8] {
        Thread.sleep(forTimeInterval: settle)
        return lock.withLock {
            defer { received = [] }
            return received
        }
    }

    /// Types `text` on the terminal.
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(screen, $0.baseAddress, $0.count) }
    }

    /// Waits until the program side has input to read (or `timeout` seconds pass).
    func waitForInput(timeout: Double = 1) {
        var poller = pollfd(fd: terminal, events: Int16(POLLIN), revents: 0)
        _ = poll(&poller, 1, Int32(timeout * 1000))
    }

    /// The program side's local modes (ECHO, ICANON ...).
    var localModes: tcflag_t {
        var settings = termios()
        tcgetattr(terminal, &settings)
        return settings.c_lflag
    }

    /// Stops reading and closes both sides.
    func close() {
        lock.withLock { reading = false }
        while reader?.isFinished == false { Thread.sleep(forTimeInterval: 0.01) }
        Glibc.close(screen)
        Glibc.close(terminal)
    }
}
