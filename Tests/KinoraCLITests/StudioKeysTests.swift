import Foundation
import KinoraCore
import Testing

/// The studio on a storyboard holding keys Kinora does not know: it says so once when it opens, and an
/// edit saved through the studio keeps them.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct StudioKeysTests {
    @Test func theStudioSaysSoAndItsEditsKeepThem() throws {
        let folder = try CLI.project(shots: 1)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let file = folder.appendingPathComponent(ProjectLayout.storyboardFile)
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
            of: "\"notes\" : \"\",", with: "\"notes\" : \"\", \"notess\" : \"check the sky\",")
        try Data(text.utf8).write(to: file)

        let studio = try TmuxSession(
            "\(CLI.binary.path) \(folder.path) --graphics blocks", width: 160, height: 30,
            environment: ["LANG": "C.UTF-8", "HOME": folder.path])
        defer { studio.kill() }
        let screen = try studio.wait(for: "does not know")
        #expect(screen.contains("$.shots[0].notess"), "\(screen)")
        // `t` changes the shot's transition, saved at once through the studio's writer.
        try studio.press("t")
        var changed = false
        for _ in 0..<100 where !changed {
            usleep(50_000)
            changed = (try? CLI.storyboard(folder).shots[0].transition) != .cut
        }
        #expect(changed, "the studio saved the edit")
        try studio.press("q")
        try studio.wait(for: "DONE")
        let saved = try String(contentsOf: file, encoding: .utf8)
        #expect(saved.contains("\"notess\" : \"check the sky\""), "\(saved)")
    }
}
