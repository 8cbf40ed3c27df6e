import Foundation
import KinoraCore

/// A script file read once: its elements and the hash of the very bytes they came from. The one way in
/// for `kinora import`, `kinora new --script` and the studio's file picker.
public struct LoadedScript: Sendable {
    /// The file's name, as the storyboard records it.
    public var fileName: String
    /// The file as messages name it.
    public var file: String
    /// Its elements, and what reading them guessed (``ScriptDocument/warnings``).
    public var document: ScriptDocument
    /// SHA-256 of its bytes.
    public var sha256: String

    /// Reads the script at `url`; `file` names it in messages (as the person gave it).
    ///
    /// - Throws: ``ScriptError`` naming the file (and the line) for a file that is not a script.
    public init(_ url: URL, file: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw ScriptError(file: file, reason: "there is no such file; check the path")
        }
        guard !isFolder.boolValue else {
            throw ScriptError(file: file, reason: "it is a folder; give the script file itself")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ScriptError(file: file, reason: "it cannot be read (\(error.localizedDescription))")
        }
        self.fileName = url.lastPathComponent
        self.file = file
        self.document = try ScriptReader.read(data, pathExtension: url.pathExtension, file: file)
        self.sha256 = ContentHash.sha256(of: data)
    }

    /// The script merged into `project` (``ScriptImporter/merge(_:into:file:)``), recording which file it
    /// was (name, hash, the title page's author and draft date); the reader's warnings come first.
    public func merge(into project: Project, at now: Date = Date()) throws -> ScriptImport {
        var result = try ScriptImporter.merge(document, into: project, file: file)
        result.project.script = ScriptSource(
            file: fileName, sha256: sha256, importedAt: now, author: ScriptImporter.author(of: document),
            draftDate: ScriptImporter.draftDate(of: document))
        result.warnings = document.warnings + result.warnings
        return result
    }
}
