import Foundation

/// Reads Fountain (https://fountain.io/syntax) into a ``ScriptDocument``.
public enum FountainReader {
    /// The elements of the Fountain text in `data`.
    public static func read(_ data: Data, file: String) throws -> ScriptDocument {
        throw ScriptError(file: file, reason: "Fountain is not read yet")
    }
}
