import Foundation
import KinoraCore
import Testing

/// Every bad input from the foundation issue: a clear message, exit 1, the previous storyboard intact.
@Suite struct BadInputTests {
    /// Runs `arguments` and checks the failure contract; returns the message.
    @discardableResult
    private func expectRefused(
        _ arguments: [String], folder: URL, mentioning expected: [String], wrapper: [String] = []
    ) throws -> String {
        let before = try CLI.storyboardBytes(folder)
        let assetsBefore = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("assets").path)
        let result = try CLI.run(arguments, wrapper: wrapper)
        #expect(result.status == 1, "\(arguments) exited \(result.status): \(result.stderr)")
        for text in expected {
            #expect(result.stderr.contains(text), "message should mention \(text): \(result.stderr)")
        }
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"))
        #expect(try CLI.storyboardBytes(folder) == before, "the storyboard must be intact")
        let assetsAfter = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("assets").path)
        #expect(assetsAfter == assetsBefore, "nothing is imported by a refused command")
        return result.stderr
    }

    private func overwriteStoryboard(_ folder: URL, _ data: Data) throws {
        try data.write(to: folder.appendingPathComponent(ProjectLayout.storyboardFile))
    }

    @Test func corruptJSONNamesTheFile() throws {
        let folder = try CLI.project(shots: 1)
        try overwriteStoryboard(folder, Data("{ \"formatVersion\": 1, \"title\": ".utf8))
        try expectRefused(
            ["shot", "list", folder.path], folder: folder,
            mentioning: ["storyboard.json", "storyboard.json.bak"])
        try expectRefused(
            ["shot", "add", folder.path, "--prompt", "x"], folder: folder, mentioning: ["storyboard.json"])
    }

    @Test func truncatedJSONIsRefused() throws {
        let folder = try CLI.project(shots: 3)
        let full = try CLI.storyboardBytes(folder)
        try overwriteStoryboard(folder, full.prefix(full.count * 2 / 3))
        try expectRefused(
            ["shot", "set", folder.path, "1", "duration=2"], folder: folder, mentioning: ["storyboard.json"])
    }

    @Test func brokenJSONSaysWhereAndWrongNamesListTheValidOnes() throws {
        let folder = try CLI.project(shots: 1)
        let good = String(decoding: try CLI.storyboardBytes(folder), as: UTF8.self)
        try overwriteStoryboard(folder, Data("{\n  \"formatVersion\" : 1,\n  \"title\" : oops\n}\n".utf8))
        try expectRefused(["shot", "list", folder.path], folder: folder, mentioning: ["line 3, column"])
        try overwriteStoryboard(folder, Data())
        try expectRefused(["shot", "list", folder.path], folder: folder, mentioning: ["the file is empty"])
        let warped = good.replacingOccurrences(of: "\"motion\" : \"static\"", with: "\"motion\" : \"warp\"")
        try overwriteStoryboard(folder, Data(warped.utf8))
        try expectRefused(
            ["shot", "list", folder.path], folder: folder,
            mentioning: ["$.shots[0].settings.motion", "the motions are static, push-in"])
        let negative = good.replacingOccurrences(of: "\"seed\" : 0", with: "\"seed\" : -1")
        try overwriteStoryboard(folder, Data(negative.utf8))
        try expectRefused(
            ["shot", "list", folder.path], folder: folder, mentioning: ["does not fit its field"])
        let file = try CLI.temporaryFolder().appendingPathComponent("clip.txt")
        try Data("x".utf8).write(to: file)
        let notFolder = try CLI.run(["new", file.path])
        #expect(notFolder.status == 1 && notFolder.stderr.contains("is a file, not a folder"))
    }

    @Test func jsonOutputEscapesC1Controls() throws {
        let folder = try CLI.project()
        #expect(try CLI.run(["shot", "add", folder.path, "--prompt", "csi \u{9B}31m here"]).status == 0)
        let listed = try CLI.run(["shot", "list", folder.path, "--json"])
        #expect(listed.stdout.contains("\\u009b31m"))
        #expect(!listed.rawBytes.contains(0x9B), "no raw C1 byte reaches the terminal")
        #expect(!(try CLI.storyboardBytes(folder)).contains(0x9B))
        #expect(try CLI.storyboard(folder).shots[0].prompt == "csi \u{9B}31m here", "stored exactly")
    }

    @Test func aNewerFormatIsRefusedAndLeftUntouched() throws {
        let folder = try CLI.project(shots: 1)
        let text = String(decoding: try CLI.storyboardBytes(folder), as: UTF8.self)
            .replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 7")
        try overwriteStoryboard(folder, Data(text.utf8))
        try expectRefused(
            ["shot", "add", folder.path, "--prompt", "x"], folder: folder,
            mentioning: ["newer Kinora", "format 7"])
    }

    @Test func anInvalidValueNamesItsJSONPath() throws {
        let folder = try CLI.project(shots: 2)
        let text = String(decoding: try CLI.storyboardBytes(folder), as: UTF8.self)
            .replacingOccurrences(of: "\"duration\" : 4", with: "\"duration\" : -4")
        try overwriteStoryboard(folder, Data(text.utf8))
        try expectRefused(
            ["shot", "list", folder.path], folder: folder,
            mentioning: ["$.shots[0].duration", "$.shots[1].duration"])
    }

    @Test func anUnknownShotIsRefused() throws {
        let folder = try CLI.project(shots: 2)
        for reference in ["s9", "3", "0", "banana"] {
            try expectRefused(
                ["shot", "show", folder.path, reference], folder: folder,
                mentioning: ["No shot", "positions are 1–2"])
            try expectRefused(
                ["shot", "rm", folder.path, reference], folder: folder, mentioning: ["No shot"])
        }
        try expectRefused(
            ["shot", "move", folder.path, "s1", "--to", "5"], folder: folder, mentioning: ["--to"])
    }

    @Test func sourcesThatAreNotPicturesAreRefused() throws {
        let folder = try CLI.project(shots: 1)
        let text = try CLI.temporaryFolder().appendingPathComponent("notes.png")
        try Data("this is not a picture".utf8).write(to: text)
        try expectRefused(
            ["shot", "add", folder.path, "--prompt", "x", "--image", text.path], folder: folder,
            mentioning: [text.path])
        let empty = try CLI.temporaryFolder().appendingPathComponent("empty.mp4")
        FileManager.default.createFile(atPath: empty.path, contents: Data())
        try expectRefused(
            ["shot", "add", folder.path, "--prompt", "x", "--video", empty.path], folder: folder,
            mentioning: [empty.path])
        try expectRefused(
            ["shot", "add", folder.path, "--prompt", "x", "--image", "/nonexistent/photo.jpg"],
            folder: folder,
            mentioning: ["/nonexistent/photo.jpg"])
        let video = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "testsrc2=size=64x64:rate=10", "-t", "1"], name: "v.mp4")
        try expectRefused(
            ["shot", "add", folder.path, "--prompt", "x", "--image", video.path], folder: folder,
            mentioning: ["--video"])
    }

    @Test func durationsAndSizesMustBePositive() throws {
        let folder = try CLI.project(shots: 1)
        try expectRefused(
            ["shot", "add", folder.path, "--prompt", "x", "--duration", "0"], folder: folder,
            mentioning: ["duration"])
        try expectRefused(
            ["shot", "add", folder.path, "--prompt", "x", "--duration=-2"], folder: folder,
            mentioning: ["duration"])
        try expectRefused(
            ["shot", "set", folder.path, "1", "duration=-1"], folder: folder, mentioning: ["duration"])
        try expectRefused(
            ["shot", "set", folder.path, "1", "strength=2", "prompt=changed"], folder: folder,
            mentioning: ["strength"])

        let target = try CLI.temporaryFolder().appendingPathComponent("zero")
        let result = try CLI.run(["new", target.path, "--size", "0x0"])
        #expect(result.status == 1 && result.stderr.contains("--size") && result.stderr.contains("1280x720"))
        #expect(
            !FileManager.default.fileExists(atPath: target.appendingPathComponent("storyboard.json").path))
        let again = try CLI.run(["new", folder.path])
        #expect(again.status == 1 && again.stderr.contains("already holds a storyboard"))
    }

    @Test func escapeSequencesAndNULAreStoredButNeverEchoedRaw() throws {
        let folder = try CLI.project()
        let hostile = "title \u{1B}]2;pwned\u{07}\u{1B}[2J\u{9B}31m end"
        let added = try CLI.run(["shot", "add", folder.path, "--prompt", hostile, "--label", "\u{1B}[5mL"])
        #expect(added.status == 0, "\(added.stderr)")
        // NUL cannot travel in argv; it arrives from files, so put it there as a hand edit would.
        var project = try CLI.storyboard(folder)
        #expect(project.shots[0].prompt == hostile, "stored exactly as given")
        project.shots[0].notes = "nul\0here"
        try overwriteStoryboard(folder, try StoryboardCodec.encode(project))
        for arguments in [
            ["shot", "list", folder.path], ["shot", "show", folder.path, "1"],
            ["shot", "show", folder.path, "\u{1B}[2J"],
        ] {
            let result = try CLI.run(arguments)
            let raw = result.rawBytes
            #expect(
                !raw.contains(0x1B) && !raw.contains(0x00) && !raw.contains(0x07),
                "\(arguments) leaked control bytes")
            #expect(!String(decoding: raw, as: UTF8.self).unicodeScalars.contains { $0.value == 0x9B })
        }
        #expect(try CLI.run(["shot", "show", folder.path, "1"]).stdout.contains("^[]2;pwned^G"))
        #expect(try CLI.storyboard(folder).shots[0].notes == "nul\0here")
    }

    @Test func aSecondWriterGetsAClearMessage() throws {
        let folder = try CLI.project(shots: 1)
        let holder = Process()
        holder.executableURL = CLI.binary
        holder.arguments = ["save-loop", folder.path, "--count", "100000000"]
        try holder.run()
        defer {
            kill(holder.processIdentifier, SIGKILL)
            holder.waitUntilExit()
        }
        // Wait until the holder really has the lock (it writes its pid into the lock file).
        let lockFile = folder.appendingPathComponent(ProjectLayout.lockFile)
        for _ in 0..<200
        where !((try? String(contentsOf: lockFile, encoding: .utf8)) ?? "").contains(
            "pid \(holder.processIdentifier)")
        {
            usleep(10_000)
        }
        let result = try CLI.run(["shot", "add", folder.path, "--prompt", "second writer"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("being edited by another Kinora (pid \(holder.processIdentifier)"),
            "\(result.stderr)")
        #expect(try CLI.run(["shot", "list", folder.path]).status == 0, "reading is still allowed")
        holder.terminate()
        holder.waitUntilExit()
        #expect(
            holder.terminationReason == .uncaughtSignal,
            "SIGTERM stops kinora even when started with signals blocked")
        #expect(try CLI.storyboard(folder).shots.count == 1)
        #expect(try CLI.run(["shot", "add", folder.path, "--prompt", "now free"]).status == 0)
    }

    @Test func savingIntoAReadOnlyFolderLosesNothing() throws {
        let folder = try CLI.project(shots: 1)
        // The tests may run as root, which ignores permissions: then act as `nobody`, for whom the
        // folder really is read-only.
        var wrapper: [String] = []
        if getuid() == 0 {
            wrapper = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
            var parent = folder.deletingLastPathComponent()
            while parent.path != "/" {
                _ = chmod(parent.path, 0o755)
                parent.deleteLastPathComponent()
                if parent.path == FileManager.default.temporaryDirectory.path { break }
            }
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o666],
                ofItemAtPath: folder.appendingPathComponent(ProjectLayout.lockFile).path)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        }
        try expectRefused(
            ["shot", "set", folder.path, "1", "prompt=lost?"], folder: folder,
            mentioning: ["Could not save", "storyboard.json", "previous storyboard is intact"],
            wrapper: wrapper)
        #expect(try CLI.storyboard(folder).shots[0].prompt == "shot 1")
    }
}
