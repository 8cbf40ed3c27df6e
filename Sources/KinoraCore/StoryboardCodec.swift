import Foundation

/// Turns a storyboard into its on-disk JSON and back, with errors that point at the JSON path.
public enum StoryboardCodec {
    /// Pretty, sorted-key JSON with a trailing newline, so files diff cleanly in git; the keys the file
    /// held that Kinora does not know (``Project/unknownKeys``) are written back in their places.
    public static func encode(_ project: Project) throws -> Data {
        guard !project.unknownKeys.isEmpty else { return try encodeJSON(project) }
        let known = try RawJSON(parsing: encoder().encode(project))
        return finished(project.unknownKeys.restored(into: known).prettyPrinted())
    }

    /// Any value as Kinora writes JSON: pretty, sorted keys, a trailing newline, and C1 control characters
    /// escaped (`\u009b`) — JSON allows them raw, but some terminals act on them when the file is shown.
    public static func encodeJSON<Value: Encodable>(_ value: Value) throws -> Data {
        finished(try encoder().encode(value))
    }

    /// Encoded JSON with C1 control characters escaped and a trailing newline. Copies runs between escapes
    /// whole: a long storyboard is megabytes, and byte-by-byte appends cost more than the encoding.
    private static func finished(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + 1)
        var runStart = 0
        var index = 0
        while index < bytes.count {
            // U+0080–U+009F are 0xC2 0x80–0x9F in UTF-8, and only ever appear inside strings.
            if bytes[index] == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
                out += bytes[runStart..<index]
                out += Array(String(format: "\\u%04x", Int(bytes[index + 1])).utf8)
                index += 2
                runStart = index
            } else {
                index += 1
            }
        }
        out += bytes[runStart..<bytes.count]
        out.append(0x0A)
        return Data(out)
    }

    /// The encoder every Kinora JSON file uses: pretty, stable key order, ISO 8601 dates.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// The matching decoder.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Reads a storyboard from `data`, refusing newer formats before anything else and then checking every
    /// rule; `file` names the file in messages.
    public static func decode(_ data: Data, file: String) throws -> Project {
        struct VersionProbe: Decodable { var formatVersion: Int? }
        do {
            _ = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw StoryboardError.unreadable(file: file, detail: syntaxProblem(error, in: data))
        }
        let probe: VersionProbe
        do {
            probe = try decoder().decode(VersionProbe.self, from: data)
        } catch {
            throw StoryboardError.invalid(
                file: file,
                problems: [ValidationProblem(path: "$.formatVersion", message: "should be a whole number")])
        }
        guard let version = probe.formatVersion else {
            throw StoryboardError.invalid(
                file: file, problems: [ValidationProblem(path: "$.formatVersion", message: "is missing")])
        }
        if version > Project.currentFormatVersion {
            throw StoryboardError.newerFormat(file: file, found: version)
        }
        var project: Project
        do {
            project = try decoder().decode(Project.self, from: data)
        } catch let error as DecodingError {
            throw StoryboardError.invalid(file: file, problems: [problem(for: error)])
        }
        let problems = project.validationProblems()
        if !problems.isEmpty {
            throw StoryboardError.invalid(file: file, problems: problems)
        }
        project.unknownKeys = try unknownKeys(in: data, of: project, file: file)
        return project
    }

    /// What the file holds that `project`, as Kinora writes it, lacks. A file as Kinora wrote it (the
    /// usual case) is recognised by its bytes, without reading it again.
    private static func unknownKeys(in data: Data, of project: Project, file: String) throws -> UnknownKeys {
        let written = try encodeJSON(project)
        if written == data { return UnknownKeys() }
        let document: RawJSON
        do {
            document = try RawJSON(parsing: data)
        } catch {
            // The syntax was checked already; this reader takes only UTF-8, as Kinora writes.
            throw StoryboardError.unreadable(
                file: file, detail: "it is not UTF-8 JSON (\(error)); save it as UTF-8")
        }
        return UnknownKeys(document: document, known: try RawJSON(parsing: written))
    }

    /// `$.shots[2].duration` for a decoding path.
    public static func jsonPath(_ codingPath: [CodingKey]) -> String {
        codingPath.reduce("$") { path, key in
            if let index = key.intValue { return "\(path)[\(index)]" }
            return "\(path).\(key.stringValue)"
        }
    }

    private static func problem(for error: DecodingError) -> ValidationProblem {
        switch error {
        case .keyNotFound(let key, let context):
            return ValidationProblem(
                path: jsonPath(context.codingPath + [key]),
                message: "is missing; add it or restore the backup")
        case .typeMismatch(let type, let context):
            return ValidationProblem(
                path: jsonPath(context.codingPath), message: "should be \(describe(type))")
        case .valueNotFound(let type, let context):
            return ValidationProblem(
                path: jsonPath(context.codingPath), message: "is null but should be \(describe(type))")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // The syntax was checked first, so this is a number that does not fit its field.
            return ValidationProblem(
                path: "$",
                message: "a number does not fit its field (a negative seed, say, or a fraction where a whole "
                    + "number belongs)")
        case .dataCorrupted(let context):
            return ValidationProblem(path: jsonPath(context.codingPath), message: context.debugDescription)
        @unknown default:
            return ValidationProblem(path: "$", message: String(describing: error))
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Bool.Type: "true or false"
        case is Int.Type, is UInt64.Type: "a whole number"
        case is Double.Type: "a number"
        case is [Any].Type: "a list"
        default: "a \(type)"
        }
    }

    /// What is wrong with JSON that does not parse, with its line and column when the parser says where.
    private static func syntaxProblem(_ error: Error, in data: Data) -> String {
        if data.allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) { return "the file is empty" }
        let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
        if detail.contains("end of file") { return "the JSON ends too early (the file looks cut short)" }
        guard let range = detail.range(of: #"character (\d+)"#, options: .regularExpression),
            let offset = Int(detail[range].dropFirst("character ".count))
        else { return "the JSON is malformed" }
        let before = data.prefix(offset)
        let line = before.filter { $0 == 0x0A }.count + 1
        let column = before.count - (before.lastIndex(of: 0x0A).map { $0 - before.startIndex + 1 } ?? 0) + 1
        return "the JSON is malformed at line \(line), column \(column)"
    }
}
