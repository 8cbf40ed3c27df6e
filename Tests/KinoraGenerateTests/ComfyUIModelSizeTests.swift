import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

@testable import KinoraGenerate

/// Wan makes sides in multiples of 16 and LTX-Video in multiples of 32: Kinora asks the model for the
/// nearest such size and scales the take to the project's size.
@Suite struct ComfyUIModelSizeTests {
    @Test func theNearestSizeARuleAllowsAndHowTemplatesDeclareIt() throws {
        func size(_ text: String, _ rule: ModelSizeRule) throws -> String {
            rule.size(for: try #require(FrameSize(parsing: text))).description
        }
        #expect(try size("1280x720", .wan) == "1280x720", "already valid")
        #expect(try size("320x180", .wan) == "320x176" && size("320x180", .ltxv) == "320x192")
        #expect(try size("176x100", .ltxv) == "192x96", "176 is as near 160 as 192: the larger wins")
        #expect(try size("8x8", .ltxv) == "32x32", "at least one multiple")

        let file = URL(fileURLWithPath: "/tmp/t.json")
        func template(_ kinora: String) throws -> ComfyUITemplate {
            let text = #"{"kinora": \#(kinora), "1": {"class_type": "KSampler", "inputs": {"seed": 1}}}"#
            return try ComfyUITemplate(name: "t", file: file, origin: .user, data: Data(text.utf8))
        }
        #expect(try template(#"{"size": "64n"}"#).sizeRule == ModelSizeRule(multiple: 64))
        #expect(try template(#"{"size": 8}"#).sizeRule == ModelSizeRule(multiple: 8))
        #expect(try template(#"{"frames": "4n+1"}"#).sizeRule == nil, "no rule: the take's own size")
        for bad in [#"{"size": "15n"}"#, #"{"size": "n"}"#, #"{"size": 512}"#, #"{"size": true}"#] {
            let message = GenerateFixtures.message { _ = try template(bad) }
            #expect(message.contains("/tmp/t.json") && message.contains("\"size\""), "\(bad) → \(message)")
        }
        // Known from the nodes when a template does not say, like the frame rule.
        let ltx: [String: ComfyUIJSON] = ["1": .object(["class_type": .string("EmptyLTXVLatentVideo")])]
        let wan: [String: ComfyUIJSON] = ["1": .object(["class_type": .string("WanImageToVideo")])]
        #expect(
            ComfyUITemplate.inferredSizeRule(ltx) == .ltxv && ComfyUITemplate.inferredSizeRule(wan) == .wan)
    }

    @Test func theGraphAsksForAValidSizeAndTheTakeHasTheProjects() async throws {
        let server = try await FakeComfyUI.start()
        let backend = try ComfyUIBackendTests.backend(server.url)
        var request = try ComfyUIBackendTests.request(mode: .imageToVideo, backend: backend)
        request.size = try #require(FrameSize(parsing: "176x100"))
        let wan = try await ComfyUIContinuityTests.take(
            backend, request, source: try ComfyUIBackendTests.still())
        request.settings.parameters["template"] = "ltxv-i2v"
        let ltx = try await ComfyUIContinuityTests.take(
            backend, request, source: try ComfyUIBackendTests.still())

        let state = try await server.state()
        let prompts = try #require(state["prompts"]?.array?.compactMap { $0["prompt"]?.object })
        #expect(prompts.count == 2)
        let wanNode = try #require(
            prompts.first?.values.first { $0["class_type"]?.string == "WanImageToVideo" })
        #expect(wanNode["inputs"]?["width"] == .int(176) && wanNode["inputs"]?["height"] == .int(96))
        let ltxNode = try #require(
            prompts.last?.values.first { $0["class_type"]?.string == "LTXVImgToVideo" })
        #expect(ltxNode["inputs"]?["width"] == .int(192) && ltxNode["inputs"]?["height"] == .int(96))

        for (take, made) in [(wan, "176x96"), (ltx, "192x96")] {
            let video = try #require(try MediaProbe.probe(take.url).video)
            #expect(video.width == 176 && video.height == 100, "the project's size, whatever the model made")
            #expect(take.result.modelTiming?.size?.description == made, "recorded with the model's timing")
        }
    }
}
