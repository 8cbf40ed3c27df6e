import Foundation

/// Reads a screenplay file into its elements, choosing the reader by the file's extension: `.fountain`,
/// `.spmd` and `.txt` as Fountain, `.fdx` as Final Draft XML.
public enum ScriptReader {

    /// The elements of a script's bytes, read as its extension says.
    public static func read(_ data: Data, pathExtension: String, file: String) throws -> ScriptDocument {
        switch pathExtension.lowercased() {
        case "fdx": return try FinalDraftReader.read(data, file: file)
        case "fountain", "spmd", "txt": return try FountainReader.read(data, file: file)
        default:
            throw ScriptError(
                file: file,
                reason: "Kinora imports Fountain (.fountain, .spmd, .txt) and Final Draft (.fdx) scripts")
        }
    }
}
