import ArgumentParser
import Foundation
import KinoraCore

/// `kinora takes`: a shot's takes with seed, status, file and hash.
struct TakesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "takes", abstract: "List a shot's takes.")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    @Flag(help: "Print the takes as JSON.")
    var json = false

    func run() throws {
        // Read-only: works on a full disk; takes left running by a Kinora that stopped show as interrupted.
        let store = try project.openForReading()
        let index = try store.project.shotIndex(shot, file: store.storyboardURL.path)
        let value = store.project.shots[index]
        let state = store.project.continuityState(ofShotAt: index)
        if json {
            try Output.json(
                value.takes.map { take in
                    TakeListing(take: take, stale: take.id == value.chosenTake && state.isStale)
                })
            return
        }
        guard !value.takes.isEmpty else {
            Output.line(
                "\(value.id) has no takes yet. Make one with `kinora gen \(project.dir) \(value.id)`.")
            return
        }
        if let sentence = ContinuityText.sentence(state, shot: value.id, dir: project.dir) {
            Output.line(sentence)
        }
        let idWidth = value.takes.map(\.id.rawValue.count).max() ?? 2
        for take in value.takes {
            let chosen = take.id == value.chosenTake ? "*" : " "
            let hash = take.outputHash.map { String($0.prefix(12)) } ?? "-"
            let time = take.generationSeconds.map { String(format: "%.1fs", $0) } ?? "-"
            let id = TerminalText.padded(take.id.rawValue, toWidth: idWidth)
            var line =
                "\(chosen) \(id)  seed \(take.seed)  \(take.status.rawValue)  \(time)  \(hash)  \(take.output ?? "")"
            if let error = take.error, take.status != .done { line += "  \(error)" }
            if let framing = take.framing { line += "  framing \(framing.summary)" }
            if let warning = take.warning { line += "  warning: \(warning)" }
            if take.id == value.chosenTake && state.isStale { line += "  STALE" }
            if let verdict = take.verdict { line += "  \(verdict.rawValue.uppercased())" }
            let notes = take.reviewNotes.count
            if notes > 0 { line += "  \(notes) note\(notes == 1 ? "" : "s")" }
            if let extends = take.request.extends {
                line += "  extends \(extends.base) by \(Output.seconds(extends.by))"
            }
            Output.line(line)
        }
    }
}

/// A take as `kinora takes --json` lists it: its record, and whether it is the chosen take of a shot whose
/// chain has changed above it (`"stale": true`).
private struct TakeListing: Encodable {
    /// The take's record, as in storyboard.json.
    let take: Take
    /// Whether this chosen take starts on a frame the previous shot no longer ends on.
    let stale: Bool

    private enum CodingKeys: String, CodingKey { case stale }

    /// The take's own keys, with `stale` beside them.
    func encode(to encoder: Encoder) throws {
        try take.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stale, forKey: .stale)
    }
}
