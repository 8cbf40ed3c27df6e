import Foundation

/// Reads a screenplay file into its elements, choosing the reader by the file's extension: `.fountain`,
/// `.spmd` and `.txt` as Fountain, `.fdx` as Final Draft XML.
public enum ScriptReader {
    /// The extensions Kinora imports, for messages and the file picker.
    public static let extensions = ["fountain", "spmd", "txt", "fdx"]

    /// The elements of the script at `url`; `file` names it in messages (as the person gave it).
    ///
    /// - Throws: ``ScriptError`` naming the file (and the line) for a file that is not a script.
    public static func read(_ url: URL, file: String) throws -> ScriptDocument {
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
        switch url.pathExtension.lowercased() {
        case "fdx": return try FinalDraftReader.read(data, file: file)
        case "fountain", "spmd", "txt": return try FountainReader.read(data, file: file)
        default:
            throw ScriptError(
                file: file,
                reason: "Kinora imports Fountain (.fountain, .spmd, .txt) and Final Draft (.fdx) scripts")
        }
    }
}
