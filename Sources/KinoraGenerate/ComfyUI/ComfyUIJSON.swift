import Foundation

/// A JSON value as ComfyUI sends and receives it: workflows, WebSocket messages and history entries
/// are free-form objects, and seeds need the full unsigned 64-bit range, so numbers keep their kind.
enum ComfyUIJSON: Sendable, Hashable, Codable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number that fits a signed 64-bit integer.
    case int(Int64)
    /// A whole number above `Int64.max` (a seed near the top of ComfyUI's 0…2⁶⁴−1 range).
    case unsigned(UInt64)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([ComfyUIJSON])
    /// An object.
    case object([String: ComfyUIJSON])

    /// Decodes any JSON value, keeping whole numbers whole.
    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(UInt64.self) {
            self = .unsigned(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ComfyUIJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ComfyUIJSON].self))
        }
    }

    /// Encodes the value as the JSON it came from.
    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .unsigned(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON bytes; `nil` when they are not JSON.
    static func parse(_ data: Data) -> ComfyUIJSON? {
        try? JSONDecoder().decode(ComfyUIJSON.self, from: data)
    }

    /// The value as compact JSON with sorted keys (stable, so it can be hashed and compared).
    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("null".utf8)
    }

    /// The member `key` of an object, or `nil`.
    subscript(key: String) -> ComfyUIJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The members of an object, or `nil`.
    var object: [String: ComfyUIJSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array, or `nil`.
    var array: [ComfyUIJSON]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The string, or `nil`.
    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number as a `Double`, or `nil` for anything that is not a number.
    var number: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .unsigned(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// `true` for JSON `true`.
    var isTrue: Bool { self == .bool(true) }

    /// Short text for messages: strings as they are, anything else as compact JSON.
    var text: String {
        if case .string(let value) = self { return value }
        return String(decoding: encoded(), as: UTF8.self)
    }
}
