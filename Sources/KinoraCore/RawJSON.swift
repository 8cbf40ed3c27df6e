import Foundation

/// A JSON document as written: objects keep their members in order and every string, number, `true`,
/// `false` and `null` keeps its literal text, so a value read from a file is written back byte for byte.
/// Kinora uses it to carry keys it does not know through a save (see ``UnknownKeys``).
public indirect enum RawJSON: Sendable, Hashable {
    /// A string (with its quotes and escapes), a number, `true`, `false` or `null`, exactly as written.
    case literal(String)
    /// An array, in order.
    case array([RawJSON])
    /// An object's members, in the order written.
    case object([Member])

    /// One member of an object.
    public struct Member: Sendable, Hashable {
        /// The key, escapes resolved (what the key means).
        public var key: String
        /// The key as written between its quotes (what is written back).
        public var rawKey: String
        /// The value.
        public var value: RawJSON

        /// A member named `key`, written as `rawKey`.
        public init(key: String, rawKey: String, value: RawJSON) {
            self.key = key
            self.rawKey = rawKey
            self.value = value
        }
    }

    /// Reads a JSON document; throws when it is not one.
    public init(parsing data: Data) throws {
        var parser = RawJSONParser(bytes: [UInt8](data))
        self = try parser.document()
    }

    /// The value of `key` when this is an object that has it.
    public subscript(key: String) -> RawJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The document as Kinora's JSON encoder lays it out (two-space indents, `"key" : value`, empty
    /// containers on two lines), without a trailing newline.
    public func prettyPrinted() -> Data {
        var bytes: [UInt8] = []
        write(into: &bytes, level: 0)
        return Data(bytes)
    }

    private func write(into bytes: inout [UInt8], level: Int) {
        switch self {
        case .literal(let text):
            bytes.append(contentsOf: text.utf8)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            bytes.append(0x0A)
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(contentsOf: Array(",\n".utf8)) }
                RawJSON.indent(&bytes, level + 1)
                element.write(into: &bytes, level: level + 1)
            }
            bytes.append(0x0A)
            RawJSON.indent(&bytes, level)
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            bytes.append(0x0A)
            for (index, member) in members.enumerated() {
                if index > 0 { bytes.append(contentsOf: Array(",\n".utf8)) }
                RawJSON.indent(&bytes, level + 1)
                bytes.append(contentsOf: Array("\"\(member.rawKey)\" : ".utf8))
                member.value.write(into: &bytes, level: level + 1)
            }
            bytes.append(0x0A)
            RawJSON.indent(&bytes, level)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private static func indent(_ bytes: inout [UInt8], _ level: Int) {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }
}
