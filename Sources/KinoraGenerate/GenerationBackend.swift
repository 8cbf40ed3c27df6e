import Foundation
import KinoraCore

/// An engine that turns a take request into a video file: the built-in CPU engine, and later ComfyUI
/// servers and plug-in programs, all behind this one protocol.
public protocol GenerationBackend: Sendable {
    /// The configured name (`builtin`, `comfy-wan` ...), as recorded in take requests.
    var name: String { get }
    /// What the engine can do.
    var capabilities: BackendCapabilities { get }
    /// Makes the take described by `job`, writing the video to `job.outputURL`; reports progress as it
    /// goes and honours task cancellation (throwing `GenerationError.cancelled`, leaving no output).
    func generate(_ job: GenerationJob, progress: @escaping @Sendable (GenerationProgress) -> Void)
        async throws
        -> GenerationResult
    /// Refuses a request this backend cannot serve before anything is queued, naming the field and the
    /// limit. The default checks the declared capabilities.
    func check(_ request: TakeRequest) throws
}

extension GenerationBackend {
    /// The same run as a stream: progress events, then one `.finished` (or the error that ended it).
    /// Cancelling the consuming task cancels the run.
    public func run(_ job: GenerationJob) -> AsyncThrowingStream<GenerationEvent, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let result = try await generate(job) { continuation.yield(.progress($0)) }
                    continuation.yield(.finished(result))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Checks the declared capabilities.
    public func check(_ request: TakeRequest) throws {
        try checkCapabilities(request)
    }

    /// Refuses a request beyond the declared capabilities (mode, duration, size) or with a strength
    /// outside 0–1, naming the field and the limit.
    public func checkCapabilities(_ request: TakeRequest) throws {
        let limits = capabilities
        guard limits.modes.contains(request.mode) else {
            throw GenerationError.unsupported(
                backend: name, reason: "it cannot make \(request.mode.rawValue) shots")
        }
        guard request.duration <= limits.maximumDuration else {
            throw GenerationError.unsupported(
                backend: name,
                reason:
                    "the duration \(request.duration) s is beyond its limit of \(limits.maximumDuration) s")
        }
        guard request.size.width <= limits.maximumSize.width, request.size.height <= limits.maximumSize.height
        else {
            throw GenerationError.unsupported(
                backend: name, reason: "the size \(request.size) is beyond its limit of \(limits.maximumSize)"
            )
        }
        if let problem = Shot.strengthProblem(request.settings.strength) {
            throw GenerationError.unsupported(backend: name, reason: "strength \(problem)")
        }
    }
}

/// What a backend can do, so the queue and the studio can refuse impossible requests up front.
public struct BackendCapabilities: Sendable, Hashable {
    /// The shot modes it generates.
    public var modes: Set<ShotMode>
    /// The longest take, in seconds.
    public var maximumDuration: Double
    /// The largest frame.
    public var maximumSize: FrameSize
    /// Whether one seed gives the same take bit for bit.
    public var exactSeeds: Bool
    /// The engine's version, recorded with every take so a changed engine is never mistaken for the same.
    public var engineVersion: String

    /// Capabilities with the given values.
    public init(
        modes: Set<ShotMode>, maximumDuration: Double, maximumSize: FrameSize, exactSeeds: Bool,
        engineVersion: String
    ) {
        self.modes = modes
        self.maximumDuration = maximumDuration
        self.maximumSize = maximumSize
        self.exactSeeds = exactSeeds
        self.engineVersion = engineVersion
    }
}

