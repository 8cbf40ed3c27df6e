import Foundation
import KinoraCore
import Testing

@testable import KinoraGenerate

/// Every shipped ComfyUI template, filled as a take fills it, checked against ComfyUI's own node
/// definitions (Fixtures/comfyui_node_definitions.json, extracted from ComfyUI's source): a template a
/// real server would refuse fails here, without a server.
@Suite struct ComfyUINodeCheckTests {
    @Test func everyShippedTemplatePassesComfyUIsValidation() throws {
        let definitions = try NodeDefinitions.shipped()
        let templates = try ComfyUITemplates(environment: [:])
        let expected: Set<String> = [
            "wan-t2v", "wan-i2v", "wan22-i2v", "wan-v2v", "wan-flf2v", "ltxv-t2v", "ltxv-i2v", "ltxv-v2v",
            "ltxv-keyframes",
        ]
        #expect(Set(templates.names).isSuperset(of: expected), "shipped: \(templates.names)")
        for name in templates.names {
            let template = try templates.template(named: name)
            let problems = definitions.problems(in: try Self.filled(template))
            #expect(problems.isEmpty, "\(name): \(problems)")
        }
        // What each template serves is known from the file, before anything is queued.
        let modes = try expected.sorted().map { name in
            let template = try templates.template(named: name)
            return "\(name) \(template.mode.rawValue)\(template.usesEndImage ? " +end" : "")"
                + " \(template.frameRule?.summary ?? "-") \(template.sizeRule?.summary ?? "-")"
        }
        #expect(
            modes == [
                "ltxv-i2v image-to-video 8n+1 at the take's rate 32n",
                "ltxv-keyframes image-to-video +end 8n+1 at the take's rate 32n",
                "ltxv-t2v text-to-video 8n+1 at the take's rate 32n",
                "ltxv-v2v video-to-video 8n+1 at the take's rate 32n",
                "wan-flf2v image-to-video +end 4n+1 at 16 fps 16n",
                "wan-i2v image-to-video 4n+1 at 16 fps 16n",
                "wan-t2v text-to-video 4n+1 at 16 fps 16n",
                "wan-v2v video-to-video 4n+1 at 16 fps 16n",
                "wan22-i2v image-to-video 4n+1 at 16 fps 16n",
            ], "\(modes)")
        // The size rule agrees with the step of the node that takes the size in ComfyUI's own widgets.
        var stepsChecked = 0
        for name in expected {
            let template = try templates.template(named: name)
            for node in template.nodes.values where node["inputs"]?["width"]?.string == "{{width}}" {
                let type = node["class_type"]?.string ?? ""
                guard let step = definitions.nodes[type]?["required"]?["width"]?["step"]?.number else {
                    continue
                }
                #expect(Int(step) == template.sizeRule?.multiple, "\(name): \(type) steps by \(Int(step))")
                stepsChecked += 1
            }
        }
        #expect(stepsChecked >= 7, "every template but the video-to-video ones sizes a latent")
    }

    @Test func everyDefinitionCitesTheComfyUISourceItWasReadFrom() throws {
        let definitions = try NodeDefinitions.shipped()
        let commit = /^Comfy-Org\/ComfyUI (nodes\.py|comfy_extras\/nodes_[a-z_]+\.py) @ [0-9a-f]{40}$/
        for (name, node) in definitions.nodes {
            let source = node["source"]?.string ?? ""
            #expect(source.wholeMatch(of: commit) != nil, "\(name) cites \(source)")
        }
        #expect(definitions.nodes.count >= 31)
    }

    @Test func aTemplateARealServerWouldRefuseFailsTheCheck() throws {
        let definitions = try NodeDefinitions.shipped()
        let templates = try ComfyUITemplates(environment: [:])
        let good = try Self.filled(try templates.template(named: "wan-flf2v"))
        let breakages: [(String, (inout [String: ComfyUIJSON]) -> Void)] = [
            ("unknown class", { $0["50"] = Self.replacing($0["50"], classType: "WanFirstLastFrame2Video") }),
            (
                "missing required input length",
                { $0["50"] = Self.replacing($0["50"], input: "length", with: nil) }
            ),
            (
                "output index 3 of WanFirstLastFrameToVideo",
                {
                    $0["3"] = Self.replacing(
                        $0["3"], input: "latent_image", with: .array([.string("50"), .int(3)]))
                }
            ),
            (
                "link type VAE where CONDITIONING",
                {
                    $0["3"] = Self.replacing(
                        $0["3"], input: "positive", with: .array([.string("39"), .int(0)]))
                }
            ),
            ("combo value", { $0["38"] = Self.replacing($0["38"], input: "type", with: .string("wan2")) }),
            ("beyond max", { $0["3"] = Self.replacing($0["3"], input: "denoise", with: .double(1.5)) }),
            ("wrong value type", { $0["3"] = Self.replacing($0["3"], input: "steps", with: .string("20")) }),
        ]
        for (what, breakage) in breakages {
            var nodes = try #require(good.object)
            breakage(&nodes)
            #expect(!definitions.problems(in: .object(nodes)).isEmpty, "\(what) is caught")
        }
        let ltxIndex = NodeDefinitions.Check(definitions)
        #expect(
            ltxIndex.problems(
                node: "9",
                .object(["class_type": .string("LTXVImgToVideo"), "inputs": .object(["length": .int(8)])])
            ).contains {
                $0.contains("length") && $0.contains("below")
            }, "LTXVImgToVideo's length of 8 is below its minimum of 9")
    }

    /// A template filled as a 3 s take at 24 fps, 832x480, fills it (the model's frame count by its rule).
    static func filled(_ template: ComfyUITemplate) throws -> ComfyUIJSON {
        let rate = try #require(FrameRate(parsing: "24"))
        let timing =
            template.frameRule?.timing(duration: 3, rate: rate) ?? ModelTiming(frames: 72, fps: rate)
        var values = ComfyUITemplate.Values(
            prompt: "a red fox in the snow", negativePrompt: "blur", seed: UInt64.max - 7,
            source: template.mode == .videoToVideo
                ? "kinora-0123456789abcdef.mp4" : "kinora-0123456789abcdef.png",
            frames: timing.frames, fps: timing.fps.framesPerSecond, width: 832, height: 480, strength: 0.6,
            parameters: [:])
        values.endImage = "kinora-fedcba9876543210.png"
        values.referenceImages = (0..<template.referenceImageCount).map { "kinora-reference-\($0 + 1).png" }
        return try template.filled(with: values)
    }

    /// `node` with its class type or one input changed (`nil` removes the input).
    static func replacing(
        _ node: ComfyUIJSON?, classType: String? = nil, input: String? = nil, with value: ComfyUIJSON? = nil
    ) -> ComfyUIJSON? {
        guard var members = node?.object, var inputs = members["inputs"]?.object else { return node }
        if let classType { members["class_type"] = .string(classType) }
        if let input { inputs[input] = value }
        members["inputs"] = .object(inputs)
        return .object(members)
    }
}

