import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

@testable import KinoraGenerate

/// What engines get of the cast a prompt names: the descriptions in place of `@Name`, and the reference
/// pictures — uploaded into ComfyUI's reference template, listed for plug-ins; the built-in engine says
/// it cannot use them.
@Suite struct CastReferenceEngineTests {
    /// A project folder with two cast pictures, and the references a prompt naming both records.
    private static func cast() throws -> (folder: URL, references: [TakeReference]) {
        let folder = try TestFiles.folder()
        let assets = folder.appendingPathComponent("assets")
        try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
        var entries: [CastEntry] = []
        for (name, kind, colour, description) in [
            ("Mimi", CastKind.character, "gray", "a grey cat with a red collar"),
            ("Kitchen", .location, "yellow", "a small yellow kitchen"),
        ] {
            let file = assets.appendingPathComponent("\(name.lowercased()).png")
            try TestFiles.run([
                "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "color=c=\(colour):size=120x160",
                "-frames:v", "1", file.path,
            ])
            let picture = ShotSource(
                kind: .image, asset: "assets/\(file.lastPathComponent)",
                sha256: try ContentHash.sha256(of: file),
                originalName: file.lastPathComponent)
            entries.append(CastEntry(name: name, kind: kind, description: description, images: [picture]))
        }
        return (folder, entries.map(TakeReference.init))
    }

    @Test func comfyUIsReferenceTemplateGetsTheFirstPictureAndThePromptReadsTheDescriptions() async throws {
        let (folder, references) = try Self.cast()
        let server = try await FakeComfyUI.start()
        let backend = try ComfyUIBackendTests.backend(server.url)
        var request = try ComfyUIBackendTests.request(mode: .textToVideo, backend: backend)
        request.prompt = "@Mimi naps in @Kitchen"
        request.references = references
        let job = GenerationJob(
            resolving: request, in: folder, outputURL: folder.appendingPathComponent("take.mp4.partial"))
        #expect(job.referenceImageURLs.map(\.lastPathComponent) == ["mimi.png", "kitchen.png"])
        let result = try await backend.generate(job) { _ in }
        #expect(try MediaProbe.probe(job.outputURL).video?.frameCount == 12)
        #expect(
            result.warning?.contains("@Kitchen reached it only as words") == true, "\(result.warning ?? "")")

