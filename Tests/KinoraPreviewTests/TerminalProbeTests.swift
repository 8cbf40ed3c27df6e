import Foundation
import Testing

@testable import KinoraPreview

/// The probe against a real pseudo-terminal, with this test playing the terminal.
@Suite struct TerminalProbeTests {
    /// A pty pair: the probe talks to `terminal`, the test answers on `screen`.
    private struct Pty {
        let screen: Int32
        let terminal: Int32

        init() throws {
            // posix_openpt and friends are not in Swift's Glibc module: the same through /dev/ptmx and
            // the kernel's ioctls (TIOCSPTLCK unlocks, TIOCGPTN names the other end).
            screen = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            var unlock: Int32 = 0
            var number: UInt32 = 0
            guard screen >= 0, ioctl(screen, 0x4004_5431, &unlock) == 0,
                ioctl(screen, 0x8004_5430, &number) == 0
            else {
                throw POSIXError(.ENODEV)
            }
            terminal = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
            guard terminal >= 0 else { throw POSIXError(.ENODEV) }
        }

        func close() {
            Glibc.close(screen)
            Glibc.close(terminal)
        }
    }

    /// Answers the probe's queries with `reply` once they arrive, after `delay` seconds.
    private func answer(_ pty: Pty, with reply: String, after delay: Double = 0) -> Thread {
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            var seen: [UInt8] = []
            while !seen.suffix(3).elementsEqual(Array("\u{1B}[c".utf8)) {
                let count = read(pty.screen, &buffer, buffer.count)
                if count <= 0 { return }
                seen += buffer[0..<count]
            }
            usleep(UInt32(delay * 1e6))
            _ = Array(reply.utf8).withUnsafeBytes { write(pty.screen, $0.baseAddress, $0.count) }
        }
        thread.start()
        return thread
    }

    private func localModes(_ descriptor: Int32) -> tcflag_t {
        var settings = termios()
        tcgetattr(descriptor, &settings)
        return settings.c_lflag
    }

    @Test func aRecordedAnswerIsParsedAndTheTerminalRestored() throws {
        let pty = try Pty()
        defer { pty.close() }
        let before = localModes(pty.terminal)
        _ = answer(pty, with: "\u{1B}P>|XTerm(379)\u{1B}\\\u{1B}[6;20;10t\u{1B}[?63;1;2;4;6;9;15;22c")
        let start = Date()
        let replies = try #require(TerminalProbe.query(pty.terminal))
        #expect(Date().timeIntervalSince(start) < 0.15, "DA1's answer ends the wait early")
        #expect(replies.sixel && replies.version == "XTerm(379)" && replies.cellSize?.height == 20)
        #expect(localModes(pty.terminal) == before, "echo and line editing are back")
    }

    @Test func aSilentTerminalCostsAtMostTheTimeout() throws {
        let pty = try Pty()
        defer { pty.close() }
        let before = localModes(pty.terminal)
        let start = Date()
        let replies = try #require(TerminalProbe.query(pty.terminal, timeout: 0.15))
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.14 && elapsed < 0.3, "\(elapsed) s")
        #expect(!replies.answered && replies == TerminalReplies())
        #expect(localModes(pty.terminal) == before)
    }

    @Test func aLateAnswerDoesNotHoldTheProbeUp() throws {
        let pty = try Pty()
        defer { pty.close() }
        let late = answer(pty, with: "\u{1B}[?62;4c", after: 0.1)
        let start = Date()
        let replies = try #require(TerminalProbe.query(pty.terminal, timeout: 0.05))
        #expect(Date().timeIntervalSince(start) < 0.1)
        #expect(!replies.answered, "the answer came after the timeout")
        while !late.isFinished { usleep(5000) }
    }

    @Test func notATerminalIsNotAsked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "probe-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: folder.path, contents: Data())
        let descriptor = open(folder.path, O_RDWR)
        defer { close(descriptor) }
        #expect(TerminalProbe.query(descriptor) == nil)
        var size = stat()
        fstat(descriptor, &size)
        #expect(size.st_size == 0, "nothing was written to a file")
    }
}
