import Foundation
import KinoraCore
import KinoraMedia

/// Kinora's own engine: deterministic camera moves, styles, retiming and slates on the CPU — good for
/// previsualisation, offline, no GPU. One seed gives the same take bit for bit.
public struct BuiltinBackend: GenerationBackend {
    /// Bumped whenever a change to the engine changes its pictures, so old takes are not mistaken for
    /// what the engine makes now.
    public static let engineVersion = "builtin-1"

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
        _ = try BuiltinParameters(request.settings.parameters)
    }

    /// Renders the take on a thread of its own, streaming frames to ffmpeg as they are made.
    public func generate(_ job: GenerationJob, progress: @escaping @Sendable (GenerationProgress) -> Void)
        async throws -> GenerationResult
    {
        try check(job.request)
        let parameters = try BuiltinParameters(job.request.settings.parameters)
        return try await BlockingWork.run { flag in
            try BuiltinRender(job: job, parameters: parameters, cancelled: flag, progress: progress).run()
        }
    }
}
