import Foundation

/// Reads UTF-8 JSON into a ``RawJSON``, keeping every literal's text. Strict: one value, optionally
/// after a byte order mark and surrounded by white space.
struct RawJSONParser {
    /// Why the bytes are not JSON, and where.
    struct Failure: Error, CustomStringConvertible {
        /// The byte offset of the problem.
        var offset: Int
        /// What was expected there.
        var expected: String

        /// The problem, for messages.
        var description: String { "expected \(expected) at byte \(offset)" }
    }

    /// Nesting deeper than this is refused rather than risking the stack.
    private static let maximumDepth = 512

    private let bytes: [UInt8]
    private var index = 0

    /// A parser over `bytes`.
    init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    /// The one value the bytes hold.
    mutating func document() throws -> RawJSON {
        let result = try value(depth: 0)
        skipWhiteSpace()
        guard index == bytes.count else { throw Failure(offset: index, expected: "the end of the document") }
        return result
    }

    private mutating func value(depth: Int) throws -> RawJSON {
        guard depth < RawJSONParser.maximumDepth else {
            throw Failure(offset: index, expected: "less deeply nested values")
        }
        skipWhiteSpace()
        guard index < bytes.count else { throw Failure(offset: index, expected: "a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .literal("\"\(try stringContents())\"")
        default: return .literal(try bareLiteral())
        }
    }

    private mutating func object(depth: Int) throws -> RawJSON {
        index += 1
        var members: [RawJSON.Member] = []
        skipWhiteSpace()
        if consume(UInt8(ascii: "}")) { return .object(members) }
        repeat {
            skipWhiteSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw Failure(offset: index, expected: "a key in quotes")
            }
            let rawKey = try stringContents()
            skipWhiteSpace()
            guard consume(UInt8(ascii: ":")) else { throw Failure(offset: index, expected: "':'") }
            let value = try value(depth: depth + 1)
            members.append(
                RawJSON.Member(key: try RawJSONParser.unescaped(rawKey), rawKey: rawKey, value: value))
            skipWhiteSpace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw Failure(offset: index, expected: "',' or '}'") }
        return .object(members)
    }

    private mutating func array(depth: Int) throws -> RawJSON {
        index += 1
        var elements: [RawJSON] = []
        skipWhiteSpace()
        if consume(UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            elements.append(try value(depth: depth + 1))
            skipWhiteSpace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw Failure(offset: index, expected: "',' or ']'") }
        return .array(elements)
    }

    /// The text between a string's quotes, escapes left as written; the index ends past the closing quote.
    private mutating func stringContents() throws -> String {
        let start = index + 1
        var cursor = start
        while cursor < bytes.count {
            switch bytes[cursor] {
            case UInt8(ascii: "\""):
                index = cursor + 1
                return String(decoding: bytes[start..<cursor], as: UTF8.self)
            case UInt8(ascii: "\\"):
                cursor += 2
            default:
                cursor += 1
            }
        }
        throw Failure(offset: start - 1, expected: "a closing quote")
    }

    /// A number, `true`, `false` or `null`.
    private mutating func bareLiteral() throws -> String {
        let start = index
        while index < bytes.count, RawJSONParser.isLiteralByte(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        let isNumber =
            text.first.map { $0 == "-" || $0.isASCII && $0.isNumber } == true && Double(text) != nil
        guard isNumber || ["true", "false", "null"].contains(text) else {
            throw Failure(offset: start, expected: "a value")
        }
        return text
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhiteSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Whether `byte` can be part of a number, `true`, `false` or `null`.
    private static func isLiteralByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "+"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "E"):
            return true
        default:
            return false
        }
    }

    /// What a string's contents mean, escapes resolved.
    private static func unescaped(_ raw: String) throws -> String {
        guard raw.contains("\\") else { return raw }
        return try JSONDecoder().decode(String.self, from: Data("\"\(raw)\"".utf8))
    }
}
