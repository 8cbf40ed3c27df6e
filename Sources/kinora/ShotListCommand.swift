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
            try Output.json(
                zip(store.project.shots, states).map {
                    ShotListEntry(shot: $0, state: $1, people: store.project.people(in: $0))
                })
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
        var rows = project.shots.enumerated().map { index, shot in
            var row = [
                "\(index + 1)", shot.id.rawValue, TerminalText.sanitized(shot.label),
                Output.seconds(shot.duration),
                shot.mode.rawValue, takesColumn(shot), "\(shot.seed)\(shot.seedLocked ? " locked" : "")",
                // A shot whose text left the script stays, marked, until the person deletes it.
                (shot.removedFromScript == true ? "[removed from script] " : "")
                    + TerminalText.sanitized(shot.prompt),
            ]
            if chained {
                row.insert(
                    ContinuityText.mark(
                        states[index], previous: index > 0 ? project.shots[index - 1].id : nil),
                    at: 6)
            }
            return row
        }
        func widths() -> [Int] {
            (0..<header.count - 1).map { column in
                min(24, ([header] + rows).map { TerminalText.displayWidth($0[column]) }.max() ?? 0)
            }
        }
        // Size and angle show in a compact column when any shot has them and the prompt keeps room.
        if project.shots.contains(where: { $0.shotSize != nil || $0.angle != nil }) {
            let sized = project.shots.map(sizeColumn)
            let widthWith =
                widths().reduce(0, +) + 2 * header.count
                + (sized.map(\.count).max() ?? 0) + 2
            if width - widthWith >= 24 {
                header.insert("SIZE", at: header.count - 1)
                for index in rows.indices { rows[index].insert(sized[index], at: rows[index].count - 1) }
            }
        }
        let fixed = widths()
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

    /// "MS/low", "CU", "-/dutch": the shot size and angle in a few characters.
    private static func sizeColumn(_ shot: Shot) -> String {
        let angle = shot.angle.map { $0 == .eyeLevel ? "eye" : $0.rawValue }
        switch (shot.shotSize?.rawValue, angle) {
        case (let size?, let angle?): return "\(size)/\(angle)"
        case (let size?, nil): return size
        case (nil, let angle?): return "-/\(angle)"
        case (nil, nil): return "-"
        }
    }

    private static func takesColumn(_ shot: Shot) -> String {
        guard let chosen = shot.chosenTake else { return "\(shot.takes.count)" }
        return "\(shot.takes.count) (\(chosen))"
    }
}

/// A shot as `shot list --json` prints it: every field of the storyboard, and where it stands in its chain
/// (`"stale": true` when its chosen take starts on an out-of-date frame; `"waitingFor"` names the shot that
/// must be made first); `people` is the shot's own list as stored (absent while it follows the prompt) and
/// `peopleInShot` who is in it (that list, else the characters its prompt names), so the JSON reads back
/// as the storyboard's shot.
struct ShotListEntry: Encodable {
    /// The shot.
    var shot: Shot
    /// Where it stands in its chain.
    var state: ContinuityState
    /// Who is in it, as ``Project/people(in:)`` says.
    var people: [String]

    private enum Keys: String, CodingKey {
        case stale, waitingFor, peopleInShot
    }

    /// The shot's own keys, then `peopleInShot`, `stale` and (when waiting) `waitingFor`.
    func encode(to encoder: Encoder) throws {
        try shot.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(people, forKey: .peopleInShot)
        try container.encode(state.isStale, forKey: .stale)
        if case .waiting(let previous) = state { try container.encode(previous, forKey: .waitingFor) }
    }
}
