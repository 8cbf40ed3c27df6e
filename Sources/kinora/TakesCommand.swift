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
            try Output.json(value.takes)
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
            if take.id == value.chosenTake && state.isStale { line += "  STALE" }
            if let extends = take.request.extends {
                line += "  extends \(extends.base) by \(Output.seconds(extends.by))"
            }
            Output.line(line)
        }
    }
}
