import ArgumentParser
import Foundation
import KinoraCore

/// `kinora note`: a review note on a take, at a moment of it or on the whole take.
struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Add a review note to a take.",
        discussion: """
            Usage: kinora note DIR SHOT [TAKE] [--at SECONDS] TEXT. TAKE defaults to the chosen take, else \
            the newest finished one; --at is seconds into the take (without it the note is on the whole take).
            """)

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    @Argument(help: "[TAKE] TEXT: the take (t2 or 2; optional) and the note.")
    var words: [String] = []

    // Unconditional, so `--at -1` reaches the check that says what is wrong rather than "missing value".
    @Option(
        name: .customLong("at"), parsing: .unconditional,
        help: "Seconds into the take the note is about (1.5 or 1.5s).")
    var atText: String?

    /// `--at` in seconds: a number, written as Kinora prints times (`1.5`, `1.5s`, `1.5 s`).
    private var at: Double? {
        guard let atText else { return nil }
        var number = atText.trimmingCharacters(in: .whitespaces).lowercased()
        if number.hasSuffix("s") { number.removeLast() }
        return Double(number.trimmingCharacters(in: .whitespaces))
    }

    func validate() throws {
        guard (1...2).contains(words.count) else {
            throw ValidationError(
                "Give the note as one argument (quote it), optionally after the take: kinora note DIR SHOT [TAKE] TEXT."
            )
        }
        if let atText, at.map({ !$0.isFinite }) ?? true {
            throw ValidationError(
                "--at is a number of seconds into the take, such as 1.5 (found \"\(atText)\").")
        }
    }

    func run() throws {
        let take = words.count == 2 ? words[0] : nil
        let text = words[words.count - 1].trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ReviewError.emptyNote }
        let store = try project.openForWriting()
        defer { store.close() }
        let (shotID, takeID, count) = try store.update { project in
            let target = try ReviewTarget(
                shot: shot, take: take, in: project, file: store.storyboardURL.path, dir: self.project.dir)
            let shotID = project.shots[target.shotIndex].id
            var record = project.shots[target.shotIndex].takes[target.takeIndex]
            let length = record.request.duration
            if let at, at < 0 || at > length + 1e-9 {
                throw ReviewError.timeOutside(
                    at: at, take: record.id.rawValue, shot: shotID.rawValue, length: length)
            }
            record.addNote(text, at: at, now: Date())
            project.shots[target.shotIndex].takes[target.takeIndex] = record
            return (shotID, record.id, record.reviewNotes.count)
        }
        let when = at.map { " at \(ReviewNote.secondsText($0)) s" } ?? ""
        Output.line("Noted on \(shotID) \(takeID)\(when) (\(count) note\(count == 1 ? "" : "s") on it).")
    }
}
