/// Stores small values (`"24000/1001"`, `"1280x720"`, `"dissolve:12"`, `"s3"`) as the text people type,
/// so storyboard files read and diff like notes rather than nested objects.
enum TextCoding {
    /// Decodes the text (a bare JSON number is read as its digits) and parses it, or fails with `rule`.
    static func decode<Value>(_ decoder: Decoder, rule: String, parse: (String) -> Value?) throws -> Value {
        let container = try decoder.singleValueContainer()
        let text = try (try? container.decode(Int.self)).map(String.init) ?? container.decode(String.self)
        guard let value = parse(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\(rule); found \"\(text)\""))
        }
        return value
    }

    /// Encodes `text` as a single JSON string.
    static func encode(_ text: String, to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
