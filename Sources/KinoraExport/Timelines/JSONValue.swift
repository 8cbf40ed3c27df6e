/// A JSON document written by hand, so OTIO files keep OTIO's key order, write rates as `24.0` and escape
/// every control character in text from people.
indirect enum JSONValue: Sendable {
    /// An object whose keys keep the given order.
    case object([(String, JSONValue)])
    /// An array.
    case array([JSONValue])
    /// A string.
    case string(String)
    /// A whole number.
    case int(Int)
    /// A number with a fraction (always written with a decimal point or exponent).
    case double(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// The value as pretty-printed JSON (four-space indents), ending in a newline at the top level.
    func text() -> String {
        var out = ""
        write(to: &out, indent: 0)
        return out
    }

    private func write(to out: inout String, indent: Int) {
        switch self {
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            out += "{\n"
            for (index, (key, value)) in members.enumerated() {
                out += String(repeating: " ", count: indent + 4)
                out += Self.quoted(key) + ": "
                value.write(to: &out, indent: indent + 4)
                out += index + 1 < members.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        case .array(let elements):
            guard !elements.isEmpty else {
                out += "[]"
                return
            }
            out += "[\n"
            for (index, value) in elements.enumerated() {
                out += String(repeating: " ", count: indent + 4)
                value.write(to: &out, indent: indent + 4)
                out += index + 1 < elements.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .string(let text): out += Self.quoted(text)
        case .int(let value): out += "\(value)"
        case .double(let value):
            // Swift prints the shortest text that reads back exactly ("24.0", "23.976023976023978").
            out += value.isFinite ? "\(value)" : "null"
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// `text` as a JSON string literal: quotes, backslashes and every control character escaped; other
    /// characters (CJK, emoji) kept as UTF-8.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028
                    || scalar.value == 0x2029
                {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
