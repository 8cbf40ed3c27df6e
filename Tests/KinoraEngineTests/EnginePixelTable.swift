import Foundation
import KinoraEngine

/// The recorded SHA-256 of every pinned take's raw RGB frames, for one engine version, kept in
/// `EnginePixelHashes.json` next to this file.
struct EnginePixelTable: Codable, Equatable {
    /// The `BuiltinEngine.version` the hashes were recorded with.
    var version: String
    /// What the pinned takes are, so a reader of the file knows what its hashes cover.
    var take: String
    /// A hash per camera move (its name in storyboards), with no style.
    var cameras: [String: String]
    /// A hash per style (its name in storyboards), with a static camera.
    var styles: [String: String]
    /// A hash per engine finish that is neither a move nor a style (grain, a partial strength ...).
    var finishes: [String: String]

    /// The environment variable that makes the tests record the table instead of checking it.
    static let recordVariable = "KINORA_RECORD_ENGINE_HASHES"

    /// Whether this run records the table (`KINORA_RECORD_ENGINE_HASHES=1`).
    static var isRecording: Bool { ProcessInfo.processInfo.environment[recordVariable] == "1" }

    /// The table file: `EnginePixelHashes.json` beside this source file.
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("EnginePixelHashes.json")

    /// What to do when the pixels no longer match: said by every failing pin.
    static let advice =
        "the engine's pixels changed — bump `BuiltinEngine.version` and re-record with "
        + "`\(recordVariable)=1 swift test --filter EnginePixelTests`"

    /// The recorded table, or `nil` when there is none yet.
    static func load() throws -> EnginePixelTable? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return try JSONDecoder().decode(EnginePixelTable.self, from: Data(contentsOf: file))
    }

    /// Writes the table, keys sorted and one per line, so a re-recording reads well in a diff.
    func write() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(contentsOf: Data("\n".utf8))
        try data.write(to: Self.file, options: .atomic)
    }
}
