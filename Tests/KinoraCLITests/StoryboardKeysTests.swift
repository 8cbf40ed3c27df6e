import Foundation
import KinoraCore
import Testing

/// Keys a person added to storyboard.json that Kinora does not know are kept by every command, in their
/// sorted place, and `shot list` says once that they are there.
@Suite struct StoryboardKeysTests {
    /// Adds `text` after the first line that contains `anchor`, in the storyboard file.
    private func insert(_ text: String, after anchor: String, in folder: URL) throws {
        let file = folder.appendingPathComponent(ProjectLayout.storyboardFile)
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains(anchor) }, "no line with \(anchor)")
        lines.insert(text, at: index + 1)
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
    }

    @Test func keysKinoraDoesNotKnowSurviveEveryCommand() throws {
        let folder = try CLI.project(shots: 2)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        // In the second shot (its "label" line reads "2"), a misspelt notes and a key in its settings; one
        // at the top.
        try insert("  \"zNote\" : [1.50, \"kept\"],", after: "\"defaultBackend\"", in: folder)
        let file = folder.appendingPathComponent(ProjectLayout.storyboardFile)
        var text = try String(contentsOf: file, encoding: .utf8)
        let second = try #require(text.range(of: "\"label\" : \"2\""))
        let notes = try #require(
            text.range(of: "\"notes\" : \"\",", range: second.upperBound..<text.endIndex))
        text.replaceSubrange(notes, with: "\"notes\" : \"\", \"notess\" : \"check the sky\",")
        let motion = try #require(text.range(of: "\"motion\" : ", range: second.upperBound..<text.endIndex))
        text.replaceSubrange(motion, with: "\"lens\" : 35, \"motion\" : ")
        try Data(text.utf8).write(to: file)

        let listed = try CLI.run(["shot", "list", folder.path])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(
            listed.stderr.components(separatedBy: "does not know").count == 2, "said once: \(listed.stderr)")
        #expect(
            listed.stderr.contains("$.shots[1].notess") && listed.stderr.contains("kept"), "\(listed.stderr)")

        for arguments in [
            ["shot", "set", folder.path, "2", "label=2B", "notes=real notes"],
            ["shot", "add", folder.path, "--prompt", "third"],
            ["shot", "move", folder.path, "2", "--to", "1"],
            ["shot", "rm", folder.path, "3"],
        ] {
            let result = try CLI.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let saved = try String(contentsOf: file, encoding: .utf8)
        #expect(saved.contains("\"label\" : \"2B\""))
        // In their sorted places: notes < notess < prompt; lens < motion; zNote last at the top.
        let place = { (needle: String) in saved.range(of: needle)?.lowerBound ?? saved.endIndex }
        #expect(place("\"notes\" : \"real notes\"") < place("\"notess\" : \"check the sky\""))
        #expect(place("\"notess\" : \"check the sky\"") < place("\"prompt\" : \"shot 2\""))
        #expect(place("\"lens\" : 35") < place("\"motion\" : \"static\""))
        #expect(saved.contains("\"zNote\" : [\n    1.50,\n    \"kept\"\n  ]\n}\n"), "\(saved)")
        // The shot moved to the front, and its keys with it.
        let notice = try CLI.run(["shot", "list", folder.path]).stderr
        #expect(notice.contains("$.shots[0].notess"), "\(notice)")
    }

    @Test func aNewerFormatWithUnknownKeysIsStillRefused() throws {
        let folder = try CLI.project(shots: 1)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let file = folder.appendingPathComponent(ProjectLayout.storyboardFile)
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
            of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 2,\n  \"newThing\" : true")
        try Data(text.utf8).write(to: file)
        let result = try CLI.run(["shot", "set", folder.path, "1", "label=x"])
        #expect(result.status == 1 && result.stderr.contains("newer Kinora"), "\(result.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == text)
    }
}
