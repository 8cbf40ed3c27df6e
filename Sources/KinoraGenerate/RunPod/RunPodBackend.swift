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

    /// What ComfyUI workflows make (see ``ComfyUITemplates/capabilities(kind:)``), on RunPod.
    public var capabilities: BackendCapabilities { templates.capabilities(kind: "runpod-comfyui") }

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
        try templates.checkParameters(request, backend: name)
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