/// ComfyUI's node definitions as the test ships them, and the checks ComfyUI's `validate_inputs` makes.
struct NodeDefinitions {
    /// Class name → `{required, optional, outputs}`.
    let nodes: [String: ComfyUIJSON]

    /// The shipped file.
    static func shipped() throws -> NodeDefinitions {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/comfyui_node_definitions.json")
        let json = try #require(ComfyUIJSON.parse(try Data(contentsOf: file)))
        return NodeDefinitions(nodes: try #require(json["nodes"]?.object))
    }

    /// Every reason a server would refuse `workflow` (node id → node), empty when it would run it.
    func problems(in workflow: ComfyUIJSON) -> [String] {
        let check = Check(self, workflow: workflow.object ?? [:])
        return (workflow.object ?? [:]).sorted { $0.key < $1.key }.flatMap { id, node in
            check.problems(node: id, node)
        }
    }

    /// The checks for one workflow.
    struct Check {
        let definitions: NodeDefinitions
        let workflow: [String: ComfyUIJSON]

        init(_ definitions: NodeDefinitions, workflow: [String: ComfyUIJSON] = [:]) {
            self.definitions = definitions
            self.workflow = workflow
        }

        /// Why node `id` would be refused.
        func problems(node id: String, _ node: ComfyUIJSON) -> [String] {
            guard let type = node["class_type"]?.string, let definition = definitions.nodes[type] else {
                return ["node \(id): ComfyUI has no node class \(node["class_type"]?.text ?? "(none)")"]
            }
            let inputs = node["inputs"]?.object ?? [:]
            let required = definition["required"]?.object ?? [:]
            let optional = definition["optional"]?.object ?? [:]
            var found: [String] = []
            for name in required.keys.sorted() where inputs[name] == nil && !workflow.isEmpty {
                found.append("node \(id) (\(type)): required input \(name) is missing")
            }
            for (name, value) in inputs.sorted(by: { $0.key < $1.key }) {
                guard let spec = required[name] ?? optional[name] else {
                    found.append("node \(id) (\(type)): \(type) has no input \(name)")
                    continue
                }
                if let problem = problem(value, spec) {
                    found.append("node \(id) (\(type)) input \(name): \(problem)")
                }
            }
            return found
        }

        /// Why `value` cannot fill an input described by `spec`.
        private func problem(_ value: ComfyUIJSON, _ spec: ComfyUIJSON) -> String? {
            if let link = value.array {
                guard link.count == 2, let source = link[0].string, let index = link[1].number else {
                    return "\(value.text) is not a link [node, output]"
                }
                guard let sourceNode = workflow[source], let sourceType = sourceNode["class_type"]?.string,
                    let outputs = definitions.nodes[sourceType]?["outputs"]?.array
                else {
                    return workflow.isEmpty ? nil : "it links to node \(source), which is not a known node"
                }
                guard Int(index) >= 0, Int(index) < outputs.count else {
                    return "output \(Int(index)) of \(sourceType), which has \(outputs.count) outputs"
                }
                let given = outputs[Int(index)].text
                let wanted = spec.string ?? spec["type"]?.string ?? "a widget"
                return given == wanted || given == "*" || wanted == "*"
                    ? nil : "\(sourceType) output \(Int(index)) is \(given) where \(wanted) is needed"
            }
            if let linkType = spec.string { return "it needs a link to a \(linkType), not a value" }
            if let choices = spec["combo"]?.array {
                return choices.contains(value) ? nil : "\(value.text) is not one of its values"
            }
            if spec["files"] != nil {
                return value.string.map { $0.isEmpty ? "an empty file name" : nil } ?? "a file name is needed"
            }
            switch spec["type"]?.string {
            case "INT":
                guard case .int = value else {
                    if case .unsigned = value { return bounds(value, spec) }
                    return "\(value.text) is not an integer"
                }
                return bounds(value, spec)
            case "FLOAT":
                guard value.number != nil else { return "\(value.text) is not a number" }
                return bounds(value, spec)
            case "BOOLEAN":
                guard case .bool = value else { return "\(value.text) is not true or false" }
                return nil
            case "STRING":
                return value.string == nil ? "\(value.text) is not text" : nil
            default:
                return "the definition has no type"
            }
        }

        /// Why a number is out of the spec's min and max.
        private func bounds(_ value: ComfyUIJSON, _ spec: ComfyUIJSON) -> String? {
            guard let number = value.number else { return nil }
            if let low = spec["min"]?.number, number < low {
                return "\(value.text) is below its minimum \(low)"
            }
            if let high = spec["max"]?.number, number > high {
                return "\(value.text) is above its maximum \(high)"
            }
            return nil
        }
    }
}
