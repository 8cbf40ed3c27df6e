import Foundation
import KinoraCore
import KinoraEngine
import KinoraMedia

/// Kinora's own engine: deterministic camera moves, styles, retiming and slates on the CPU — good for
/// previsualisation, offline, no GPU. One seed gives the same take bit for bit.
///
/// A thin adapter: the pixels are `KinoraEngine`'s ``BuiltinRender``; this type declares what the
/// engine can do, checks requests and runs the engine off the cooperative pool.
public struct BuiltinBackend: GenerationBackend {
    /// Bumped whenever a change to the engine changes its pictures, so old takes are not mistaken for
    /// what the engine makes now (the engine's own ``BuiltinEngine/version``).
    public static let engineVersion = BuiltinEngine.version

    /// The backend's name in storyboards.
    public let name = "builtin"

    /// Creates the engine.
    public init() {}

    /// All modes, up to ten minutes, up to 4K, exact seeds.
    public var capabilities: BackendCapabilities {
        BackendCapabilities(
            modes: Set(ShotMode.allCases), maximumDuration: 600,
            maximumSize: FrameSize(width: 3840, height: 2160)
                ?? FrameSize(width: 2, height: 2).unsafelyUnwrapped,
            exactSeeds: true, engineVersion: BuiltinBackend.engineVersion)
    }

    /// Checks the capabilities and the engine's own parameters (`param.speed` ...).
    public func check(_ request: TakeRequest) throws {
        try checkCapabilities(request)
        try Self.reportingGenerationErrors { try BuiltinRender.check(request) }
    }

    /// Renders the take on a thread of its own, streaming frames to ffmpeg as they are made.
    public func generate(_ job: GenerationJob, progress: @escaping @Sendable (GenerationProgress) -> Void)
        async throws -> GenerationResult
    {
        try check(job.request)
        return try await BlockingWork.run { flag in
            try Self.reportingGenerationErrors {
                let render = try BuiltinRender(
                    request: job.request, sourceURL: job.sourceURL, outputURL: job.outputURL,
                    endImageURL: job.endImageURL,
                    progress: { done, total in
                        progress(GenerationProgress(framesDone: done, framesTotal: total))
                    },
                    isCancelled: { flag.isSet })
                let outcome = try render.run()
                // A text-to-video take says it is a slate; an image take records how it was framed.
                let warnings = [outcome.warning, Self.referencesWarning(job.request)].compactMap { $0 }
                return GenerationResult(
                    frames: outcome.frames,
                    warning: warnings.isEmpty ? nil : warnings.joined(separator: "; "),
                    framing: outcome.framing)
            }
        }
    }

    /// What a take should say when its prompt names cast entries: the engine draws no subject, so it
    /// cannot keep one the same from shot to shot (a slate shows the label and needs no warning).
    static func referencesWarning(_ request: TakeRequest) -> String? {
        guard request.mode != .slate, let references = request.references, !references.isEmpty else {
            return nil
        }
        let names = references.map { "@" + $0.name }.joined(separator: ", ")
        let instead = request.mode == .textToVideo ? "it draws a slate" : "it moves the shot's own picture"
        return "the built-in engine cannot use cast references (\(names)): \(instead); a ComfyUI or plug-in "
            + "backend uses their pictures"
    }

    /// What `body` returns, with the engine's errors thrown as the same ``GenerationError`` every
    /// backend throws (same words; a cancel stays ``GenerationError/cancelled``).
    private static func reportingGenerationErrors<Value>(_ body: () throws -> Value) throws -> Value {
        do {
            return try body()
        } catch let error as EngineError {
            throw GenerationError(error, backend: "builtin")
        }
    }
}
