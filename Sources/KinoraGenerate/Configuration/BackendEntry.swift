import Foundation

/// One configured engine, as written in a project's `backends.json` or the user's config file: a
/// ComfyUI server (or several, a pool) or a plug-in program (or several copies of it).
public struct BackendEntry: Codable, Sendable, Equatable {
    /// The kinds of engine Kinora drives.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A ComfyUI server, by URL.
        case comfyui
        /// A program speaking Kinora's plug-in protocol, by argv.
        case plugin
        /// A RunPod serverless endpoint running the worker-comfyui image, by its base URL
        /// (`https://api.runpod.ai/v2/ENDPOINT_ID`).
        case runpod
        /// A model on Replicate's predictions API (`model`, with `inputs` mapping Kinora's request to the
        /// model's input names).
        case replicate
    }

    /// The name shots and `gen --backend` use.
    public var name: String
    /// What it is.
    public var kind: Kind
    /// A ComfyUI server's URL.
    public var url: String?
    /// Several ComfyUI servers serving as one backend (a pool).
    public var urls: [String]?
    /// A plug-in's argv (never run through a shell).
    public var command: [String]?
    /// Several plug-in argvs serving as one backend (a pool; one per GPU, say).
    public var commands: [[String]]?
    /// Takes each endpoint runs at once (default 1).
    public var concurrency: Int?
    /// Seconds a take may run before it is stopped (default 1800).
    public var timeout: Double?
    /// The ComfyUI workflow template per shot mode (`{"image-to-video": "ltxv-i2v"}`); the built-in
    /// Wan templates otherwise.
    public var templates: [String: String]?
    /// The environment variable holding this backend's token (default `KINORA_TOKEN_<NAME>`).
    public var tokenEnv: String?
    /// Variables a plug-in is started with, on top of Kinora's (a model folder, a device).
    public var environment: [String: String]?
    /// The plug-in protocol version the program speaks (1 or 2; default 1).
    public var `protocol`: Int?
    /// The shot modes a plug-in makes (default: image-to-video and video-to-video, and text-to-video
    /// for protocol 2).
    public var modes: [String]?
    /// Whether a protocol 2 plug-in takes an end picture (`last_frame`); default false.
    public var lastFrame: Bool?
    /// A PEM file of the certificate authority that signed a server's certificate (a self-signed
    /// server over `https://`); trusted besides the system's authorities.
    public var caFile: String?
    /// The Replicate model: `owner/name`, or `owner/name:version` for one version of it.
    public var model: String?
    /// How Kinora's request maps to the Replicate model's input names (`{"prompt": "prompt", "image":
    /// "first_frame_image"}`); optional for a model Kinora ships a mapping for.
    public var inputs: [String: String]?

    /// Every key an entry may have, so a misspelt one is refused rather than silently ignored.
    public static let keys: Set<String> = [
        "name", "kind", "url", "urls", "command", "commands", "concurrency", "timeout", "templates",
        "tokenEnv",
        "environment", "protocol", "modes", "lastFrame", "caFile", "model", "inputs",
    ]

    /// An entry with the given values.
    public init(
        name: String, kind: Kind, url: String? = nil, urls: [String]? = nil, command: [String]? = nil,
        commands: [[String]]? = nil, concurrency: Int? = nil, timeout: Double? = nil,
        templates: [String: String]? = nil,
        tokenEnv: String? = nil, environment: [String: String]? = nil
    ) {
        self.name = name
        self.kind = kind
        self.url = url
        self.urls = urls
        self.command = command
        self.commands = commands
        self.concurrency = concurrency
        self.timeout = timeout
        self.templates = templates
        self.tokenEnv = tokenEnv
        self.environment = environment
    }

    /// The endpoints' URLs (ComfyUI, RunPod, Replicate) in order; a Replicate entry without one uses
    /// Replicate's own API.
    public var endpointURLs: [String] {
        let listed = (url.map { [$0] } ?? []) + (urls ?? [])
        return listed.isEmpty && kind == .replicate ? [Self.replicateDefaultURL] : listed
    }

    /// Where Replicate's API is.
    public static let replicateDefaultURL = "https://api.replicate.com"

    /// The endpoints' argvs (plug-ins) in order.
    public var endpointCommands: [[String]] { (command.map { [$0] } ?? []) + (commands ?? []) }

    /// How many endpoints serve this backend.
    public var endpointCount: Int { kind == .plugin ? endpointCommands.count : endpointURLs.count }

    /// Takes each endpoint runs at once.
    public var concurrencyPerEndpoint: Int { max(1, concurrency ?? 1) }

    /// Seconds a take may run.
    public var timeoutSeconds: Double { timeout ?? 1800 }

    /// How the default token variables begin: `KINORA_TOKEN_<NAME>`.
    public static let tokenPrefix = "KINORA_TOKEN_"

    /// The environment variable that holds the token.
    public var tokenVariable: String {
        tokenEnv
            ?? Self.tokenPrefix
            + String(name.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
