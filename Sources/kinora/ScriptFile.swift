import Foundation
import KinoraCore
import KinoraScript

/// How `import` and `new --script` read a script and tell what it changed.
enum ScriptFile {
    /// The script at `path`, read; what the reading guessed (an encoding) is said at once, before any
    /// refusal that may follow. Messages name the file as the person gave it.
    static func load(_ path: String) throws -> LoadedScript {
        let loaded = try LoadedScript(URL(fileURLWithPath: path), file: path)
        warn(loaded.document.warnings)
        return loaded
    }

    /// Prints warnings on standard error, so JSON on standard output stays whole.
    static func warn(_ warnings: [String]) {
        for warning in warnings { Output.error("warning: " + warning) }
    }

    /// Prints the merge's own warnings (the reader's were said by ``load(_:)``), then the changes: one line
    /// each and a count, or JSON.
    static func report(_ result: ScriptImport, from loaded: LoadedScript, json: Bool, dryRun: Bool) throws {
        warn(Array(result.warnings.dropFirst(loaded.document.warnings.count)))
        if json {
            try Output.json(result.changes)
            return
        }
        for change in result.changes where change.kind != .unchanged {
            Output.line(change.summary)
        }
        let counts = [ScriptChange.Kind.added, .updated, .moved, .removed, .unchanged].map { kind in
            "\(result.changes(kind).count) \(kind.rawValue)"
        }
        Output.line((dryRun ? "Would import: " : "Imported: ") + counts.joined(separator: ", ") + ".")
    }
}
