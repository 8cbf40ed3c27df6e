import Foundation

/// Turns a storyboard into its on-disk JSON and back, with errors that point at the JSON path.
public enum StoryboardCodec {
    /// Pretty, sorted-key JSON with a trailing newline, so files diff cleanly in git.
    public static func encode(_ project: Project) throws -> Data {
        var data = try encoder().encode(project)
        data.append(0x0A)
        return data
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
        let probe: VersionProbe
        do {
            probe = try decoder().decode(VersionProbe.self, from: data)
        } catch {
            throw StoryboardError.unreadable(file: file, detail: describe(error))
        }
        guard let version = probe.formatVersion else {
            throw StoryboardError.invalid(
                file: file, problems: [ValidationProblem(path: "$.formatVersion", message: "is missing")])
        }
        if version > Project.currentFormatVersion {
            throw StoryboardError.newerFormat(file: file, found: version)
        }
        let project: Project
        do {
            project = try decoder().decode(Project.self, from: data)
        } catch let error as DecodingError {
            throw StoryboardError.invalid(file: file, problems: [problem(for: error)])
        }
        let problems = project.validationProblems()
        if !problems.isEmpty {
            throw StoryboardError.invalid(file: file, problems: problems)
        }
        return project
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

    private static func describe(_ error: Error) -> String {
        if case .dataCorrupted(let context) = error as? DecodingError {
            var detail = context.debugDescription
            if let underlying = context.underlyingError as NSError?,
                let more = underlying.userInfo[NSDebugDescriptionErrorKey] as? String
            {
                detail = more
            }
            return detail.isEmpty ? "the JSON is malformed or cut short" : detail
        }
        return "the JSON is malformed or cut short"
    }
}
