import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

@testable import KinoraGenerate

/// Sources made on the spot with ffmpeg's lavfi, and helpers to run the engine and read its output.
enum GenerateFixtures {
    /// The message of the error `body` throws, or "" when it throws none.
    static func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return ""
        } catch {
            return (error as? UserFacingError)?.userMessage ?? "\(error)"
        }
    }

    /// A new empty temporary folder.
    static func folder() throws -> URL { try TestFiles.folder() }

    /// Runs ffmpeg to make a fixture file.
    static func make(_ arguments: [String], name: String) throws -> URL {
        try TestFiles.media(arguments, name: name)
    }

    /// Runs `backend` into a new folder; returns the take and the result.
    static func generate(
        _ backend: any GenerationBackend, _ request: TakeRequest, source: URL?,
        progress: @escaping @Sendable (GenerationProgress) -> Void = { _ in }
    ) async throws -> (URL, GenerationResult) {
        let output = try TestFiles.folder().appendingPathComponent("take.mp4.partial")
        let result = try await backend.generate(
            GenerationJob(request: request, sourceURL: source, outputURL: output), progress: progress)
        return (output, result)
    }

    /// A 640x360 still with detail everywhere (testsrc2).
    static func still() throws -> URL {
        try make(["-f", "lavfi", "-i", "testsrc2=size=640x360", "-frames:v", "1"], name: "still.png")
    }

    /// A moving test pattern, `seconds` long at 24 fps.
    static func video(seconds: Double = 2) throws -> URL {
        try make(
            [
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24", "-t", "\(seconds)", "-pix_fmt",
                "yuv420p",
            ],
            name: "clip.mp4")
    }

    /// A request for a small take.
    static func request(
        mode: ShotMode, seed: UInt64 = 5, motion: CameraMotion = .pushIn, style: VisualStyle = .none,
        strength: Double = 1, duration: Double = 1, parameters: [String: String] = [:],
        prompt: String = "test"
    ) throws -> TakeRequest {
        TakeRequest(
            backend: "builtin", engineVersion: BuiltinBackend.engineVersion, mode: mode, prompt: prompt,
            negativePrompt: "", source: nil, sourceHash: nil, inPoint: nil, outPoint: nil, duration: duration,
            fps: try #require(FrameRate(parsing: "24")), size: try #require(FrameSize(parsing: "320x180")),
            seed: seed,
            settings: GenerationSettings(
                motion: motion, style: style, strength: strength, parameters: parameters))
    }

    /// Runs the built-in engine and returns the output file.
    static func generate(_ request: TakeRequest, source: URL?) async throws -> URL {
        let output = try folder().appendingPathComponent("take.mp4")
        _ = try await BuiltinBackend().generate(
            GenerationJob(request: request, sourceURL: source, outputURL: output)
        ) {
            _ in
        }
        return output
    }

    /// Every frame of a take, decoded.
    static func frames(_ url: URL) throws -> [RGBFrame] {
        let reader = try FrameReader(url: url, size: PixelSize(width: 320, height: 180))
        var frames: [RGBFrame] = []
        while let frame = try reader.next() { frames.append(frame) }
        return frames
    }

    /// Mean absolute difference per byte between two frames.
    static func difference(_ a: RGBFrame, _ b: RGBFrame) -> Double {
        zip(a.pixels, b.pixels).reduce(0) { $0 + abs(Double($1.0) - Double($1.1)) } / Double(a.pixels.count)
    }
}
