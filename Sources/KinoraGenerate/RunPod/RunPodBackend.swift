import Foundation
import KinoraCore
import KinoraNet

/// A RunPod serverless endpoint running the worker-comfyui image as a generation backend: each take
/// fills the same ComfyUI workflow templates as a ComfyUI server, goes to RunPod's queue with
/// `POST /run` (the pictures as base64 in `input.images`), is followed with `GET /status/{id}` and is
/// written as an H.264 take from the worker's `output.images` (base64 or an S3 URL). RunPod queues and
/// scales the GPUs; Kinora keeps `concurrency` jobs in flight.
public struct RunPodBackend: GenerationBackend {
    /// The configured name, as recorded in take requests.
    public let name: String
    /// The templates this backend fills (the same as a ComfyUI backend's).
    let templates: ComfyUITemplates
    /// Seconds a take may take, RunPod's queue and a cold start included, before it is cancelled there.
    let timeout: Double
    /// The endpoint and its API key.
    let endpoint: RemoteEndpoint
    /// Seconds between the first status polls (doubling up to ``maximumPollInterval``).
    let pollInterval: Double
    /// The longest pause between two status polls.
    let maximumPollInterval: Double
    /// Seconds a job may wait in RunPod's queue before Kinora says it is waiting for a worker.
    let queueNotice: Double
    /// The largest `/run` body RunPod takes (10 MB, its documented limit for asynchronous jobs).
    let payloadLimit: Int

    /// RunPod's documented limit on a `/run` request body: 10 MB.
    public static let runPayloadLimit = 10 * 1024 * 1024

    /// How messages name the service.
    static let service = RemoteEndpoint.Service(
        name: "the RunPod endpoint",
        unreachableHint:
            "Check the backend's url (https://api.runpod.ai/v2/ENDPOINT_ID) and the network.")

    /// A backend for the RunPod endpoint at `url` (`https://api.runpod.ai/v2/ENDPOINT_ID`). `token` is the
    /// RunPod API key, sent as `Authorization: Bearer …` and never shown; `tokenSetting` says where the
    /// person sets it. `timeout` is the longest a take may take, in seconds, queueing included.
    public init(
        name: String, url: URL, token: String?, templates: ComfyUITemplates, timeout: Double,
        tokenSetting: String = "set the backend's token", caFile: String? = nil, pollInterval: Double = 0.2,
        maximumPollInterval: Double = 2, queueNotice: Double = 10, payloadLimit: Int = runPayloadLimit
    ) {
        self.name = name
        self.templates = templates
        self.timeout = max(0.1, timeout)
        self.endpoint = RemoteEndpoint(
            url: url, token: token, tokenSetting: tokenSetting, caFile: caFile, service: Self.service)
        self.pollInterval = max(0.01, pollInterval)
        self.maximumPollInterval = max(self.pollInterval, maximumPollInterval)
        self.queueNotice = max(0, queueNotice)
        self.payloadLimit = max(1, payloadLimit)
    }

    /// Text-to-video, image-to-video (with or without an end picture) and video-to-video, up to 30 s and
    /// 1920x1080, similar (not identical) takes per seed; the engine version names the templates with a
    /// hash of their content, as a ComfyUI backend's does, under `runpod-comfyui`.
    public var capabilities: BackendCapabilities {
        let names =
            [ShotMode.imageToVideo, .videoToVideo, .textToVideo].compactMap { templates.defaults[$0] }
            + [templates.firstLast, templates.reference]
        let hashes = names.map { templates.templates[$0]?.contentHash ?? "missing" }.joined()
        let version =
            "runpod-comfyui:" + names.joined(separator: "+") + "@"
            + String(ContentHash.sha256(of: Data(hashes.utf8)).prefix(8))
        return BackendCapabilities(
            modes: [.textToVideo, .imageToVideo, .videoToVideo], maximumDuration: 30,
            maximumSize: FrameSize(width: 1920, height: 1080)
                ?? FrameSize(width: 2, height: 2).unsafelyUnwrapped,
            exactSeeds: false, engineVersion: version)
    }

    /// Checks that the backend has an API key, the capabilities, that the shot's template exists and fits
    /// its mode, and that every `param.NAME` is one the template reads.
    public func check(_ request: TakeRequest) throws {
        guard let token = endpoint.token, !token.isEmpty else {
            throw GenerationError.unsupported(
                backend: name,
                reason: "it has no RunPod API key, and RunPod refuses every request without one; "
                    + endpoint.tokenSetting)
        }
        try checkCapabilities(request)
        let template = try templates.template(for: request)
        let known = ["template"] + template.parameterNames.sorted()
        if let unknown = request.settings.parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw GenerationError.unsupported(
                backend: name,
                reason: "it has no parameter \"\(unknown)\"; with the template \(template.name) it reads "
                    + known.map { "param.\($0)" }.joined(separator: ", "))
        }
        if let missing = template.parameterNames.sorted().first(where: {
            request.settings.parameters[$0] == nil
        }) {
            throw GenerationError.unsupported(
                backend: name,
                reason:
                    "the template \(template.name) (\(template.file.path)) needs param.\(missing); set it with "
                    + "`kinora shot set DIR SHOT param.\(missing)=VALUE`")
        }
    }

    /// Makes the take on the endpoint (see ``RunPodJob``), or collects the job `job.resuming` names.
    public func generate(_ job: GenerationJob, progress: @escaping @Sendable (GenerationProgress) -> Void)
        async throws -> GenerationResult
    {
        try check(job.request)
        let template = try templates.template(for: job.request)
        let transport: HTTPTransport
        do {
            transport = try HTTPTransport(endpoint: endpoint, requestTimeout: min(60, max(5, timeout)))
        } catch let error as RemoteError {
            throw GenerationError.failed(reason: error.message)
        }
        return try await RunPodJob(
            backend: self, transport: transport, template: template, job: job, progress: progress
        ).run()
    }
}
