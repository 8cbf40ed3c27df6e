import ArgumentParser
import Foundation
import KinoraCore

/// `kinora shot list`: the storyboard as a table, or as JSON.
struct ShotListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the shots in order.")

    @OptionGroup var project: ProjectFolder

    @Flag(help: "Print the shots as a JSON array.")
    var json = false

    func run() throws {
        let store = try project.openForReading()
        if !store.project.unknownKeys.isEmpty {
            Output.error(store.project.unknownKeys.notice(file: store.storyboardURL.path))
        }
        if json {
            let states = store.project.continuityStates()
            try Output.json(zip(store.project.shots, states).map { ShotListEntry(shot: $0, state: $1) })
        } else {
            StoryboardTable.print(store.project, width: Output.columns)
        }
    }
}

/// The human-readable storyboard table shared by `shot list` and `open`.
enum StoryboardTable {
    /// Prints a header line and one row per shot, fitted to `width` columns.
    static func print(_ project: Project, width: Int) {
        let count = project.shots.count
        Output.line(
            "\(project.title) — \(count) shot\(count == 1 ? "" : "s"), \(project.fps) fps, \(project.size), "
                + Output.seconds(project.runningTime))
        guard count > 0 else {
            Output.line("No shots yet. Add one with `kinora shot add DIR --prompt TEXT`.")
            return
        }
        let states = project.continuityStates()
        let chained = states.contains { $0 != .independent }
        // The CHAIN column shows only in storyboards with continuing shots.
        var header = ["#", "ID", "LABEL", "DUR", "MODE", "TAKES", "SEED", "PROMPT"]
        if chained { header.insert("CHAIN", at: 6) }
        let rows = project.shots.enumerated().map { index, shot in
            var row = [
                "\(index + 1)", shot.id.rawValue, TerminalText.sanitized(shot.label),
                Output.seconds(shot.duration),
                shot.mode.rawValue, takesColumn(shot), "\(shot.seed)\(shot.seedLocked ? " locked" : "")",
                TerminalText.sanitized(shot.prompt),
            ]
            if chained {
                row.insert(
                    ContinuityText.mark(
                        states[index], previous: index > 0 ? project.shots[index - 1].id : nil),
                    at: 6)
            }
            return row
        }
        let fixed = (0..<header.count - 1).map { column in
            min(24, ([header] + rows).map { TerminalText.displayWidth($0[column]) }.max() ?? 0)
        }
        let promptWidth = max(10, width - fixed.reduce(0, +) - 2 * fixed.count - 1)
        for row in [header] + rows {
            let cells = (0..<fixed.count).map { column in
                TerminalText.padded(
                    TerminalText.truncated(row[column], toWidth: fixed[column]), toWidth: fixed[column])
            }
            let prompt = TerminalText.truncated(row[header.count - 1], toWidth: promptWidth)
            Output.line((cells + [prompt]).joined(separator: "  "))
        }
    }

    private static func takesColumn(_ shot: Shot) -> String {
        guard let chosen = shot.chosenTake else { return "\(shot.takes.count)" }
        return "\(shot.takes.count) (\(chosen))"
    }
}

/// A shot as `shot list --json` prints it: every field of the storyboard, and where it stands in its chain
/// (`"stale": true` when its chosen take starts on an out-of-date frame; `"waitingFor"` names the shot that
/// must be made first).
struct ShotListEntry: Encodable {
    /// The shot.
    var shot: Shot
    /// Where it stands in its chain.
    var state: ContinuityState

    private enum Keys: String, CodingKey {
        case stale, waitingFor
    }

    /// The shot's own keys, then `stale` and (when waiting) `waitingFor`.
    func encode(to encoder: Encoder) throws {
        try shot.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(state.isStale, forKey: .stale)
        if case .waiting(let previous) = state { try container.encode(previous, forKey: .waitingFor) }
    }
}
