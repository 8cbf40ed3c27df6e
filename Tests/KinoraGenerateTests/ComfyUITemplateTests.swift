import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraGenerate

/// Loading, layering, checking and filling ComfyUI workflow templates.
@Suite struct ComfyUITemplateTests {
    static let values = ComfyUITemplate.Values(
        prompt: "a rocket", negativePrompt: "blur", seed: 77, source: "kinora-abc.png", frames: 49, fps: 24,
        width: 832, height: 480, strength: 0.6, parameters: ["steps": "12"],
        referenceImages: ["kinora-ref.png"], referenceText: "Rocket: a white rocket")

    @Test func theBuiltInTemplatesLoadWithTheirModes() throws {
        let templates = try ComfyUITemplates(environment: [:])
        #expect(
            Set(["wan-i2v", "wan22-i2v", "wan-v2v", "ltxv-i2v", "ltxv-v2v"]).isSubset(
                of: Set(templates.names)))
        for name in ["wan-i2v", "wan22-i2v", "ltxv-i2v"] {
            #expect(try templates.template(named: name).mode == .imageToVideo, "\(name)")
        }
        for name in ["wan-v2v", "ltxv-v2v"] {
            #expect(try templates.template(named: name).mode == .videoToVideo, "\(name)")
        }
        let reference = try templates.template(named: ComfyUITemplates.defaultReference)
        #expect(reference.mode == .textToVideo && reference.referenceImageCount == 1)
        for name in templates.names {
            let template = try templates.template(named: name)
            #expect(template.origin == .builtIn)
            let filled = String(decoding: try template.filled(with: Self.values).encoded(), as: UTF8.self)
            #expect(!filled.contains("{{"), "\(name) is filled completely")
            #expect(!template.samplerNodeIDs.isEmpty, "\(name) reports sampling progress")
        }
    }

    @Test func placeholdersBecomeJSONNumbersAndStrings() throws {
        let template = try ComfyUITemplates(environment: [:]).template(named: "wan-i2v")
        let filled = try template.filled(with: Self.values)
        let video = filled["50"]?["inputs"]
        #expect(video?["width"] == .int(832) && video?["height"] == .int(480) && video?["length"] == .int(49))
        #expect(filled["60"]?["inputs"]?["fps"] == .double(24))
        #expect(filled["6"]?["inputs"]?["text"] == .string("a rocket"))
        #expect(filled["7"]?["inputs"]?["text"] == .string("blur"))
        #expect(filled["52"]?["inputs"]?["image"] == .string("kinora-abc.png"))
        #expect(filled["3"]?["inputs"]?["seed"] == .int(77))
        #expect(filled["3"]?["inputs"]?["model"] == .array([.string("54"), .int(0)]), "links stay links")
        let v2v = try ComfyUITemplates(environment: [:]).template(named: "ltxv-v2v").filled(with: Self.values)
        #expect(v2v["84"]?["inputs"]?["denoise"] == .double(0.6), "strength")
    }

    @Test func theSeedReachesEverySamplerAndNoiseNode() throws {
        let folder = try TestFiles.folder()
        let file = try Self.write(
            [
                "1": ["class_type": "LoadImage", "inputs": ["image": "{{source}}"]],
                "2": ["class_type": "KSampler", "inputs": ["seed": 1, "steps": "{{param.steps}}"]],
                "3": ["class_type": "KSamplerAdvanced", "inputs": ["noise_seed": ["9", 0]]],
                "4": ["class_type": "RandomNoise", "inputs": [:] as [String: Any]],
                "5": ["class_type": "SamplerCustomAdvanced", "inputs": ["noise": ["4", 0]]],
                "6": ["class_type": "WanVideoSampler", "inputs": ["seed": 3, "steps": 4]],
                "7": ["class_type": "CLIPTextEncode", "inputs": ["text": "{{prompt}}", "seed": 9]],
                "9": ["class_type": "PrimitiveInt", "inputs": ["value": 4]],
            ], name: "mixed", in: folder)
        let template = try ComfyUITemplate(file: file, origin: .project)
        #expect(template.parameterNames == ["steps"])
        let filled = try template.filled(with: Self.values)
        #expect(filled["2"]?["inputs"]?["seed"] == .int(77))
        #expect(filled["2"]?["inputs"]?["steps"] == .int(12), "param.steps as a number")
        #expect(filled["3"]?["inputs"]?["noise_seed"] == .int(77), "a linked seed is replaced too")
        #expect(filled["4"]?["inputs"]?["noise_seed"] == .int(77), "RandomNoise feeds SamplerCustomAdvanced")
        #expect(filled["5"]?["inputs"]?["noise_seed"] == nil)
        #expect(filled["6"]?["inputs"]?["seed"] == .int(77), "a custom sampler with a seed input")
        #expect(filled["7"]?["inputs"]?["seed"] == .int(9), "not a sampler: untouched")
        var large = Self.values
        large.seed = UInt64.max
        #expect(try template.filled(with: large)["2"]?["inputs"]?["seed"] == .unsigned(UInt64.max))
        #expect(template.samplerNodeIDs == ["2", "3", "5", "6"])
    }

    @Test func aTemplateWithoutSeedOrSamplerIsRefusedNamingTheFile() throws {
        let folder = try TestFiles.folder()
        let file = try Self.write(
            [
                "1": ["class_type": "LoadImage", "inputs": ["image": "{{source}}"]],
                "2": ["class_type": "SaveImage", "inputs": ["images": ["1", 0]]],
            ], name: "seedless", in: folder)
        let message = Self.message { try ComfyUITemplate(file: file, origin: .user) }
        #expect(message.contains(file.path))
        #expect(message.contains("no \"{{seed}}\" placeholder and no sampler node"))

        let withPlaceholder = try Self.write(
            [
                "1": ["class_type": "LoadImage", "inputs": ["image": "{{source}}"]],
                "2": ["class_type": "SomeVideoModel", "inputs": ["random": "{{seed}}", "image": ["1", 0]]],
            ], name: "placeholder", in: folder)
        #expect(try ComfyUITemplate(file: withPlaceholder, origin: .user).mode == .imageToVideo)
    }

    @Test func brokenTemplatesAreRefusedWithTheReason() throws {
        let folder = try TestFiles.folder()
        let broken = folder.appendingPathComponent("broken.json")
        try Data("{\"1\": {".utf8).write(to: broken)
        #expect(
            Self.message { try ComfyUITemplate(file: broken, origin: .user) }.contains("is not valid JSON"))

        let ui = try Self.write(
            ["nodes": [[String: Any]](), "links": [[Int]](), "version": 0.4], name: "ui", in: folder)
        #expect(Self.message { try ComfyUITemplate(file: ui, origin: .user) }.contains("Export (API)"))

        let typo = try Self.write(
            [
                "1": ["class_type": "LoadImage", "inputs": ["image": "{{source}}"]],
                "2": ["class_type": "KSampler", "inputs": ["seed": "{{sed}}"]],
            ], name: "typo", in: folder)
        #expect(
            Self.message { try ComfyUITemplate(file: typo, origin: .user) }.contains(
                "unknown placeholder \"{{sed}}\""))

        let sourceless = try Self.write(
            ["2": ["class_type": "KSampler", "inputs": ["seed": 1]]], name: "sourceless", in: folder)
        #expect(
            try ComfyUITemplate(file: sourceless, origin: .user).mode == .textToVideo,
            "a template without {{source}} makes text-to-video takes")
        let endOnly = try Self.write(
            ["2": ["class_type": "LoadImage", "inputs": ["image": "{{end_image}}", "seed": "{{seed}}"]]],
            name: "end-only", in: folder)
        #expect(
            Self.message { try ComfyUITemplate(file: endOnly, origin: .user) }.contains(
                "no picture to start from"))
        let badRule = try Self.write(
            ["kinora": ["frames": "4n"], "2": ["class_type": "KSampler", "inputs": ["seed": 1]]],
            name: "bad-rule", in: folder)
        #expect(
            Self.message { try ComfyUITemplate(file: badRule, origin: .user) }.contains(
                "\"frames\" written as \"4n+1\""))

        let project = try TestFiles.folder()
        let projectTemplates = project.appendingPathComponent("templates/comfyui")
        try FileManager.default.createDirectory(at: projectTemplates, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: typo, to: projectTemplates.appendingPathComponent("typo.json"))
        let loading = Self.message { try ComfyUITemplates(projectFolder: project, environment: [:]) }
        #expect(loading.contains(projectTemplates.appendingPathComponent("typo.json").path), "\(loading)")
    }

    @Test func aProjectOverridesTheUserWhoOverridesKinora() throws {
        let config = try TestFiles.folder()
        let project = try TestFiles.folder()
        let nodes: [String: Any] = [
            "1": ["class_type": "LoadImage", "inputs": ["image": "{{source}}"]],
            "2": ["class_type": "KSampler", "inputs": ["seed": 1]],
            "3": ["class_type": "SaveVideo", "inputs": ["video": ["2", 0]]],
        ]
        _ = try Self.write(
            nodes, name: "wan-i2v", in: config.appendingPathComponent("kinora/templates/comfyui"))
        _ = try Self.write(nodes, name: "mine", in: config.appendingPathComponent("kinora/templates/comfyui"))
        let environment = ["XDG_CONFIG_HOME": config.path]
        let user = try ComfyUITemplates(environment: environment)
        #expect(try user.template(named: "wan-i2v").origin == .user)
        #expect(try user.template(named: "mine").origin == .user)
        #expect(try user.template(named: "ltxv-i2v").origin == .builtIn)

        _ = try Self.write(nodes, name: "wan-i2v", in: project.appendingPathComponent("templates/comfyui"))
        let both = try ComfyUITemplates(projectFolder: project, environment: environment)
        #expect(try both.template(named: "wan-i2v").origin == .project)

        let home = try ComfyUITemplates(environment: ["HOME": config.path])
        #expect(try home.template(named: "wan-i2v").origin == .builtIn, "~/.config is the default")
        #expect(
            ComfyUITemplates.userFolder(environment: ["HOME": "/home/ada"])?.path
                == "/home/ada/.config/kinora/templates/comfyui")
    }

    @Test func aShotPicksItsTemplateAndTheBackendChecksItsParameters() throws {
        let project = try TestFiles.folder()
        _ = try Self.write(
            [
                "1": ["class_type": "LoadVideo", "inputs": ["file": "{{source}}"]],
                "2": ["class_type": "KSampler", "inputs": ["seed": 1, "steps": "{{param.steps}}"]],
                "3": ["class_type": "SaveVideo", "inputs": ["video": ["2", 0]]],
            ], name: "stepped-v2v", in: project.appendingPathComponent("templates/comfyui"))
        let templates = try ComfyUITemplates(projectFolder: project, environment: [:])
        let backend = try ComfyUIBackend(
            name: "comfy", endpoint: try #require(URL(string: "http://127.0.0.1:8188")), token: nil,
            templates: templates, timeout: 60)
        let base = try ComfyUIBackendTests.request(mode: .videoToVideo, backend: backend)
        #expect(try templates.template(for: base).name == "wan-v2v")

        var stepped = base
        stepped.settings.parameters = ["template": "stepped-v2v", "steps": "8"]
        try backend.check(stepped)
        #expect(try templates.template(for: stepped).name == "stepped-v2v")

        stepped.settings.parameters = ["template": "stepped-v2v"]
        #expect(Self.message { try backend.check(stepped) }.contains("needs param.steps"))
        stepped.settings.parameters = ["template": "stepped-v2v", "steps": "8", "speed": "2"]
        #expect(Self.message { try backend.check(stepped) }.contains("no parameter \"speed\""))

        var wrongMode = try ComfyUIBackendTests.request(mode: .imageToVideo, backend: backend)
        wrongMode.settings.parameters = ["template": "stepped-v2v"]
        #expect(Self.message { try backend.check(wrongMode) }.contains("makes video-to-video takes"))
        wrongMode.settings.parameters = ["template": "nope"]
        #expect(Self.message { try backend.check(wrongMode) }.contains("no ComfyUI template called \"nope\""))

        var slate = base
        slate.mode = .slate
        #expect(Self.message { try backend.check(slate) }.contains("cannot make slate shots"))
    }

    @Test func theEngineVersionNamesTheTemplatesAndFollowsTheirContent() throws {
        let url = try #require(URL(string: "http://127.0.0.1:8188"))
        let plain = try ComfyUIBackend(
            name: "comfy", endpoint: url, token: nil, templates: try ComfyUITemplates(environment: [:]),
            timeout: 60)
        let capabilities = plain.capabilities
        #expect(
            capabilities.engineVersion.hasPrefix("comfyui:wan-i2v+wan-v2v+wan-t2v+wan-flf2v+wan-vace-ref@"))
        #expect(
            capabilities.modes == [.textToVideo, .imageToVideo, .videoToVideo] && !capabilities.exactSeeds)

        let project = try TestFiles.folder()
        _ = try Self.write(
            [
                "1": ["class_type": "LoadImage", "inputs": ["image": "{{source}}"]],
                "2": ["class_type": "KSampler", "inputs": ["seed": 1, "steps": 99]],
                "3": ["class_type": "SaveVideo", "inputs": ["video": ["2", 0]]],
            ], name: "wan-i2v", in: project.appendingPathComponent("templates/comfyui"))
        let edited = try ComfyUIBackend(
            name: "comfy", endpoint: url, token: nil,
            templates: try ComfyUITemplates(projectFolder: project, environment: [:]), timeout: 60)
        #expect(edited.capabilities.engineVersion != capabilities.engineVersion)

        let ltx = try ComfyUIBackend(
            name: "comfy", endpoint: url, token: nil,
            templates: try ComfyUITemplates(
                environment: [:], defaults: [.imageToVideo: "ltxv-i2v", .videoToVideo: "ltxv-v2v"]),
            timeout: 60)
        #expect(ltx.capabilities.engineVersion.hasPrefix("comfyui:ltxv-i2v+ltxv-v2v+wan-flf2v+wan-vace-ref@"))
    }

    // MARK: Helpers

    /// Writes `nodes` as `name.json` in `folder`; returns the file.
    static func write(_ nodes: [String: Any], name: String, in folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(name).json")
        try JSONSerialization.data(withJSONObject: nodes, options: [.sortedKeys]).write(to: file)
        return file
    }

    /// The message of the error `body` throws ("" when it does not throw).
    static func message<Value>(_ body: () throws -> Value) -> String {
        do {
            _ = try body()
            return ""
        } catch let error as UserFacingError {
            return error.userMessage
        } catch {
            return "\(error)"
        }
    }
}
