import Foundation

/// A Replicate model version's input schema (`openapi_schema.components.schemas.Input` of
/// `GET /v1/models/{owner}/{name}` or its versions route), reduced to what Kinora needs: the input names,
/// which are required, and each one's type, choices and bounds, so values are sent as the model takes them.
struct ReplicateSchema: Sendable, Hashable {
    /// One input of the model.
    struct Input: Sendable, Hashable {
        /// `string`, `integer`, `number`, `boolean`, `array` … (`nil` when the schema does not say).
        var type: String?
        /// The allowed values, as JSON text values (numbers and strings), when the input is a choice.
        var choices: [Choice] = []
        /// The smallest value allowed.
        var minimum: Double?
        /// The largest value allowed.
        var maximum: Double?
        /// Whether the model has a default for it.
        var hasDefault = false
    }

    /// One allowed value of a choice input.
    enum Choice: Sendable, Hashable {
        /// A number.
        case number(Double)
        /// A text.
        case text(String)
    }

    /// The inputs by name.
    var inputs: [String: Input]
    /// The inputs the model cannot run without.
    var required: Set<String>
    /// The version the schema belongs to (64 hex digits), when the API said.
    var version: String?

    /// The input names, sorted, for messages.
    var names: [String] { inputs.keys.sorted() }

    /// Reads the schema from a model (`latest_version`) or version object; `nil` when it holds none.
    init?(modelOrVersion object: [String: Any]) {
        let version = (object["latest_version"] as? [String: Any]) ?? object
        guard let openAPI = version["openapi_schema"] as? [String: Any],
            let schemas = (openAPI["components"] as? [String: Any])?["schemas"] as? [String: Any],
            let input = schemas["Input"] as? [String: Any],
            let properties = input["properties"] as? [String: Any]
        else { return nil }
        self.version = version["id"] as? String
        required = Set((input["required"] as? [String]) ?? [])
        var inputs: [String: Input] = [:]
        for (name, value) in properties {
            guard let property = value as? [String: Any] else { continue }
            inputs[name] = Self.input(property, schemas: schemas)
        }
        self.inputs = inputs
    }

    /// A schema with the given inputs (for tests).
    init(inputs: [String: Input], required: Set<String> = [], version: String? = nil) {
        self.inputs = inputs
        self.required = required
        self.version = version
    }

    /// One property, following `$ref` and `allOf`/`anyOf` to the shared schemas Cog writes choices into.
    private static func input(_ property: [String: Any], schemas: [String: Any]) -> Input {
        var merged = property
        var parts: [[String: Any]] = []
        if let reference = property["$ref"] as? String { parts.append(["$ref": reference]) }
        for key in ["allOf", "anyOf", "oneOf"] {
            parts += (property[key] as? [[String: Any]]) ?? []
        }
        for part in parts {
            var resolved = part
            if let reference = part["$ref"] as? String,
                let name = reference.split(separator: "/").last,
                let target = schemas[String(name)] as? [String: Any]
            {
                resolved = target
            }
            for (key, value) in resolved where merged[key] == nil { merged[key] = value }
        }
        var input = Input()
        input.type = merged["type"] as? String
        input.minimum = number(merged["minimum"])
        input.maximum = number(merged["maximum"])
        input.hasDefault = merged["default"] != nil
        for choice in (merged["enum"] as? [Any]) ?? [] {
            if let text = choice as? String {
                input.choices.append(.text(text))
            } else if let value = number(choice) {
                input.choices.append(.number(value))
            }
        }
        return input
    }

    /// A JSON number as `Double` (JSONSerialization gives `Int`, `Double` or `NSNumber`); `nil` for a
    /// boolean or anything else.
    static func number(_ value: Any?) -> Double? {
        switch value {
        case let value as Int: return Double(value)
        case let value as Double: return value
        case is Bool: return nil
        case let value as NSNumber: return value.doubleValue
        default: return nil
        }
    }
}
