import Foundation

/// Reads Final Draft's XML (`.fdx`) into a ``ScriptDocument``.
public enum FinalDraftReader {
    /// The elements of the Final Draft document in `data`.
    public static func read(_ data: Data, file: String) throws -> ScriptDocument {
        throw ScriptError(file: file, reason: "Final Draft is not read yet")
    }
}
