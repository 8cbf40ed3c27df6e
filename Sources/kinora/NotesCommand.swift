import ArgumentParser
import Foundation
import KinoraCore

/// `kinora notes`: every review note, in film order.
struct NotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notes", abstract: "List review notes in film order (shot, take, time).")

    @OptionGroup var project: ProjectFolder

    @Option(help: "Only this shot's notes: an id (s3) or a position (3).")
    var shot: String?

    @Flag(help: "Print the notes as a JSON array.")
    var json = false

    /// One note as listed.
    struct Listing: Encodable {
        /// The shot's id.
        var shot: ShotID
        /// The shot's label.
        var label: String
        /// The take.
        var take: TakeID
        /// The take's verdict, if any.
        var verdict: TakeVerdict?
        /// Seconds into the take; absent for a note on the whole take.
        var at: Double?
        /// The note.
        var text: String
        /// When it was written.
        var createdAt: Date
    }

    func run() throws {
        let store = try project.openForReading()
        var shots = store.project.shots
        if let shot { shots = [shots[try store.project.shotIndex(shot, file: store.storyboardURL.path)]] }
        let notes = shots.flatMap { shot in
            shot.takes.sorted { $0.id.serial < $1.id.serial }.flatMap { take in
                // Whole-take notes first, then by time; notes at the same time keep their order.
                take.reviewNotes.enumerated().sorted { left, right in
                    let (a, b) = (left.element.at ?? -1, right.element.at ?? -1)
                    return a == b ? left.offset < right.offset : a < b
                }.map { _, note in
                    Listing(
                        shot: shot.id, label: shot.label, take: take.id, verdict: take.verdict, at: note.at,
                        text: note.text, createdAt: note.createdAt)
                }
            }
        }
        if json {
            try Output.json(notes)
            return
        }
        guard !notes.isEmpty else {
            Output.line(
                "No review notes yet. Add one with `kinora note \(project.dir) SHOT [TAKE] [--at S] TEXT`.")
            return
        }
        let labelWidth = min(
            12, notes.map { TerminalText.displayWidth(TerminalText.sanitized($0.label)) }.max() ?? 0)
        for note in notes {
            let label = TerminalText.padded(
                TerminalText.truncated(TerminalText.sanitized(note.label), toWidth: labelWidth),
                toWidth: labelWidth)
            let place = TerminalText.padded("\(note.shot) \(note.take)", toWidth: 8)
            let time = TerminalText.padded(
                note.at.map { "\(ReviewNote.secondsText($0)) s" } ?? "whole", toWidth: 6)
            let verdict = note.verdict.map { " [\($0.rawValue)]" } ?? ""
            Output.line("\(label)  \(place)  \(time)  \(TerminalText.sanitized(note.text))\(verdict)")
        }
    }
}
