import Foundation
import KinoraCore

/// How one Replicate model is driven: which part of Kinora's request goes to which of the model's
/// inputs, the shot modes that mapping can serve and the longest take asked of the model. It comes from
/// the backend's `inputs`, else from the mappings Kinora ships (Resources/Replicate/models.json).
public struct ReplicateMapping: Sendable, Hashable {
    /// Kinora request field (``ReplicateModelName/requestFields``) → the model's input name.
    public var inputs: [String: String]
    /// The shot modes the mapping serves: image-to-video needs `image`, text-to-video needs `prompt`.
    public var modes: Set<ShotMode>
    /// The longest take, in seconds.
    public var maximumDuration: Double
    /// Whether the mapping is one Kinora ships (for messages).
    public var isShipped: Bool

    /// The longest take for a mapping of the person's own: the longest clip current hosted models make.
    public static let defaultMaximumDuration = 15.0

    /// A mapping of the person's own: its modes follow from what it maps.
    public init(inputs: [String: String], maximumDuration: Double = defaultMaximumDuration) {
        self.inputs = inputs
        var modes: Set<ShotMode> = []
        if inputs["image"] != nil { modes.insert(.imageToVideo) }
        if inputs["prompt"] != nil { modes.insert(.textToVideo) }
        self.modes = modes
        self.maximumDuration = maximumDuration
        isShipped = false
    }

    /// A shipped mapping with its own modes and limit.
    init(inputs: [String: String], modes: Set<ShotMode>, maximumDuration: Double) {
        self.inputs = inputs
        self.modes = modes
        self.maximumDuration = maximumDuration
        isShipped = true
    }

    /// The mapping for `entry`: its own `inputs`, else the one Kinora ships for its model; refuses, naming
    /// `place` and the key to add, a model with neither, and a mapping that serves no shot mode.
    public static func resolve(_ entry: BackendEntry, place: String) throws -> ReplicateMapping {
        let model = ReplicateModelName(entry.model ?? "")
        if let inputs = entry.inputs {
            let mapping = ReplicateMapping(inputs: inputs)
            guard !mapping.modes.isEmpty else {
                throw BackendConfigError.invalid(
                    place: "\(place).inputs",
                    reason:
                        "map \"image\" (image-to-video) or \"prompt\" (text-to-video) to the model's input, such as "
                        + "{\"prompt\": \"prompt\", \"image\": \"image\"}")
            }
            return mapping
        }
        if let model, let shipped = shipped[model.model] { return shipped }
        let known = shipped.keys.sorted().joined(separator: ", ")
        throw BackendConfigError.invalid(
            place: "\(place).inputs",
            reason:
                "Kinora ships no mapping for the model \"\(TerminalText.sanitized(entry.model ?? ""))\"; add "
                + "\"inputs\" naming the model's input for each part of the request, such as {\"prompt\": "
                + "\"prompt\", \"image\": \"image\"} (see the model's API page on replicate.com). Models with a "
                + "shipped mapping: \(known)")
    }

    /// The mappings Kinora ships, by `owner/name` (none when the resource bundle is missing).
    public static let shipped: [String: ReplicateMapping] = {
        guard let file = locateShipped(), let data = try? Data(contentsOf: file),
            let document = try? JSONDecoder().decode(ShippedFile.self, from: data)
        else { return [:] }
        var mappings: [String: ReplicateMapping] = [:]
        for (model, entry) in document.models {
            mappings[model] = ReplicateMapping(
                inputs: entry.inputs, modes: Set(entry.modes.compactMap(ShotMode.init(rawValue:))),
                maximumDuration: entry.maximumDuration)
        }
        return mappings
    }()

    /// The shipped file's layout.
    private struct ShippedFile: Decodable {
        struct Model: Decodable {
            var modes: [String]
            var maximumDuration: Double
            var inputs: [String: String]
        }
        var models: [String: Model]
    }

    /// `Resources/Replicate/models.json` of this module's bundle, when it is there.
    static func locateShipped() -> URL? {
        guard let file = BundledResources.folder("Replicate")?.appendingPathComponent("models.json"),
            FileManager.default.fileExists(atPath: file.path)
        else { return nil }
        return file
    }
}
