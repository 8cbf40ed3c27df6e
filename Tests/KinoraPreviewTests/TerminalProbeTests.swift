import Foundation
import KinoraTestSupport
import Testing

@testable import KinoraPreview

/// The probe against a real pseudo-terminal, with this test playing the terminal.
@Suite struct TerminalProbeTests {
    /// Answers the probe's queries with `reply` once they arrive, after `delay` seconds.
    private func answer(_ pty: PseudoTerminal, with reply: String, after delay: Double = 0) -> Thread {
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

    @Test func aRecordedAnswerIsParsedAndTheTerminalRestored() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let before = pty.localModes
        _ = answer(pty, with: "\u{1B}P>|XTerm(379)\u{1B}\\\u{1B}[6;20;10t\u{1B}[?63;1;2;4;6;9;15;22c")
        let start = Date()
        let replies = try #require(TerminalProbe.query(pty.terminal))
        #expect(Date().timeIntervalSince(start) < 0.15, "DA1's answer ends the wait early")
        #expect(replies.sixel && replies.version == "XTerm(379)" && replies.cellSize?.height == 20)
        #expect(pty.localModes == before, "echo and line editing are back")
    }

    @Test func aSilentTerminalCostsAtMostTheTimeout() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let before = pty.localModes
        let start = Date()
        let replies = try #require(TerminalProbe.query(pty.terminal, timeout: 0.15))
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.14 && elapsed < 0.3, "\(elapsed) s")
        var silence = TerminalReplies()
        silence.kernelWindow = replies.kernelWindow
        #expect(!replies.answered && replies == silence, "nothing but the kernel's window size")
        #expect(pty.localModes == before)
    }

    @Test func aLateAnswerDoesNotHoldTheProbeUp() throws {
        let pty = try PseudoTerminal()
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
