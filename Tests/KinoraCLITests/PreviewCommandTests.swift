import Foundation
import KinoraTestSupport
import Testing

@testable import KinoraMedia

/// `kinora preview` in a real terminal: tmux runs it, capture-pane reads the screen.
@Suite(.serialized) struct PreviewCommandTests {
    /// Runs tmux on its own server. Through KinoraMedia's Subprocess, which starts children with no
    /// signal blocked: Foundation's Process passes on the test runner's blocked signals, and a tmux
    /// server that cannot receive SIGCHLD never finishes its panes.
    private func tmux(_ arguments: [String]) throws -> String {
        let output = try Subprocess.run(
            executable: URL(fileURLWithPath: "/usr/bin/tmux"), arguments: ["-L", "kinora-tests"] + arguments)
        return String(decoding: output.stdout, as: UTF8.self)
    }

    /// Runs `command` in a fresh 100x40 tmux window and returns the screen once it has exited.
    private func screen(running command: String) throws -> String {
        let session = "preview-\(UUID().uuidString.prefix(8))"
        _ = try tmux([
            "new-session", "-d", "-s", session, "-x", "100", "-y", "40", "sh", "-c",
            command + "; echo DONE; sleep 30",
        ])
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        var captured = ""
        for _ in 0..<200 where !captured.contains("DONE") {
            usleep(50_000)
            captured = try tmux(["capture-pane", "-p", "-t", session])
        }
        return captured
    }

    @Test func blocksAppearInARealTerminal() throws {
        let image = try TestFiles.media(
            ["-f", "lavfi", "-i", "testsrc2=size=640x360", "-frames:v", "1"], name: "p.png")
        let text = try screen(
            running: "\(CLI.binary.path) preview \(image.path) --graphics blocks --width 48")
        let lines = text.split(separator: "\n").filter { line in
            line.unicodeScalars.contains {
                (0x2580...0x259F).contains($0.value) || (0x1FB00...0x1FB3B).contains($0.value)
            }
        }
        #expect(lines.count >= 8, "a picture of block symbols:\n\(text)")
        #expect(text.contains("DONE"))
    }

    @Test func insideTmuxWithoutPassthroughAutoGivesBlocksNotGarbage() throws {
        let image = try TestFiles.media(
            ["-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1"], name: "p.png")
        let text = try screen(running: "\(CLI.binary.path) preview \(image.path) --width 40")
        #expect(
            !text.contains("Ptmux") && !text.contains("#0;2;"),
            "no sixel or passthrough bytes on screen:\n\(text)")
        let blockLines = text.split(separator: "\n").filter { line in
            line.unicodeScalars.contains {
                (0x2580...0x259F).contains($0.value) || (0x1FB00...0x1FB3B).contains($0.value)
            }
        }
        #expect(blockLines.count >= 5, "\(text)")
    }
}
