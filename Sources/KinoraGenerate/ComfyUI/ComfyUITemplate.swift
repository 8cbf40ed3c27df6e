import Foundation
import KinoraCore

/// One workflow template in ComfyUI's API format (node id → `{class_type, inputs}`) with named
/// placeholders written as whole string values (`"{{seed}}"`), checked when loaded so a broken template
/// is refused with its file named before any take is queued.
struct ComfyUITemplate: Sendable, Hashable {
    /// Where a template was found; a project's template overrides the user's, which overrides Kinora's.
    enum Origin: String, Sendable, Hashable {
        /// Shipped with Kinora.
        case builtIn = "built-in"
        /// In the user's config folder.
        case user
        /// In the project's `templates/comfyui` folder.
        case project
    }

    /// The placeholders Kinora fills, besides `{{param.NAME}}` for a shot's engine parameters.
    static let placeholderNames = [
        "prompt", "negative_prompt", "seed", "source", "frames", "fps", "width", "height", "strength",
    ]

    /// Node types whose `seed` or `noise_seed` input is the take's seed, so no template can forget one.
    /// (SamplerCustomAdvanced takes its noise, and so its seed, from a RandomNoise node.)
    static let seededClassTypes: Set<String> = [
        "KSampler", "KSamplerAdvanced", "SamplerCustom", "RandomNoise",
    ]

    /// The name it is chosen by (the file name without `.json`).
    let name: String
    /// The file it was read from.
    let file: URL
    /// Which folder it came from.
    let origin: Origin
    /// The workflow: node id → node object.
    let nodes: [String: ComfyUIJSON]
    /// The shot mode it serves: video-to-video when `{{source}}` feeds a video loader.
    let mode: ShotMode
    /// The `{{param.NAME}}` names it reads from a shot's engine parameters.
    let parameterNames: Set<String>

