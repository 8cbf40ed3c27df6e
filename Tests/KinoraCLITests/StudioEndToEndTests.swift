import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraMedia

/// The studio as a person uses it: the real binary in a real terminal (tmux), keys in, the screen and
/// the saved storyboard checked.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct StudioEndToEndTests {
    @Test("add a shot, type a Chinese prompt, fix a seed, generate, choose a take, undo, quit")
    func wholeSession() throws {
        let folder = try CLI.project()
        let studio = try TmuxSession(
            "\(CLI.binary.path) \(folder.path) --graphics blocks", width: 100, height: 30,
            environment: ["LANG": "C.UTF-8", "HOME": folder.path])
        defer { studio.kill() }
        try studio.wait(for: "No shots yet")
        try studio.press("a")
        try studio.wait(for: "Added s1")

        // The prompt: Tab to the inspector (the prompt row is selected), Enter, type, Enter.
        try studio.press("Tab", "Enter")
        try studio.type("夜市的灯笼在雨中摇曳 lanterns")
        try studio.press("C-j")
        try studio.type("第二行")
        try studio.press("Enter")
        var screen = try studio.wait(for: "Prompt saved")
        #expect(screen.contains("夜市的灯笼"), "the Chinese prompt shows:\n\(screen)")

        // The seed: down to its row, type it.
        try setSeed(1207, in: studio)
        try studio.press("n")
        screen = try studio.wait(seconds: 90, until: { $0.contains("t1 chosen") }, what: "t1 chosen")
        #expect(screen.contains("seed 1207"))

        // A second take with another seed, shown and chosen, then the choice undone.
        try setSeed(1208, in: studio)
        try studio.press("n")
        try studio.wait(
            seconds: 90,
            until: { $0.contains("2 takes") && !$0.contains("running") && !$0.contains("queued") },
            what: "two finished takes")
        try studio.press("]", "c")
        try studio.wait(for: "Chose s1 t2")
        #expect(
            try eventually { try CLI.storyboard(folder).shots.first?.chosenTake == TakeID(serial: 2) },
            "saved at once")
        try studio.press("u")
        screen = try studio.wait(for: "Undone")
        #expect(screen.contains("t1 chosen"), "undo brings back the first take:\n\(screen)")
        try studio.press("q")
        screen = try studio.wait(for: "DONE")
        #expect(screen.contains("DONE 0"), "\(screen)")
        #expect(
            screen.contains("\necho\n") || screen.hasPrefix("echo"),
            "the terminal is restored (echo on):\n\(screen)")

        let saved = try CLI.storyboard(folder)
        let shot = try #require(saved.shots.first)
        #expect(saved.shots.count == 1)
        #expect(shot.prompt == "夜市的灯笼在雨中摇曳 lanterns\n第二行")
        #expect(shot.seed == 1208 && shot.seedLocked)
        #expect(shot.takes.map(\.seed) == [1207, 1208])
        #expect(shot.takes.allSatisfy { $0.status == .done })
        #expect(shot.chosenTake == TakeID(serial: 1))
    }

    @Test("resizing, too small and back; Ctrl-Z and fg; the terminal restored after SIGTERM")
    func terminalHandling() throws {
        let folder = try CLI.project(shots: 3)
        let studio = try TmuxSession(
            "exec bash --norc --noprofile -i", width: 100, height: 30,
            environment: ["LANG": "C.UTF-8", "HOME": folder.path, "PS1": "prompt$ "])
        defer { studio.kill() }
        try studio.wait(for: "prompt$")
        try studio.type("\(CLI.binary.path) \(folder.path) --graphics blocks")
        try studio.press("Enter")
        try studio.wait(for: "Storyboard")

        try studio.resize(width: 60, height: 20)
        var screen = try studio.wait(for: "at least 80x24")
        #expect(!screen.contains("Storyboard"))
        try studio.resize(width: 120, height: 40)
        // The whole layout, not a screen caught half drawn.
        screen = try studio.wait(
            seconds: 30, until: { $0.contains("Storyboard") && $0.contains("Inspector") },
            what: "the layout back")
        #expect(!screen.contains("at least 80x24"))

        try studio.press("C-z")
        screen = try studio.wait(for: "Stopped")
        #expect(screen.contains("prompt$"), "the shell has the terminal:\n\(screen)")
        try studio.type("fg")
        try studio.press("Enter")
        screen = try studio.wait(for: "Storyboard")
        #expect(screen.contains("3 shots"))
        try studio.press("j")
        try studio.wait(for: "2/3")

        // A plain kill: the terminal must come back as it was.
        let pids = try Subprocess.run(
            executable: URL(fileURLWithPath: "/usr/bin/pgrep"), arguments: ["-f", "kinora \(folder.path)"])
        let pid =
            String(decoding: pids.stdout, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        #expect(!pid.isEmpty)
        _ = try Subprocess.run(executable: URL(fileURLWithPath: "/bin/kill"), arguments: ["-TERM", pid])
        try studio.wait(for: "prompt$")
        try studio.type(
            "stty -a | tr ' ' '\\n' | grep -x -e echo -e -echo -e icanon -e -icanon; echo CHECKED-$((40 + 2))"
        )
        try studio.press("Enter")
        screen = try studio.wait(for: "CHECKED-42")
        #expect(
            screen.contains("\necho\n") && screen.contains("\nicanon\n"),
            "echo and icanon are back:\n\(screen)")
        #expect(!screen.contains("Storyboard"), "the studio's screen is gone:\n\(screen)")
    }

    @Test("the export dialog writes the film")
    func exportDialog() throws {
        let folder = try CLI.project(shots: 2)
        let generated = try CLI.run(["gen", folder.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let studio = try TmuxSession(
            "\(CLI.binary.path) \(folder.path) --graphics blocks", width: 100, height: 30,
            environment: ["LANG": "C.UTF-8", "HOME": folder.path])
        defer { studio.kill() }
        try studio.wait(for: "Storyboard")
        try studio.press("e")
        try studio.wait(for: "Export —")
        try studio.press("Enter")
        try studio.wait(
            seconds: 60, until: { $0.contains("Exported exports/Film.mp4") }, what: "the export finishing")
        let film = folder.appendingPathComponent("exports/Film.mp4")
        let probe = try Subprocess.run(
            executable: URL(fileURLWithPath: "/usr/bin/ffprobe"),
            arguments: ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", film.path])
        let seconds =
            Double(
                String(decoding: probe.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            ?? 0
        #expect(abs(seconds - 8) < 0.1, "two 4 s shots: \(seconds) s")
        try studio.press("q")
        try studio.wait(for: "DONE 0")
    }

    /// Whether `condition` holds within a few seconds (the studio saves in the background).
    private func eventually(_ condition: () throws -> Bool) throws -> Bool {
        for _ in 0..<100 {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }

    /// Goes to the seed row of the inspector and types `seed`.
    private func setSeed(_ seed: Int, in studio: TmuxSession) throws {
        // Back to the first row, then down to Seed (the 22nd row).
        for _ in 0..<30 { try studio.press("k") }
        for _ in 0..<21 { try studio.press("j") }
        try studio.press("Enter", "C-u")
        try studio.type("\(seed)")
        try studio.press("Enter")
        try studio.wait(for: "Seed saved")
    }
}
