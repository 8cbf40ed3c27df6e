import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

@testable import KinoraGenerate

/// Text-to-video and first-last frame takes on the fake ComfyUI server, made at the model's frame count
/// and rate and retimed to the take's.
@Suite struct ComfyUIContinuityTests {
    @Test func textToVideoSendsAGraphWithNoPictureAtTheModelsFramesAndRetimesTheTake() async throws {
        let server = try await FakeComfyUI.start()
        let backend = try ComfyUIBackendTests.backend(server.url)
        #expect(backend.capabilities.modes.contains(.textToVideo))

        // Wan 2.1 T2V (the default): half a second is 8 frames at Wan's 16 fps, so 4n+1 = 9.
        let wan = try await Self.take(
            backend, try ComfyUIBackendTests.request(mode: .textToVideo, backend: backend))
        // LTX-Video: 12 frames at the take's 24 fps, so 8n+1 = 17.
        let ltx = try await Self.take(
            backend,
            try ComfyUIBackendTests.request(
                mode: .textToVideo, backend: backend, parameters: ["template": "ltxv-t2v"]))

        let rate = try #require(FrameRate(parsing: "24"))
        let modelSize = try #require(FrameSize(parsing: "160x96"))
        for (take, timing) in [
            (wan, ModelTiming(frames: 9, fps: try #require(FrameRate(parsing: "16")), size: modelSize)),
            (ltx, ModelTiming(frames: 17, fps: rate, size: modelSize)),
        ] {
            let info = try MediaProbe.probe(take.url)
            #expect(info.video?.frameCount == 12 && info.video?.frameRate == rate, "the take's own 12 frames")
            #expect(
                take.result.modelTiming == timing, "recorded: \(String(describing: take.result.modelTiming))")
        }
        let state = try await server.state()
        #expect(state["uploads"]?.array?.isEmpty == true, "nothing is uploaded for text-to-video")
        let prompts = try #require(state["prompts"]?.array?.compactMap { $0["prompt"]?.object })
        #expect(prompts.count == 2)
        for prompt in prompts {
            #expect(
                !prompt.values.contains { $0["class_type"]?.string == "LoadImage" }, "no picture in the graph"
            )
            #expect(prompt["kinora"] == nil, "Kinora's own notes stay out of the graph")
        }
        #expect(prompts[0]["40"]?["inputs"]?["length"] == .int(9))
        #expect(prompts[0]["60"]?["inputs"]?["fps"]?.number == 16, "the video is made at Wan's rate")
        #expect(prompts[1]["70"]?["inputs"]?["length"] == .int(17))
        #expect(prompts[1]["69"]?["inputs"]?["frame_rate"]?.number == 24)
    }

    @Test func aFirstLastFrameShotSendsTwoPicturesAndIsRefusedWhereItCannotBeServed() async throws {
        let server = try await FakeComfyUI.start()
        let backend = try ComfyUIBackendTests.backend(server.url)
        let end = try TestFiles.media(
            ["-f", "lavfi", "-i", "color=c=red:size=320x180", "-frames:v", "1"], name: "end.png")
        var request = try ComfyUIBackendTests.request(mode: .imageToVideo, backend: backend)
        request.endImage = "assets/end.png"

        let wan = try await Self.take(backend, request, source: try ComfyUIBackendTests.still(), end: end)
        request.settings.parameters["template"] = "ltxv-keyframes"
        let ltx = try await Self.take(backend, request, source: try ComfyUIBackendTests.still(), end: end)
        #expect(try MediaProbe.probe(wan.url).video?.frameCount == 12)
        #expect(try MediaProbe.probe(ltx.url).video?.frameCount == 12)

        let state = try await server.state()
        let uploads = Set(state["uploads"]?.array?.compactMap { $0["name"]?.string } ?? [])
        #expect(uploads.count == 2, "the start and the end picture: \(uploads)")
        let prompts = try #require(state["prompts"]?.array?.compactMap { $0["prompt"]?.object })
        let flf = try #require(prompts.first)
        let pictures = Set([flf["52"]?["inputs"]?["image"]?.string, flf["53"]?["inputs"]?["image"]?.string])
        #expect(pictures == Set(uploads.map { Optional($0) }), "both pictures feed the graph")
        #expect(flf["50"]?["class_type"]?.string == "WanFirstLastFrameToVideo")
        #expect(flf["50"]?["inputs"]?["length"] == .int(9))
        let keyframes = try #require(prompts.last)
        let guides = keyframes.values.filter { $0["class_type"]?.string == "LTXVAddGuide" }
        #expect(
            guides.count == 2 && Set(guides.compactMap { $0["inputs"]?["frame_idx"] }) == [.int(0), .int(-1)])
        #expect(keyframes["79"]?["inputs"]?["image"]?.string.map(uploads.contains) == true)

        // Refused before queueing, saying what to do.
        request.settings.parameters["template"] = "wan-i2v"
        #expect(throws: GenerationError.self) { try backend.check(request) }
        #expect(
            GenerateFixtures.message { try backend.check(request) }.contains(
                "takes none (no \"{{end_image}}\")"))
        request.endImage = nil
        request.settings.parameters["template"] = "wan-flf2v"
        #expect(GenerateFixtures.message { try backend.check(request) }.contains("needs an end picture"))
    }

    /// One finished take of `request`.
    static func take(
        _ backend: ComfyUIBackend, _ request: TakeRequest, source: URL? = nil, end: URL? = nil
    ) async throws -> (url: URL, result: GenerationResult) {
        let output = try TestFiles.folder().appendingPathComponent("take.mp4.partial")
        let job = GenerationJob(request: request, sourceURL: source, outputURL: output, endImageURL: end)
        let result = try await backend.generate(job) { _ in }
        return (output, result)
    }
}
