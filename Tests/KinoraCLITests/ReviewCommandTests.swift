import Foundation
import KinoraCore
import Testing

@Suite struct ReviewCommandTests {
    private func jsonArray(_ result: CLIResult) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test func notesVerdictsAndARemovedReferenceRoundTrip() throws {
        let folder = try CLI.temporaryFolder().appendingPathComponent("film")
        let dir = folder.path
        try CLI.succeed(["new", dir, "--size", "160x90", "--fps", "12"])
        try CLI.succeed(["cast", "add", dir, "Mimi", "--description", "a grey cat"])
        try CLI.succeed(["shot", "add", dir, "--prompt", "@Mimi waves", "--duration", "1", "--label", "1A"])
        let noTake = try CLI.run(["note", dir, "1", "too early"])
        #expect(noTake.status == 1 && noTake.stderr.contains("kinora gen"), "\(noTake.stderr)")
        try CLI.succeed(["cast", "rm", dir, "Mimi", "--force"])

        // The prompt names an entry removed since: said once for the shot, and the takes are still made.
        let gen = try CLI.succeed(["gen", dir, "--variations", "2"])
        #expect(gen.stderr.components(separatedBy: "not in the cast").count == 2, "\(gen.stderr)")
        #expect(gen.stderr.contains("s1 (label 1A): @Mimi is not in the cast"), "\(gen.stderr)")
        #expect(try CLI.storyboard(folder).shots[0].takes.map(\.status) == [.done, .done])

        try CLI.succeed(["note", dir, "1", "too dark overall"])  // the chosen take, t1
        try CLI.succeed(["note", dir, "s1", "t2", "--at", "0.5", "the jump starts here"])
        try CLI.succeed(["note", dir, "1", "2", "--at", "0.25s", "earlier"])  // written as times are printed
        let late = try CLI.run(["note", dir, "1", "--at", "5", "after the end"])
        #expect(
            late.status == 1 && late.stderr.contains("--at") && late.stderr.contains("1.0s long"),
            "\(late.stderr)")
        let empty = try CLI.run(["note", dir, "1", "  "])
        #expect(empty.status == 1 && empty.stderr.contains("needs some text"), "\(empty.stderr)")
        try CLI.succeed(["circle", dir, "1"])
        let rejected = try CLI.succeed(["reject", dir, "1", "t2"])
        #expect(rejected.stdout.contains("s1 t2 rejected"))

        let takes = try CLI.succeed(["takes", dir, "1"])
        #expect(
            takes.stdout.contains("CIRCLED  1 note") && takes.stdout.contains("REJECTED  2 notes"),
            "\(takes.stdout)")
        let takesJSON = try jsonArray(try CLI.succeed(["takes", dir, "1", "--json"]))
        let review = try #require(takesJSON[1]["review"] as? [String: Any])
        #expect(review["verdict"] as? String == "rejected" && (review["notes"] as? [Any])?.count == 2)

        let notes = try jsonArray(try CLI.succeed(["notes", dir, "--json"]))
        #expect(
            notes.map { $0["text"] as? String } == ["too dark overall", "earlier", "the jump starts here"])
        #expect(notes.map { $0["take"] as? String } == ["t1", "t2", "t2"])
        #expect(notes.map { $0["at"] as? Double } == [nil, 0.25, 0.5])
        #expect(notes[0]["label"] as? String == "1A" && notes[0]["verdict"] as? String == "circled")
        let filtered = try jsonArray(try CLI.succeed(["notes", dir, "--json", "--shot", "s1"]))
        #expect(filtered.count == 3)
        let text = try CLI.succeed(["notes", dir])
        #expect(
            text.stdout.contains("1A  s1 t2     0.5 s   the jump starts here [rejected]")
                && text.stdout.contains("0.25 s  earlier"), "\(text.stdout)")

        // Choosing a rejected take warns but does it; unmark clears the verdict and keeps the notes.
        let pick = try CLI.succeed(["pick", dir, "1", "t2"])
        #expect(pick.stderr.contains("t2 of s1 is rejected"), "\(pick.stderr)")
        try CLI.succeed(["unmark", dir, "1", "2"])
        let shot = try CLI.storyboard(folder).shots[0]
        #expect(shot.chosenTake?.rawValue == "t2")
        #expect(shot.takes[1].verdict == nil && shot.takes[1].reviewNotes.count == 2)
        #expect(shot.takes[0].verdict == .circled && shot.takes[0].reviewNotes.map(\.at) == [nil])
    }
}