/// One run's input: the request and where its files are.
public struct GenerationJob: Sendable {
    /// Everything about the take.
    public var request: TakeRequest
    /// The source file, resolved to an absolute path (for a continuing shot, the frame taken from the
    /// previous shot).
    public var sourceURL: URL?
    /// The picture the take ends on, resolved to an absolute path; `nil` when the shot has none.
    public var endImageURL: URL?
    /// Where the backend writes the video (a temporary name; the caller moves it into place).
    public var outputURL: URL
    /// The cast entries the prompt names, with their reference pictures resolved to absolute paths, in
    /// the order of ``TakeRequest/references``.
    public var references: [JobReference] = []
    /// The job on a remote engine this run collects instead of submitting a new one: set when Kinora
    /// stopped while that job ran (see ``Take/remoteJob``). A backend that finds the engine no longer
    /// knows it throws ``GenerationError/jobGone(endpoint:id:)``.
    public var resuming: RemoteJob?
    /// Records the remote job as soon as its id is known: before the request leaves when the engine
    /// takes the client's id (ComfyUI), else as soon as the engine answers. Backends that submit to a
    /// remote engine call it once per submission; it throws when the record cannot be saved, and the
    /// job must then not be submitted (or be cancelled).
    public var recordRemoteJob: @Sendable (RemoteJob) async throws -> Void = { _ in }
    /// Whether a cancelled run leaves its remote job running (Kinora is closing, not cancelling the take):
    /// the backend then neither cancels nor interrupts it on the server, to be collected next time.
    public var leavesRemoteJob: @Sendable () -> Bool = { false }

    /// A job with the given values.
    public init(request: TakeRequest, sourceURL: URL?, outputURL: URL, endImageURL: URL? = nil) {
        self.request = request
        self.sourceURL = sourceURL
        self.outputURL = outputURL
        self.endImageURL = endImageURL
    }

    /// The job for `request` of the project at `folder`: its source and end picture resolved inside the
    /// project, the video going to `outputURL`. Every caller builds jobs this way, so none forgets a picture.
    public init(resolving request: TakeRequest, in folder: URL, outputURL: URL) {
        self.init(
            request: request, sourceURL: request.source.map { folder.appendingPathComponent($0) },
            outputURL: outputURL, endImageURL: request.endImage.map { folder.appendingPathComponent($0) })
        references = (request.references ?? []).map { reference in
            JobReference(
                reference: reference, imageURLs: reference.images.map { folder.appendingPathComponent($0) })
        }
    }

    /// Every reference picture, entry by entry in the order the prompt names them, for engines that
    /// take a numbered list of pictures.
    public var referenceImageURLs: [URL] { references.flatMap(\.imageURLs) }

    /// How many frames the take has.
    public var frameCount: Int { max(1, request.fps.frames(in: request.duration)) }
}

/// How far a run has got.
public struct GenerationProgress: Sendable {
    /// Frames finished.
    public var framesDone: Int
    /// Frames in the take.
    public var framesTotal: Int
    /// A picture of the take so far (JPEG or PNG bytes), when the engine sends one (ComfyUI's live
    /// previews, a plug-in's preview frames), for the studio to show while it runs.
    public var preview: Data?
    /// What the engine is doing when the frame count says nothing (a hosted model waiting for a machine:
    /// "cold start on Replicate, 40 s so far"), in plain words, already safe for a terminal.
    public var note: String?

    /// Progress with the given counts.
    public init(framesDone: Int, framesTotal: Int, preview: Data? = nil, note: String? = nil) {
        self.framesDone = framesDone
        self.framesTotal = framesTotal
        self.preview = preview
        self.note = note
    }

    /// 0–1.
    public var fraction: Double { framesTotal > 0 ? Double(framesDone) / Double(framesTotal) : 0 }
}

/// What a finished run reports besides its video file.
public struct GenerationResult: Sendable, Hashable {
    /// Frames written.
    public var frames: Int
    /// Which machine or endpoint made it, when the backend has several.
    public var worker: String?
    /// What the person should know about the take (a text-to-video shot made as a slate).
    public var warning: String?
    /// The framing used and why.
    public var framing: Framing?
    /// The frames the model made before retiming to the project's rate, when they differ.
    public var modelTiming: ModelTiming?

    /// A result with the given values.
    public init(
        frames: Int, worker: String? = nil, warning: String? = nil, framing: Framing? = nil,
        modelTiming: ModelTiming? = nil
    ) {
        self.frames = frames
        self.worker = worker
        self.warning = warning
        self.framing = framing
        self.modelTiming = modelTiming
    }
}

/// One event of a run as a stream.
public enum GenerationEvent: Sendable {
    /// Progress so far.
    case progress(GenerationProgress)
    /// The run finished; the video is at the job's output URL.
    case finished(GenerationResult)
}