    /// Reads and checks a template file, refusing (with the file named) anything ComfyUI would not run
    /// or Kinora could not fill.
    init(file: URL, origin: Origin) throws {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw Self.refused(file, "it cannot be read (\(error.localizedDescription))")
        }
        try self.init(
            name: file.deletingPathExtension().lastPathComponent, file: file, origin: origin, data: data)
    }

    /// Parses and checks a template's JSON.
    init(name: String, file: URL, origin: Origin, data: Data) throws {
        guard let json = ComfyUIJSON.parse(data) else {
            throw Self.refused(file, "it is not valid JSON")
        }
        guard let members = json.object, !members.isEmpty else {
            throw Self.refused(file, "it must be a JSON object of node id → {\"class_type\", \"inputs\"}")
        }
        if members["nodes"]?.array != nil, members["links"] != nil {
            throw Self.refused(
                file,
                "it is a workflow in ComfyUI's UI format; in ComfyUI use Workflow → Export (API) and save that file instead"
            )
        }
        var parameters = Set<String>()
        var sourceNodes: [String] = []
        for (id, node) in members {
            guard node["class_type"]?.string?.isEmpty == false, let inputs = node["inputs"]?.object else {
                throw Self.refused(
                    file, "node \"\(id)\" needs a \"class_type\" string and an \"inputs\" object")
            }
            for value in inputs.values {
                guard let placeholder = Self.placeholder(in: value) else { continue }
                if placeholder.hasPrefix("param.") {
                    let parameter = String(placeholder.dropFirst(6))
                    guard !parameter.isEmpty else {
                        throw Self.refused(file, "node \"\(id)\" has an empty \"{{param.}}\" placeholder")
                    }
                    parameters.insert(parameter)
                } else if !Self.placeholderNames.contains(placeholder) {
                    throw Self.refused(
                        file,
                        "node \"\(id)\" has an unknown placeholder \"{{\(placeholder)}}\"; the placeholders are "
                            + (Self.placeholderNames + ["param.NAME"]).map { "{{\($0)}}" }.joined(
                                separator: ", "))
                }
                if placeholder == "source" { sourceNodes.append(node["class_type"]?.string ?? "") }
            }
        }
        let hasSeedPlaceholder = members.values.contains { node in
            node["inputs"]?.object?.values.contains { Self.placeholder(in: $0) == "seed" } ?? false
        }
        guard hasSeedPlaceholder || members.values.contains(where: Self.isSeeded) else {
            throw Self.refused(
                file,
                "it has no \"{{seed}}\" placeholder and no sampler node (KSampler, KSamplerAdvanced, SamplerCustom, "
                    + "RandomNoise), so a take could not be made again from its seed; add \"{{seed}}\" to the node "
                    + "that takes the seed")
        }
        guard let loader = sourceNodes.first else {
            throw Self.refused(
                file,
                "it has no \"{{source}}\" placeholder, so it cannot use the shot's picture or video; put \"{{source}}\" "
                    + "in the LoadImage (or LoadVideo) node's file input")
        }
        self.name = name
        self.file = file
        self.origin = origin
        self.nodes = members
        self.mode = loader.localizedCaseInsensitiveContains("video") ? .videoToVideo : .imageToVideo
        self.parameterNames = parameters
    }

    /// What a template is filled with.
    struct Values: Sendable {
        /// The prompt.
        var prompt: String
        /// What to avoid.
        var negativePrompt: String
        /// The take's seed.
        var seed: UInt64
        /// The uploaded source's name on the server.
        var source: String
        /// Frames in the take.
        var frames: Int
        /// Frames per second.
        var fps: Double
        /// Width in pixels.
        var width: Int
        /// Height in pixels.
        var height: Int
        /// How strongly the source is changed, 0–1.
        var strength: Double
        /// The shot's engine parameters (`param.NAME`).
        var parameters: [String: String]
    }

    /// The workflow with every placeholder replaced (numbers as JSON numbers) and the seed written into
    /// every sampler and noise node's seed input.
    func filled(with values: Values) throws -> ComfyUIJSON {
        var result: [String: ComfyUIJSON] = [:]
        for (id, node) in nodes {
            guard var members = node.object, var inputs = members["inputs"]?.object else { continue }
            for (key, value) in inputs {
                guard let placeholder = Self.placeholder(in: value) else { continue }
                inputs[key] = try substitute(placeholder, values: values)
            }
            if Self.isSeeded(node) {
                let keys = inputs.keys.filter { $0 == "seed" || $0 == "noise_seed" }
                let canonical = members["class_type"]?.string == "KSampler" ? "seed" : "noise_seed"
                for key in keys.isEmpty ? [canonical] : keys {
                    inputs[key] = Self.number(values.seed)
                }
            }
            members["inputs"] = .object(inputs)
            result[id] = .object(members)
        }
        return .object(result)
    }

    /// A short hash of the template's content, so an edited template counts as another engine version.
    var contentHash: String {
        String(ContentHash.sha256(of: ComfyUIJSON.object(nodes).encoded()).prefix(8))
    }

    /// The node ids whose class type is a sampler or noise node (they report the sampling progress).
    var samplerNodeIDs: Set<String> {
        Set(nodes.filter { Self.isSampler($0.value) }.keys)
    }

    /// The value for one placeholder.
    private func substitute(_ placeholder: String, values: Values) throws -> ComfyUIJSON {
        switch placeholder {
        case "prompt": return .string(values.prompt)
        case "negative_prompt": return .string(values.negativePrompt)
        case "seed": return Self.number(values.seed)
        case "source": return .string(values.source)
        case "frames": return .int(Int64(values.frames))
        case "fps": return .double(values.fps)
        case "width": return .int(Int64(values.width))
        case "height": return .int(Int64(values.height))
        case "strength": return .double(values.strength)
        default:
            let parameter = String(placeholder.dropFirst(6))
            guard let text = values.parameters[parameter] else {
                throw GenerationError.unsupported(
                    backend: "comfyui",
                    reason: "the template \(file.path) needs param.\(parameter); set it with "
                        + "`kinora shot set DIR SHOT param.\(parameter)=VALUE`")
            }
            if let whole = Int64(text) { return .int(whole) }
            if let value = Double(text), value.isFinite { return .double(value) }
            if text == "true" || text == "false" { return .bool(text == "true") }
            return .string(text)
        }
    }

    /// The placeholder name when `value` is a whole-string placeholder (`"{{seed}}"` → `seed`).
    static func placeholder(in value: ComfyUIJSON) -> String? {
        guard let text = value.string, text.hasPrefix("{{"), text.hasSuffix("}}"), text.count > 4 else {
            return nil
        }
        return String(text.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespaces)
    }

    /// `true` for a node whose seed Kinora sets: a known sampler or noise node, or any node whose type
    /// names a sampler or noise source and that has a `seed` or `noise_seed` input.
    static func isSeeded(_ node: ComfyUIJSON) -> Bool {
        guard let type = node["class_type"]?.string else { return false }
        if seededClassTypes.contains(type) { return true }
        let inputs = node["inputs"]?.object ?? [:]
        let named =
            type.localizedCaseInsensitiveContains("sampler") || type.localizedCaseInsensitiveContains("noise")
        return named && (inputs["seed"] != nil || inputs["noise_seed"] != nil)
    }

    /// `true` for a node that runs the sampling steps (its `progress` messages are the take's progress).
    static func isSampler(_ node: ComfyUIJSON) -> Bool {
        guard let type = node["class_type"]?.string else { return false }
        return type.hasPrefix("KSampler") || type.hasPrefix("SamplerCustom") || type == "WanVideoSampler"
    }

    /// A seed as a JSON number (signed when it fits, so it reads as an ordinary integer).
    private static func number(_ seed: UInt64) -> ComfyUIJSON {
        seed <= UInt64(Int64.max) ? .int(Int64(seed)) : .unsigned(seed)
    }

    /// The error for a template that cannot be used.
    static func refused(_ file: URL, _ reason: String) -> GenerationError {
        .failed(reason: "the ComfyUI template \(file.path) cannot be used: \(reason).")
    }
}
