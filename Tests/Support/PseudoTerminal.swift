import Foundation

/// A pseudo-terminal pair for tests that play the terminal: the program under test gets `terminal`,
/// the test reads what it draws and answers its queries on `screen`.
public struct PseudoTerminal: Sendable {
    /// The controlling side (what a terminal emulator holds).
    public let screen: Int32
    /// The program's side (its /dev/pts/N).
    public let terminal: Int32
    /// The program side's path, `/dev/pts/N`.
    public let path: String

    /// Opens a new pair.
    public init() throws {
        // posix_openpt and friends are not in Swift's Glibc module: the same through /dev/ptmx and
        // the kernel's ioctls (TIOCSPTLCK unlocks, TIOCGPTN names the other end).
        screen = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard screen >= 0, ioctl(screen, 0x4004_5431, &unlock) == 0, ioctl(screen, 0x8004_5430, &number) == 0
        else {
            throw POSIXError(.ENODEV)
        }
        path = "/dev/pts/\(number)"
        terminal = open(path, O_RDWR | O_NOCTTY)
        guard terminal >= 0 else { throw POSIXError(.ENODEV) }
    }

    /// The terminal side's local modes (ECHO, ICANON ...).
    public var localModes: tcflag_t {
        var settings = termios()
        tcgetattr(terminal, &settings)
        return settings.c_lflag
    }

    /// Closes both sides.
    public func close() {
        Glibc.close(screen)
        Glibc.close(terminal)
    }
}
