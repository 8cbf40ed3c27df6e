import Foundation
import KinoraCore

/// The backends a project can use: its own `backends.json`, then the user's config file, with tokens
/// from the environment or the user's config (mode 0600) — never from the project, never shown.
public struct BackendSettings: Sendable {
    /// The configured backends by name (a project may not redefine one of the user's).
    public private(set) var entries: [String: BackendEntry]
    /// Which file each entry came from, for messages.
    public private(set) var origins: [String: String]
    /// Tokens from the user's config file, by backend name.
    private var storedTokens: [String: String]
    /// Backends the user defined in their own config: only these ever get a token, so a shared project
    /// cannot send someone's token to a server or program it chooses.
    private var userDefined: Set<String> = []
    /// Where the user's tokens were read from, for messages.
    public let userConfigPath: String
    /// The environment tokens are read from.
    private let environment: [String: String]

    /// The file in a project folder that names its backends.
    public static let projectFile = "backends.json"

    /// The user's config file: `$XDG_CONFIG_HOME/kinora/config.json`, else `~/.config/kinora/config.json`.
    public static func userConfigURL(environment: [String: String]) -> URL {
        UserConfigFolder.url(environment: environment).appendingPathComponent("config.json")
    }

    /// Reads the user's config and the project's `backends.json` (either may be missing).
    public init(projectFolder: URL?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws
    {
        self.environment = environment
        entries = [:]
        origins = [:]
        storedTokens = [:]
        let user = Self.userConfigURL(environment: environment)
        userConfigPath = user.path
        if let document = try Self.read(user, allowTokens: true) {
            try add(document.backends ?? [], from: user.path, isUsers: true)
            if let tokens = document.tokens, !tokens.isEmpty {
                try Self.requirePrivate(user)
                storedTokens = tokens
            }
        }
        if let projectFolder {
            let file = projectFolder.appendingPathComponent(Self.projectFile)
            if let document = try Self.read(file, allowTokens: false) {
                try add(document.backends ?? [], from: file.path, isUsers: false)
            }
        }
    }

    /// The token for `entry`: its environment variable, else the user's config; nil when there is none,
    /// and always nil for a backend the project defines (its URL or command is the project's choice).
    public func token(for entry: BackendEntry) -> String? {
        guard userDefined.contains(entry.name), entries[entry.name] == entry else { return nil }
        if let value = environment[entry.tokenVariable], !value.isEmpty { return value }
        return storedTokens[entry.name]
    }

    /// Every variable a token may be read from (`KINORA_TOKEN_<NAME>` or `tokenEnv`, for each backend):
    /// a program started for one backend is given none of them but its own.
    public var tokenVariables: Set<String> { Set(entries.values.map(\.tokenVariable)) }

    /// Where a backend's token should be put, for messages (never the token itself).
    public func tokenHint(for entry: BackendEntry) -> String {
        guard userDefined.contains(entry.name) else {
            return "tokens are only sent to backends defined in your own config, \(userConfigPath): define "
                + "the server there under a name of your own (a project cannot reuse it), choose that backend "
                + "for the shot, and set \(BackendEntry.tokenPrefix)<NAME> (or \"tokens\" in that file, mode 0600)"
        }
        return "set \(entry.tokenVariable) in the environment, or \"tokens\": {\"\(entry.name)\": …} in "
            + "\(userConfigPath) (mode 0600)"
    }

    /// The file layout both files share.
    private struct Document: Decodable {
        var backends: [BackendEntry]?
        var tokens: [String: String]?
    }

    private mutating func add(_ list: [BackendEntry], from path: String, isUsers: Bool) throws {
        var seen: Set<String> = []
        for (index, entry) in list.enumerated() {
            let place = "\(path): backends[\(index)]"
            try Self.validate(entry, at: place)
            guard seen.insert(entry.name).inserted else {
                throw BackendConfigError.invalid(
                    place: "\(place).name", reason: "\"\(entry.name)\" is named twice in this file")
            }
            if !isUsers, userDefined.contains(entry.name), let userFile = origins[entry.name] {
                throw BackendConfigError.invalid(
                    place: "\(place).name",
                    reason:
                        "\"\(entry.name)\" is already a backend of yours, defined in \(userFile); a project cannot "
                        + "redefine it (your shots and prompts would go to the project's server or program): "
                        + "rename the backend in this file, or yours in \(userFile)")
            }
            if !isUsers && entry.tokenEnv != nil {
                throw BackendConfigError.invalid(
                    place: "\(place).tokenEnv",
                    reason:
                        "a project cannot choose which environment variable is sent as a token; set tokenEnv "
                        + "in your own config, \(userConfigPath)")
            }
            entries[entry.name] = entry
            origins[entry.name] = path
            if isUsers { userDefined.insert(entry.name) }
        }
    }

    /// Checks an entry's fields, naming the file, the entry and the key.
    static func validate(_ entry: BackendEntry, at place: String) throws {
        let fail = { (key: String, rule: String) in
            BackendConfigError.invalid(place: "\(place).\(key)", reason: rule)
        }
        let allowed = entry.name.unicodeScalars.allSatisfy {
            CharacterSet.lowercaseLetters.contains($0) || CharacterSet.decimalDigits.contains($0)
                || "-_".unicodeScalars.contains($0)
        }
        guard !entry.name.isEmpty, entry.name.count <= 40, allowed,
            entry.name.unicodeScalars.allSatisfy(\.isASCII)
        else {
            throw fail("name", "a backend name is 1–40 lowercase letters, digits, - or _")
        }
        guard entry.name != "builtin" else {
            throw fail("name", "builtin is the built-in engine's name; choose another")
        }
        if let concurrency = entry.concurrency, !(1...64).contains(concurrency) {
            throw fail("concurrency", "concurrency is 1 to 64 takes at once per endpoint")
        }
        if let timeout = entry.timeout, !(timeout >= 1 && timeout <= 86_400) {
            throw fail("timeout", "timeout is 1 to 86400 seconds")
        }
        try validateServerKeys(entry, fail: fail)
        switch entry.kind {
        case .comfyui, .runpod:
            guard !entry.endpointURLs.isEmpty else {
                throw fail(
                    "url",
                    entry.kind == .comfyui
                        ? "a comfyui backend needs \"url\" or \"urls\""
                        : "a runpod backend needs \"url\": the endpoint's base, https://api.runpod.ai/v2/ENDPOINT_ID"
                )
            }
            for mode in (entry.templates ?? [:]).keys
            where ShotMode(rawValue: mode) == nil && mode != ComfyUITemplates.firstLastKey
                && mode != ComfyUITemplates.referenceKey
            {
                throw fail(
                    "templates",
                    "\"\(TerminalText.sanitized(mode))\" is not a shot mode (text-to-video, image-to-video, "
                        + "video-to-video), \(ComfyUITemplates.firstLastKey) or \(ComfyUITemplates.referenceKey)"
                )
            }
        case .replicate:
            guard let model = entry.model, ReplicateModelName(model) != nil else {
                throw fail(
                    "model", "a replicate backend needs \"model\": owner/name, or owner/name:version")
            }
            for (key, input) in (entry.inputs ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard ReplicateModelName.requestFields.contains(key) else {
                    throw fail(
                        "inputs",
                        "\"\(TerminalText.sanitized(key))\" is not a part of Kinora's request; map one of "
                            + ReplicateModelName.requestFields.sorted().joined(separator: ", "))
                }
                guard !input.isEmpty, input.count <= 100 else {
                    throw fail("inputs.\(key)", "name the model's input (1–100 characters)")
                }
            }
        case .plugin:
            guard !entry.endpointCommands.isEmpty,
                entry.endpointCommands.allSatisfy({ !($0.first ?? "").isEmpty })
            else {
                throw fail(
                    "command",
                    "a plugin backend needs \"command\" (an argv such as [\"python3\", \"plugin.py\"])")
            }
            let version = entry.protocol ?? 1
            guard PluginRequest.protocolVersions.contains(version) else {
                throw fail(
                    "protocol",
                    "Kinora speaks plug-in protocol 1 and 2; write the version the program speaks")
            }
            let makes = Set(ShotMode.allCases.filter { $0 != .slate }.map(\.rawValue))
            for mode in entry.modes ?? [] where !makes.contains(mode) {
                throw fail(
                    "modes",
                    "\"\(TerminalText.sanitized(mode))\" is not a mode a plug-in makes (text-to-video, image-to-video, "
                        + "video-to-video)")
            }
            if version < 2, entry.modes?.contains(ShotMode.textToVideo.rawValue) == true {
                throw fail(
                    "modes",
                    "text-to-video needs plug-in protocol 2; add \"protocol\": 2 if the program speaks it")
            }
            if version < 2, entry.lastFrame == true {
                throw fail(
                    "lastFrame", "an end picture (last_frame) needs plug-in protocol 2; add \"protocol\": 2")
            }
            if entry.modes?.isEmpty == true {
                throw fail("modes", "list at least one mode, or leave \"modes\" out for the default")
            }
        }
    }

    /// Checks the keys of server kinds (URLs, `caFile`) and refuses keys that belong to other kinds.
    private static func validateServerKeys(
        _ entry: BackendEntry, fail: (String, String) -> BackendConfigError
    ) throws {
        if entry.kind == .plugin {
            for (key, value) in [("url", entry.url), ("caFile", entry.caFile)] where value != nil {
                throw fail(key, "a plugin backend is a program (\"command\"); \(key) is for servers")
            }
        } else {
            for url in entry.endpointURLs {
                guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""),
                    parsed.host != nil
                else {
                    throw fail("url", "\"\(TerminalText.sanitized(url))\" is not an http:// or https:// URL")
                }
                guard parsed.query == nil && parsed.fragment == nil else {
                    throw fail("url", "give the server's address only (no ?query or #fragment)")
                }
                guard parsed.user == nil && parsed.password == nil else {
                    throw fail(
                        "url",
                        "put no credentials in a URL; a token goes in the environment or the user config")
                }
            }
            if let caFile = entry.caFile, caFile.isEmpty || caFile.contains("\0") {
                throw fail("caFile", "give the path of the certificate authority's PEM file")
            }
        }
        if entry.kind != .replicate {
            for (key, present) in [("model", entry.model != nil), ("inputs", entry.inputs != nil)]
            where present {
                throw fail(key, "\(key) is for replicate backends")
            }
        }
        if entry.kind == .plugin || entry.kind == .replicate, entry.templates != nil {
            throw fail("templates", "templates are ComfyUI workflows, for comfyui and runpod backends")
        }
    }

