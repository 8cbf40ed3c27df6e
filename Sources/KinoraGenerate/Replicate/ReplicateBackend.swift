import Foundation
import KinoraCore
import KinoraNet

/// A video model on Replicate's predictions API as a generation backend: each take maps Kinora's request
/// to the model's inputs (the backend's `inputs`, or a mapping Kinora ships), creates a prediction, follows
/// it and keeps its video as an H.264 take. Nothing runs on this machine but the download and re-encode.
///
/// A hosted model is not bit-exact, so one seed gives a similar take, not the same file.
public struct ReplicateBackend: GenerationBackend {
    /// The configured name, as recorded in take requests.
    public let name: String
    /// The model.
    public let model: ReplicateModelName
    /// Request field → model input.
    public let mapping: ReplicateMapping
    /// Seconds a take may take, a cold start included.
    let timeout: Double
    /// The API.
    let client: ReplicateClient
    /// Where the person sets the token, for the message when none is set.
    let tokenSetting: String
    /// The model's schema, read once.
    let schemas = ReplicateSchemaCache()
    /// Bytes a picture may have to go inline as a `data:` URI (Replicate recommends them under 1 MB).
    let dataURILimit: Int
    /// Seconds between polls: from the first value, doubling up to the second.
    let pollInterval: (first: Double, ceiling: Double)

    /// The most a take's video may weigh when downloaded: 1 GB (a 15 s 1080p clip is some tens of MB).
    public static let maximumOutputBytes: Int64 = 1 << 30

    /// A backend for `model` on the API at `endpoint` (`https://api.replicate.com`). `token` is sent as
    /// `Authorization: Bearer …` to the API only (never to the host the output is downloaded from) and never
    /// shown; `tokenSetting` says where the person sets it. Throws when `caFile` cannot be read.
    public init(
        name: String, endpoint: URL, model: ReplicateModelName, mapping: ReplicateMapping, token: String?,
        tokenSetting: String, caFile: String? = nil, timeout: Double, dataURILimit: Int = 1_000_000,
        pollInterval: (first: Double, ceiling: Double) = (0.2, 2)
    ) throws {
        self.name = name
        self.model = model
        self.mapping = mapping
        self.timeout = max(0.1, timeout)
        self.tokenSetting = tokenSetting
        self.dataURILimit = dataURILimit
        self.pollInterval = pollInterval
        let remote = RemoteEndpoint(
            url: endpoint, token: token, tokenSetting: tokenSetting, caFile: caFile,
            service: ReplicateClient.service)
        client = ReplicateClient(
            transport: try HTTPTransport(endpoint: remote, requestTimeout: min(60, max(5, timeout))),
            model: model)
    }

    /// The modes the mapping serves, up to its longest take and 1920 pixels a side (portrait or
    /// landscape 1080p); the engine version names the model and the pinned version.
    public var capabilities: BackendCapabilities {
        BackendCapabilities(
            modes: mapping.modes, maximumDuration: mapping.maximumDuration,
            maximumSize: FrameSize(width: 1920, height: 1920)
                ?? FrameSize(width: 2, height: 2).unsafelyUnwrapped,
            exactSeeds: false,
            engineVersion: "replicate:\(model.model)" + (model.version.map { ":\($0)" } ?? ""))
    }

    /// Refuses, before anything is sent: no token, a mode the mapping cannot serve, an end picture with no
    /// input to take it, and what the capabilities refuse.
    public func check(_ request: TakeRequest) throws {
        guard client.transport.endpoint.token?.isEmpty == false else {
            throw GenerationError.unsupported(
                backend: name,
                reason: "Replicate's API needs an access token and none is set; \(tokenSetting)")
        }
        if !mapping.modes.contains(request.mode) {
            let needs: String
            switch request.mode {
            case .imageToVideo:
                needs =
                    mapping.inputs["image"] == nil
                    ? "an \"image\" mapping (inputs.image: the model's first-frame input)"
                    : "a model that takes a first frame"
            case .textToVideo:
                needs =
                    mapping.inputs["prompt"] == nil
                    ? "a \"prompt\" mapping (inputs.prompt)" : "a model that makes video from text alone"
            default:
                needs =
                    "a mode the model \(model.model) makes (it makes "
                    + mapping.modes.map(\.rawValue).sorted().joined(separator: ", ") + ")"
            }
            throw GenerationError.unsupported(
                backend: name,
                reason:
                    "it cannot make \(request.mode.rawValue) shots with the model \(model.model): that needs "
                    + needs)
        }
        if request.endImage != nil && mapping.inputs["lastImage"] == nil {
            throw GenerationError.unsupported(
                backend: name,
                reason:
                    "the shot has an end picture and the model \(model.model) has no \"lastImage\" mapping "
                    + "(inputs.lastImage: the model's last-frame input); map it, or remove the shot's end picture"
            )
        }
        try checkCapabilities(request)
    }

    /// Makes the take on Replicate (see ``ReplicateJob``), or collects the prediction `job.resuming` names.
    public func generate(_ job: GenerationJob, progress: @escaping @Sendable (GenerationProgress) -> Void)
        async throws -> GenerationResult
    {
        try check(job.request)
        return try await ReplicateJob(
            backend: name, client: client, mapping: mapping, schemas: schemas, timeout: timeout,
            dataURILimit: dataURILimit, maximumOutputBytes: Self.maximumOutputBytes,
            pollInterval: pollInterval,
            job: job, progress: progress
        ).run()
    }
}
