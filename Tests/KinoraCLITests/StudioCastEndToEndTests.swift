import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

/// The cast and reviews in the studio as a person uses them: the real binary in tmux, keys in, the
/// screen and the saved storyboard checked.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct StudioCastEndToEndTests {
    @Test("open the cast, add an entry with a picture, complete @Mi in a prompt, note the shown frame")
    func castCompletionAndNote() throws {
        let folder = try CLI.temporaryFolder().appendingPathComponent("film")
        let created = try CLI.run(["new", folder.path, "--size", "160x90", "--fps", "12"])
        #expect(created.status == 0, "\(created.stderr)")
        let added = try CLI.run(["shot", "add", folder.path, "--prompt", "a street", "--duration", "1"])
        #expect(added.status == 0, "\(added.stderr)")
        let generated = try CLI.run(["gen", folder.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let picture = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "testsrc2=size=160x120", "-frames:v", "1"], name: "mimi.png")

        let studio = try TmuxSession(
            "\(CLI.binary.path) \(folder.path) --graphics blocks", width: 100, height: 30,
            environment: ["LANG": "C.UTF-8", "HOME": folder.path])
        defer { studio.kill() }
        try studio.wait(for: "Storyboard")

        // The cast: add Mimi with a description, then a reference picture through the file picker.
        try studio.type("@")
        try studio.wait(for: "No one yet")
        try studio.press("a")
        try studio.type("Mimi")
        try studio.press("Down", "Down")
        try studio.type("a small grey cat")
        try studio.press("Enter")
        var screen = try studio.wait(for: "Added @Mimi")
        #expect(screen.contains("character"), "the entry's kind is listed:\n\(screen)")
        try studio.press("i")
        try studio.wait(for: "Reference picture of @Mimi")
        try studio.type(picture.path)
        try studio.press("Enter")
        screen = try studio.wait(for: "@Mimi has a reference picture")
        #expect(!screen.contains("no picture: i adds one"), "the picture shows:\n\(screen)")
        try studio.press("Escape")
        try studio.wait(until: { !$0.contains("a add · Enter edit") }, what: "the overlay closed")

        // The prompt: @Mi then Tab completes the name.
        try studio.press("Tab", "Enter", "C-u")
        try studio.type("@Mi")
        try studio.wait(for: "Tab completes")
        try studio.press("Tab")
        try studio.type(" naps")
        try studio.press("Enter")
        try studio.wait(for: "Prompt saved")

        // A note on the shown take, three frames in.
        try studio.press("Tab")
        try studio.press("l", "l", "l")
        try studio.wait(for: "0.2s /")
        try studio.press("m")
        try studio.wait(for: "Note on t1 at 0.2s")
        try studio.type("too dark here")
        try studio.press("Enter")
        screen = try studio.wait(for: "Note on s1 t1")
        #expect(screen.contains("1 note"), "the take shows its note:\n\(screen)")
        try studio.press("q")
        try studio.wait(for: "DONE 0")

        let saved = try CLI.storyboard(folder)
        let mimi = try #require(saved.cast.first)
        #expect(saved.cast.count == 1)
        #expect(mimi.name == "Mimi" && mimi.kind == .character && mimi.description == "a small grey cat")
        let image = try #require(mimi.images.first)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(image.asset).path))
        let shot = try #require(saved.shots.first)
        #expect(shot.prompt == "@Mimi naps")
        let note = try #require(shot.takes.first?.reviewNotes.first)
        #expect(note.text == "too dark here")
        #expect(abs((note.at ?? -1) - 0.25) < 0.001, "three frames at 12 fps: \(String(describing: note.at))")
    }
}