        let state = try await server.state()
        let uploads = state["uploads"]?.array?.compactMap { $0["name"]?.string } ?? []
        #expect(uploads.count == 1, "Wan VACE takes one reference picture: \(uploads)")
        let graph = try #require(state["prompts"]?.array?.first?["prompt"]?.object)
        #expect(graph["49"]?["class_type"]?.string == "WanVaceToVideo")
        #expect(graph["52"]?["inputs"]?["image"]?.string == uploads.first)
        #expect(
            graph["6"]?["inputs"]?["text"]?.string
                == "a grey cat with a red collar naps in a small yellow kitchen")

        // A text-to-video shot whose names bring no picture keeps the plain text-to-video template.
        var words = request
        words.references = references.map { reference in
            var bare = reference
            bare.images = []
            bare.imageHashes = []
            return bare
        }
        #expect(try ComfyUITemplates().template(for: words).name == "wan-t2v")
    }

    @Test func aProjectTemplateTakesEveryPictureAndTheTextAndAShortCastIsRefused() async throws {
        let (folder, references) = try Self.cast()
        let templates = folder.appendingPathComponent("templates/comfyui")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let builtIn = try #require(ComfyUITemplates.locateBuiltIn())
        var text = try String(
            contentsOf: builtIn.appendingPathComponent("wan-vace-ref.json"), encoding: .utf8)
        // A second picture loader and the reference text in the negative prompt's place, to see them filled.
        text = text.replacingOccurrences(
            of: "\"52\": {",
            with:
                "\"53\": {\"class_type\": \"LoadImage\", \"inputs\": {\"image\": \"{{reference_image_2}}\"}},\n  \"52\": {"
        )
        text = text.replacingOccurrences(of: "{{negative_prompt}}", with: "{{reference_text}}")
        try Data(text.utf8).write(to: templates.appendingPathComponent("two-refs.json"))

        let server = try await FakeComfyUI.start()
        let backend = try ComfyUIBackendTests.backend(server.url, project: folder)
        var request = try ComfyUIBackendTests.request(
            mode: .textToVideo, backend: backend, parameters: ["template": "two-refs"])
        request.prompt = "@Mimi naps in @Kitchen"
        request.references = references
        let job = GenerationJob(
            resolving: request, in: folder, outputURL: folder.appendingPathComponent("take.mp4.partial"))
        let result = try await backend.generate(job) { _ in }
        #expect(result.warning == nil)
        let state = try await server.state()
        let uploads = state["uploads"]?.array?.compactMap { $0["name"]?.string } ?? []
        #expect(Set(uploads).count == 2)
        let graph = try #require(state["prompts"]?.array?.first?["prompt"]?.object)
        #expect(graph["52"]?["inputs"]?["image"]?.string == uploads.first)
        #expect(graph["53"]?["inputs"]?["image"]?.string == uploads.last)
        #expect(
            graph["7"]?["inputs"]?["text"]?.string
                == "Mimi: a grey cat with a red collar; Kitchen: a small yellow kitchen")

        request.references = Array(references.prefix(1))
        let message = GenerateFixtures.message { try backend.check(request) }
        #expect(
            message.contains("takes 2 reference pictures and the prompt's cast has 1: @Mimi (1)"),
            "\(message)")
        #expect(message.contains("kinora cast set DIR NAME --image FILE"))
    }

    @Test func aPluginGetsEachEntryWithItsPicturesAndTheBuiltInEngineSaysItCannot() async throws {
        let (folder, references) = try Self.cast()
        let saved = folder.appendingPathComponent("request.json")
        let recorder = PluginBackend(
            name: "recorder", command: PluginFixtures.misbehaving("garbage_plugin"), timeout: 30,
            environment: ["KINORA_TEST_REQUEST_FILE": saved.path], protocolVersion: 2)
        var request = try PluginFixtures.request(
            mode: .textToVideo, prompt: "@Mimi naps in @Kitchen, @Nobody")
        request.references = references
        let job = GenerationJob(
            resolving: request, in: folder, outputURL: folder.appendingPathComponent("take.mp4.partial"))
        _ = await PluginFixtures.failureMessage(recorder, job)
        let fields = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: saved)) as? [String: Any])
        #expect(
            fields["prompt"] as? String
                == "a grey cat with a red collar naps in a small yellow kitchen, @Nobody")
        let sent = try #require(fields["references"] as? [[String: Any]])
        #expect(sent.map { $0["name"] as? String } == ["Mimi", "Kitchen"])
        #expect(sent.map { $0["kind"] as? String } == ["character", "location"])
        #expect(sent.first?["description"] as? String == "a grey cat with a red collar")
        let images = sent.compactMap { $0["images"] as? [String] }
        #expect(
            images == [
                [folder.appendingPathComponent("assets/mimi.png").standardizedFileURL.path],
                [folder.appendingPathComponent("assets/kitchen.png").standardizedFileURL.path],
            ])

        var builtin = try GenerateFixtures.request(mode: .textToVideo, duration: 0.5, prompt: "@Mimi naps")
        builtin.references = Array(references.prefix(1))
        let output = folder.appendingPathComponent("builtin.mp4.partial")
        let made = try await BuiltinBackend().generate(
            GenerationJob(resolving: builtin, in: folder, outputURL: output)
        ) { _ in }
        #expect(made.warning?.contains("cannot use cast references (@Mimi)") == true, "\(made.warning ?? "")")
        #expect(
            made.warning?.contains("cannot read prompts") == true, "the text-to-video slate still says so")
    }

    @Test func theReferencePluginSlidesOverTheFirstReferencePictureForTextToVideo() async throws {
        let (folder, references) = try Self.cast()
        let plugin = PluginBackend(
            name: "reference", command: [PluginFixtures.referencePlugin.path], timeout: 60, protocolVersion: 2
        )
        var request = try PluginFixtures.request(
            mode: .textToVideo, duration: 0.5, prompt: "@Kitchen at noon")
        request.references = Array(references.suffix(1))
        let job = GenerationJob(
            resolving: request, in: folder, outputURL: folder.appendingPathComponent("take.mp4"))
        _ = try await PluginFixtures.generate(plugin, job)
        let frame = try FrameDecoder.frame(at: 0, of: job.outputURL, frameRate: request.fps)
        let pixels = frame.pixels
        let count = pixels.count / 3
        let (red, green, blue) = stride(from: 0, to: pixels.count, by: 3).reduce((0, 0, 0)) {
            ($0.0 + Int(pixels[$1]), $0.1 + Int(pixels[$1 + 1]), $0.2 + Int(pixels[$1 + 2]))
        }
        // The yellow kitchen picture, not the prompt's colour bands.
        #expect(
            red / count > 200 && green / count > 200 && blue / count < 60,
            "\(red / count) \(green / count) \(blue / count)")
    }
}
