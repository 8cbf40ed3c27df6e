import TOMLKit

extension TOMLDocument {
    /// A TOML value as plain Swift.
    public enum Value: Sendable, Equatable {
        /// A string, escapes already applied.
        case string(String)
        /// A whole number.
        case integer(Int)
        /// A number with a fraction or an exponent.
        case float(Double)
        /// `true` or `false`.
        case boolean(Bool)
        /// A date, a time or both, as TOML writes it.
        case dateTime(String)
        /// `[a, b, ...]`, or `[[name]]` tables.
        case array([Value])
        /// A table: `[name]` headers and dotted keys make one that is not `inline`;
        /// `{ key = value }` makes one that is.
        case table([String: Value], inline: Bool)

        /// What kind of value this is, in words, for messages.
        public var kind: String {
            switch self {
            case .string: "a string"
            case .integer: "a whole number"
            case .float: "a number with a fraction"
            case .boolean: "true or false"
            case .dateTime: "a date or time"
            case .array: "a list"
            case .table(_, let inline): inline ? "a table" : "a [table]"
            }
        }

        /// The keys and values of a TOMLKit table.
        static func entries(of table: TOMLTable) -> [String: Value] {
            var entries: [String: Value] = [:]
            for (key, value) in zip(table.keys, table.values) {
                entries[key] = Value(value)
            }
            return entries
        }

        /// The value TOMLKit read.
        init(_ value: TOMLValueConvertible) {
            switch value.type {
            case .table:
                if let table = value.table {
                    self = .table(Self.entries(of: table), inline: table.inline)
                } else {
                    self = .table([:], inline: false)
                }
            case .array:
                self = .array(value.array.map { $0.map { Value($0) } } ?? [])
            case .string: self = .string(value.string ?? "")
            case .int: self = .integer(value.int ?? 0)
            case .double: self = .float(value.double ?? 0)
            case .bool: self = .boolean(value.bool ?? false)
            case .date, .time, .dateTime: self = .dateTime(value.debugDescription)
            }
        }
    }
}
