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

    /// Starts `command` in a fresh tmux window of `width` × `height`, followed by the terminal's echo
    /// setting (`echo` or `-echo`) and a line `DONE <status>`; returns the session's name.
    private func start(_ command: String, width: Int = 100, height: Int = 40) throws -> String {
        let session = "preview-\(UUID().uuidString.prefix(8))"
        _ = try tmux([
            "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", "sh", "-c",
            // The echo setting is printed before DONE, so a test that saw DONE also sees it.
            command + "; status=$?; stty -a | tr ' ' '\\n' | grep -x -e echo -e -echo; "
                + "echo DONE $status; sleep 30",
        ])
        return session
    }

    /// The screen of `session` once `text` shows (or after 10 s).
    private func wait(for text: String, in session: String) throws -> String {
        try wait(in: session) { $0.contains(text) }
    }

    /// The screen of `session` once `done` says so (or after 10 s).
    private func wait(in session: String, until done: (String) -> Bool) throws -> String {
        var captured = ""
        for _ in 0..<200 where !done(captured) {
            usleep(50_000)
            captured = try tmux(["capture-pane", "-p", "-t", session])
        }
        return captured
    }

    /// Runs `command` in a fresh tmux window and returns the screen once it has exited.
    private func screen(running command: String, width: Int = 100, height: Int = 40) throws -> String {
        let session = try start(command, width: width, height: height)
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        return try wait(for: "DONE", in: session)
    }

    /// Lines holding block symbols: a picture.
    private func pictureLines(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { line in
            line.unicodeScalars.contains {
                (0x2580...0x259F).contains($0.value) || (0x1FB00...0x1FB3B).contains($0.value)
            }
        }
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

    /// A one-second clip of moving colour bars.
    private func clip(seconds: Int) throws -> URL {
        try TestFiles.media(
            [
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24", "-t", "\(seconds)", "-pix_fmt",
                "yuv420p",
            ],
            name: "clip.mp4")
    }

    @Test func playShowsTheVideoInPlaceAndGivesTheTerminalBack() throws {
        let video = try clip(seconds: 1)
        let session = try start(
            "printf 'above\\n'; \(CLI.binary.path) preview \(video.path) --play --graphics blocks --width 40")
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        let text = try wait(for: "DONE", in: session)
        #expect(text.contains("DONE 0"), "\(text)")
        #expect(pictureLines(text).count >= 8, "the last frame stays on screen:\n\(text)")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "above", "drawn below what was there, nothing scrolled away:\n\(text)")
        #expect(lines.contains("echo"), "echo is back on:\n\(text)")
        #expect(try tmux(["display", "-p", "-t", session, "#{cursor_flag}"]).hasPrefix("1"), "cursor shown")
    }

    @Test func qStopsPlaybackAtOnce() throws {
        let video = try clip(seconds: 20)
        let session = try start(
            "\(CLI.binary.path) preview \(video.path) --play --loop --graphics blocks --width 40")
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        let playing = try wait(in: session) { pictureLines($0).count >= 8 }
        #expect(pictureLines(playing).count >= 8, "playing:\n\(playing)")
        let pressed = Date()
        _ = try tmux(["send-keys", "-t", session, "q"])
        let text = try wait(for: "DONE", in: session)
        #expect(text.contains("DONE 0") && Date().timeIntervalSince(pressed) < 3, "\(text)")
        #expect(text.contains("\necho\n"), "echo is back on:\n\(text)")
        #expect(!text.contains("q\n"), "the key was read, not echoed")
    }

    @Test func aKilledPlaybackStillRestoresTheTerminal() throws {
        let video = try clip(seconds: 20)
        let session = try start(
            "\(CLI.binary.path) preview \(video.path) --play --graphics blocks --width 40 & sleep 1.5; "
                + "kill -TERM $!; wait $!")
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        let text = try wait(for: "DONE", in: session)
        #expect(text.contains("DONE 143"), "ended by SIGTERM:\n\(text)")
        #expect(text.contains("\necho\n"), "echo is back on:\n\(text)")
        #expect(try tmux(["display", "-p", "-t", session, "#{cursor_flag}"]).hasPrefix("1"), "cursor shown")
    }

    @Test func aOneByOneWindowGetsATinyPictureNotACrash() throws {
        let video = try clip(seconds: 1)
        let folder = try TestFiles.folder()
        for (index, extra) in ["", " --play"].enumerated() {
            let status = folder.appendingPathComponent("status-\(index)")
            let session = try start(
                "\(CLI.binary.path) preview \(video.path) --graphics blocks\(extra); echo $? > \(status.path)",
                width: 1, height: 1)
            defer { _ = try? tmux(["kill-session", "-t", session]) }
            for _ in 0..<200 where !FileManager.default.fileExists(atPath: status.path) { usleep(50_000) }
            let code = (try? String(contentsOf: status, encoding: .utf8)) ?? "none"
            #expect(code == "0\n", "preview\(extra) in a 1x1 window exited \(code)")
        }
    }

    @Test func playWithoutATerminalIsRefusedPlainly() throws {
        let video = try clip(seconds: 1)
        let result = try CLI.run(["preview", video.path, "--play"])
        #expect(result.status == 1 && result.stderr.contains("--play"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "nothing is drawn into a pipe")
        let budget = try CLI.run(["preview", video.path, "--max-kbps", "100"])
        #expect(budget.status == 1 && budget.stderr.contains("--max-kbps"), "\(budget.stderr)")
    }

    @Test func aTightBudgetDropsFramesAndSaysSo() throws {
        let video = try clip(seconds: 2)
        let text = try screen(
            running: "\(CLI.binary.path) preview \(video.path) --play "
                + "--graphics blocks --width 40 --max-kbps 64")
        #expect(text.contains("DONE 0"), "\(text)")
        #expect(text.contains("to keep to 64 kbit/s"), "\(text)")
        #expect(pictureLines(text).count >= 8, "the frames that fit are drawn:\n\(text)")
    }

    @Test func aFileThatIsNotAPictureIsNamedAndNothingIsDrawn() throws {
        let folder = try TestFiles.folder()
        let text = folder.appendingPathComponent("notes.png")
        try Data("these are words, not pixels\n".utf8).write(to: text)
        for mode in ["blocks", "sixel"] {
            let result = try CLI.run(["preview", text.path, "--graphics", mode])
            #expect(result.status == 1, "\(mode): exited \(result.status): \(result.stderr)")
            #expect(result.stderr.contains("notes.png"), "names the file: \(result.stderr)")
            #expect(result.stdout.isEmpty, "nothing drawn")
        }
    }

    @Test func insideTmuxThePaneTitleIsLeftAlone() throws {
        let image = try TestFiles.media(
            ["-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1"], name: "p.png")
        let session = try start("\(CLI.binary.path) preview \(image.path) --width 30")
        defer { _ = try? tmux(["kill-session", "-t", session]) }
        _ = try wait(for: "DONE", in: session)
        let title = try tmux(["display", "-p", "-t", session, "#{pane_title}"])
        #expect(
            !title.contains("Gi=") && !title.contains("a=q"),
            "the kitty query did not become the title: \(title)")
    }

    @Test func shotAndTakeNeedAProject() throws {
        let video = try clip(seconds: 1)
        let result = try CLI.run(["preview", video.path, "--shot", "2"])
        #expect(result.status == 1 && result.stderr.contains("--shot"), "\(result.stderr)")
    }
}
