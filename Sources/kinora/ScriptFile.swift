import Foundation
import KinoraCore
import KinoraScript

/// A script read from disk for `import` and `new --script`: its elements and fingerprint.
struct ScriptFile {
    /// The script as the person named it.
    var path: String
    /// Its elements.
    var document: ScriptDocument
    /// SHA-256 of its bytes.
    var sha256: String

    /// Reads the script at `path`; its messages name the file (and the line).
    static func read(_ path: String) throws -> ScriptFile {
        let url = URL(fileURLWithPath: path)
        let document = try ScriptReader.read(url, file: path)
        // What the reader guessed (an encoding) goes to the person before anything else is said.
        for warning in document.warnings { Output.error("warning: " + warning) }
        let hash: String
        do {
            hash = try ContentHash.sha256(of: url)
        } catch {
            throw ScriptError(file: path, reason: "it cannot be read (\(error.localizedDescription))")
        }
        return ScriptFile(path: path, document: document, sha256: hash)
    }

    /// The script merged into `project`, recording where it came from.
    func merge(into project: Project) throws -> ScriptImport {
        var result = try ScriptImporter.merge(document, into: project, file: path)
        result.project.script = ScriptSource(
            file: URL(fileURLWithPath: path).lastPathComponent, sha256: sha256, importedAt: Date(),
            author: ScriptImporter.author(of: document), draftDate: ScriptImporter.draftDate(of: document))
        return result
    }

    /// Prints the changes: one line each and a count, or JSON.
    static func report(_ result: ScriptImport, json: Bool, dryRun: Bool) throws {
        if json {
            try Output.json(result.changes)
            return
        }
        for change in result.changes where change.kind != .unchanged {
            Output.line(change.summary)
        }
        let counts = [ScriptChange.Kind.added, .updated, .removed, .unchanged].map { kind in
            "\(result.changes(kind).count) \(kind.rawValue)"
        }
        Output.line((dryRun ? "Would import: " : "Imported: ") + counts.joined(separator: ", ") + ".")
    }
}
