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
        "prompt", "negative_prompt", "seed", "source", "end_image", "frames", "fps", "width", "height",
        "strength", "reference_text",
    ]

    /// The prefix of the numbered reference picture placeholders: `{{reference_image_1}}` is the first
    /// picture of the cast entries the prompt names.
    static let referenceImagePrefix = "reference_image_"

    /// The most reference pictures a template may take.
    static let maximumReferenceImages = 16

    /// The key of the one member that is not a node: what Kinora should know about the template
    /// (`{"frames": "4n+1", "fps": 16, "size": "16n"}`), removed before the workflow is sent.
    static let metadataKey = "kinora"

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
    /// The shot mode it serves: text-to-video without `{{source}}`, video-to-video when `{{source}}` feeds
    /// a video loader, image-to-video otherwise.
    let mode: ShotMode
    /// Whether it takes an end picture (`{{end_image}}`): a first-last frame or keyframe template.
    let usesEndImage: Bool
    /// The frames its model makes, declared under `"kinora"` or known from its nodes; `nil` makes the
    /// take's own frame count at the take's rate.
    let frameRule: ModelFrameRule?
    /// The sizes its model makes, declared under `"kinora"` or known from its nodes; `nil` makes the
    /// take's own size.
    let sizeRule: ModelSizeRule?
    /// The `{{param.NAME}}` names it reads from a shot's engine parameters.
    let parameterNames: Set<String>
    /// How many reference pictures it takes (the highest `{{reference_image_N}}`); 0 for none.
    let referenceImageCount: Int

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
        guard var members = json.object, !members.isEmpty else {
            throw Self.refused(file, "it must be a JSON object of node id → {\"class_type\", \"inputs\"}")
        }
        if members["nodes"]?.array != nil, members["links"] != nil {
            throw Self.refused(
                file,
                "it is a workflow in ComfyUI's UI format; in ComfyUI use Workflow → Export (API) and save that file instead"
            )
        }
        let metadata = members.removeValue(forKey: Self.metadataKey)
        let declaredRule = try Self.metadata(metadata, file: file)
        let declaredSize = try Self.sizeRule(metadata, file: file)
        guard !members.isEmpty else {
            throw Self.refused(file, "it has no nodes besides \"\(Self.metadataKey)\"")
        }
        var parameters = Set<String>()
        var sourceNodes: [String] = []
        var endImageNodes: [String] = []
        var referenceCount = 0
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
                } else if placeholder.hasPrefix(Self.referenceImagePrefix) {
                    guard let number = Int(placeholder.dropFirst(Self.referenceImagePrefix.count)),
                        (1...Self.maximumReferenceImages).contains(number)
                    else {
                        throw Self.refused(
                            file,
                            "node \"\(id)\" has \"{{\(placeholder)}}\"; reference pictures are numbered "
                                + "{{reference_image_1}} to {{reference_image_\(Self.maximumReferenceImages)}}"
                        )
                    }
                    referenceCount = max(referenceCount, number)
                } else if !Self.placeholderNames.contains(placeholder) {
                    throw Self.refused(
                        file,
                        "node \"\(id)\" has an unknown placeholder \"{{\(placeholder)}}\"; the placeholders are "
                            + (Self.placeholderNames + ["reference_image_N", "param.NAME"]).map {
                                "{{\($0)}}"
                            }
                            .joined(
                                separator: ", "))
                }
                if placeholder == "source" { sourceNodes.append(node["class_type"]?.string ?? "") }
                if placeholder == "end_image" { endImageNodes.append(node["class_type"]?.string ?? "") }
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
        let loader = sourceNodes.first
        let mode: ShotMode =
            loader.map { $0.localizedCaseInsensitiveContains("video") ? .videoToVideo : .imageToVideo }
            ?? .textToVideo
        if !endImageNodes.isEmpty, mode != .imageToVideo {
            throw Self.refused(
                file,
                "it has an \"{{end_image}}\" placeholder but no picture to start from; a first-last frame template "
                    + "also needs \"{{source}}\" in a LoadImage node (a template without \"{{source}}\" makes "
                    + "text-to-video takes)")
        }
        if endImageNodes.contains(where: { $0.localizedCaseInsensitiveContains("video") }) {
            throw Self.refused(
                file, "its \"{{end_image}}\" must feed a picture loader (LoadImage), not a video loader")
        }
        self.name = name
        self.file = file
        self.origin = origin
        self.nodes = members
        self.mode = mode
        self.usesEndImage = !endImageNodes.isEmpty
        self.frameRule = declaredRule ?? Self.inferredRule(members)
        self.sizeRule = declaredSize ?? Self.inferredSizeRule(members)
        self.parameterNames = parameters
        self.referenceImageCount = referenceCount
    }

    /// The frame rule under `"kinora"`, refusing (with the file named) a value Kinora cannot use.
    private static func metadata(_ value: ComfyUIJSON?, file: URL) throws -> ModelFrameRule? {
        guard let value else { return nil }
        guard let fields = value.object else {
            throw refused(
                file,
                "\"\(metadataKey)\" must be an object such as {\"frames\": \"4n+1\", \"fps\": 16, \"size\": \"16n\"}"
            )
        }
        let known: Set<String> = ["frames", "fps", "size", "title"]
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw refused(
                file,
                "\"\(metadataKey)\" has an unknown key \"\(unknown)\"; its keys are frames, fps, size and title"
            )
        }
        guard let frames = fields["frames"] else { return nil }
        let fps = fields["fps"]?.number
        guard let text = frames.string, let rule = ModelFrameRule(frames: text, fps: fps),
            fields["fps"] == nil || fps != nil
        else {
            throw refused(
                file,
                "\"\(metadataKey)\" needs \"frames\" written as \"4n+1\" (the model makes 4·n+1 frames) and, when the "
                    + "model has a rate of its own, \"fps\" as a number from 1 to 240")
        }
        return rule
    }

    /// The size rule under `"kinora"` (`"size": "16n"`), refusing (with the file named) a value Kinora
    /// cannot use.
    private static func sizeRule(_ value: ComfyUIJSON?, file: URL) throws -> ModelSizeRule? {
        guard let size = value?["size"] else { return nil }
        guard let rule = ModelSizeRule(declared: size) else {
            throw refused(
                file,
                "\"\(metadataKey)\" needs \"size\" written as \"16n\" (the model makes widths and heights in "
                    + "multiples of 16), an even number from 2 to 256")
        }
        return rule
    }

    /// The size rule a template's nodes imply when it declares none (see ``ComfyUIModelFamily``).
    static func inferredSizeRule(_ nodes: [String: ComfyUIJSON]) -> ModelSizeRule? {
        ComfyUIModelFamily(nodes: nodes)?.sizeRule
    }

    /// The frame rule a template's nodes imply when it declares none (see ``ComfyUIModelFamily``).
    static func inferredRule(_ nodes: [String: ComfyUIJSON]) -> ModelFrameRule? {
        ComfyUIModelFamily(nodes: nodes)?.frameRule
    }

    /// What a template is filled with.
    struct Values: Sendable {
        /// The prompt.
        var prompt: String
        /// What to avoid.
        var negativePrompt: String
        /// The take's seed.
        var seed: UInt64
        /// The uploaded source's name on the server (empty for text-to-video).
        var source: String
        /// The uploaded end picture's name on the server, for first-last frame templates.
        var endImage: String = ""
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
        /// The uploaded reference pictures' names on the server, in order.
        var referenceImages: [String] = []
        /// The cast entries the prompt names, as text: "Mimi: a grey cat; Kitchen: a yellow kitchen".
        var referenceText: String = ""
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
        case "end_image": return .string(values.endImage)
        case "frames": return .int(Int64(values.frames))
        case "fps": return .double(values.fps)
        case "width": return .int(Int64(values.width))
        case "height": return .int(Int64(values.height))
        case "strength": return .double(values.strength)
        case "reference_text": return .string(values.referenceText)
        case let name where name.hasPrefix(Self.referenceImagePrefix):
            let index = (Int(name.dropFirst(Self.referenceImagePrefix.count)) ?? 1) - 1
            guard values.referenceImages.indices.contains(index) else {
                throw GenerationError.unsupported(
                    backend: "comfyui",
                    reason:
                        "the template \(file.path) takes \(referenceImageCount) reference pictures and the "
                        + "prompt's @Names have \(values.referenceImages.count)")
            }
            return .string(values.referenceImages[index])
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
