import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

@testable import KinoraGenerate

/// Plug-in protocol version 2: text-to-video, `first_frame`, `last_frame` and `references` reach a
/// plug-in configured for it, a version 1 plug-in gets exactly version 1's request, and a request a
/// plug-in cannot serve is refused before anything runs.
@Suite struct PluginProtocolTwoTests {
    @Test func aVersionTwoPluginReceivesTheNewFieldsAndAVersionOneRequestHasNone() async throws {
        let folder = try TestFiles.folder()
        let saved = folder.appendingPathComponent("request.json")
        let still = try GenerateFixtures.still()
        let end = try Self.redPicture()
        let recorder = PluginBackend(
            name: "recorder", command: PluginFixtures.misbehaving("garbage_plugin"), timeout: 30,
            environment: ["KINORA_TEST_REQUEST_FILE": saved.path], protocolVersion: 2, takesLastFrame: true)

        _ = await PluginFixtures.failureMessage(
            recorder, try PluginFixtures.job(try PluginFixtures.request(mode: .textToVideo)))
        let textOnly = try Self.fields(saved)
        #expect(textOnly["protocol"] as? Int == 2 && textOnly["mode"] as? String == "text-to-video")
        #expect(
            textOnly["source"] is NSNull && textOnly["first_frame"] is NSNull
                && textOnly["last_frame"] is NSNull)
        #expect((textOnly["references"] as? [Any])?.isEmpty == true)

        var firstLast = try PluginFixtures.request()
        firstLast.endImage = "assets/end.png"
        var job = try PluginFixtures.job(firstLast, source: still)
        job.endImageURL = end
        _ = await PluginFixtures.failureMessage(recorder, job)
        let both = try Self.fields(saved)
        // The keyframes are framed copies at the take's size (the built-in engine's crop); `source` stays
        // the original file.
        #expect((both["first_frame"] as? String)?.hasSuffix("/kinora-first-frame.png") == true)
        #expect((both["last_frame"] as? String)?.hasSuffix("/kinora-last-frame.png") == true)
        #expect(both["source"] as? String == still.standardizedFileURL.path)

        let versionOne = PluginBackend(
            name: "recorder", command: PluginFixtures.misbehaving("garbage_plugin"), timeout: 30,
            environment: ["KINORA_TEST_REQUEST_FILE": saved.path])
        _ = await PluginFixtures.failureMessage(
            versionOne, try PluginFixtures.job(try PluginFixtures.request(), source: still))
        let old = try Self.fields(saved)
        #expect(old["protocol"] as? Int == 1)
        #expect(old["first_frame"] == nil && old["last_frame"] == nil && old["references"] == nil)
        #expect(Set(old.keys).count == 18, "exactly version 1's fields: \(old.keys.sorted())")

        // Refused before queueing, saying why.
        #expect(
            GenerateFixtures.message { try versionOne.check(try PluginFixtures.request(mode: .textToVideo)) }
                .contains("cannot make text-to-video shots"))
        #expect(
            GenerateFixtures.message { try versionOne.check(firstLast) }.contains(
                "protocol 1, which has no last_frame"))
        let noEnd = PluginBackend(name: "t2v", command: ["true"], timeout: 30, protocolVersion: 2)
        #expect(GenerateFixtures.message { try noEnd.check(firstLast) }.contains("\"lastFrame\": true"))
        #expect(
            GenerateFixtures.message { try noEnd.check(try PluginFixtures.request(mode: .textToVideo)) }
                .isEmpty)
    }

    @Test func theReferencePluginMakesTextToVideoAndEndsOnTheEndPicture() async throws {
        let reference = PluginBackend(
            name: "reference", command: [PluginFixtures.referencePlugin.path], timeout: 60,
            protocolVersion: 2,
            takesLastFrame: true)
        let textOnly = try PluginFixtures.job(try PluginFixtures.request(mode: .textToVideo, duration: 0.5))
        let (made, _) = try await PluginFixtures.generate(reference, textOnly)
        let madeCount = try MediaProbe.probe(textOnly.outputURL).video?.frameCount
        #expect(made.frames == 12 && madeCount == 12)

        var request = try PluginFixtures.request(duration: 0.5)
        request.endImage = "assets/end.png"
        var job = try PluginFixtures.job(request, source: try GenerateFixtures.still())
        job.endImageURL = try Self.redPicture()
        _ = try await PluginFixtures.generate(reference, job)
        let frames = try GenerateFixtures.frames(job.outputURL)
        #expect(frames.count == 12)
        let last = try #require(frames.last)
        let first = try #require(frames.first)
        #expect(last[160, 90].red > 200 && last[160, 90].green < 60, "the take ends on the red end picture")
        #expect(GenerateFixtures.difference(first, last) > 20, "and does not start on it")
    }

    /// A red 320x180 picture.
    static func redPicture() throws -> URL {
        try TestFiles.media(
            ["-f", "lavfi", "-i", "color=c=red:size=320x180", "-frames:v", "1"], name: "end.png")
    }

    /// The request a recording plug-in saved.
    static func fields(_ file: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: try Data(contentsOf: file)) as? [String: Any])
    }
}