    /// The document in `url`, nil when the file does not exist; refuses tokens where they do not belong.
    private static func read(_ url: URL, allowTokens: Bool) throws -> Document? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw BackendConfigError.invalid(
                place: url.path, reason: "it cannot be read (\(error.localizedDescription))")
        }
        if let raw = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let entries = (raw["backends"] as? [[String: Any]]) ?? []
            for (index, entry) in entries.enumerated() {
                let unknown = Set(entry.keys).subtracting(BackendEntry.keys).subtracting(
                    allowTokens ? [] : ["token"])
                if let key = unknown.sorted().first {
                    throw BackendConfigError.invalid(
                        place: "\(url.path): backends[\(index)].\(TerminalText.sanitized(key))",
                        reason: "Kinora does not know this key; the keys are "
                            + BackendEntry.keys.sorted().joined(separator: ", "))
                }
            }
        }
        if !allowTokens, let raw = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let entries = (raw["backends"] as? [[String: Any]]) ?? []
            if raw["tokens"] != nil || entries.contains(where: { $0["token"] != nil }) {
                throw BackendConfigError.invalid(
                    place: url.path,
                    reason:
                        "tokens do not belong in a project (it is shared and kept in git); remove them and set "
                        + "KINORA_TOKEN_<NAME> in the environment or put them in the user config (mode 0600)")
            }
        }
        do {
            return try JSONDecoder().decode(Document.self, from: data)
        } catch let error as DecodingError {
            throw BackendConfigError.invalid(place: url.path, reason: Self.describe(error))
        }
    }

    /// A decoding error as a path and a reason.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "it is not valid JSON"
        case .dataCorrupted(let context):
            let kinds = BackendEntry.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            return "\(path(context.codingPath)) is not a value Kinora knows (a kind is one of: \(kinds))"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return "it should hold an object: {\"backends\": [{\"name\": …, \"kind\": …}, …]}"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return
                "\(path(context.codingPath)) has the wrong type (a number, text, a list or an object is expected there)"
        @unknown default:
            return "it cannot be read"
        }
    }

    /// Refuses a config file holding tokens that others can read.
    private static func requirePrivate(_ url: URL) throws {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return }
        if info.st_mode & 0o077 != 0 {
            throw BackendConfigError.invalid(
                place: url.path, reason: "it holds tokens but others can read it; run `chmod 600 \(url.path)`"
            )
        }
    }
}
