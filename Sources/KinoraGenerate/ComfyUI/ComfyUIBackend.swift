import Foundation
import KinoraCore
import KinoraNet

/// A ComfyUI server as a generation backend: each take fills a workflow template (Wan 2.x, LTX-Video or
/// the person's own), runs it through ComfyUI's documented server API (`POST /prompt`, the `/ws`
/// WebSocket, `/history`, `/view`, `/upload/image`, `/object_info`, `/models`, `/system_stats`,
/// `/api/jobs/{id}/cancel` or `/interrupt`) and keeps the output as an H.264 take.
///
/// Diffusion on a GPU is not bit-exact, so one seed gives a similar take, not the same file.
public struct ComfyUIBackend: GenerationBackend {
    /// The configured name (`comfy-wan` …), as recorded in take requests.
    public let name: String
    /// The templates this backend fills.
    let templates: ComfyUITemplates
    /// Seconds a take may take, queueing included, before it is stopped on the server.
    let timeout: Double
    /// The server's HTTP routes.
    let client: ComfyUIClient

    /// A backend for the ComfyUI server at `endpoint` (`http://host:8188`, or `https://` with its
    /// WebSocket over `wss://`; `caFile` is the PEM file of the authority that signed a self-signed
    /// server's certificate). `token` is sent as `Authorization: Bearer …` and never shown; `tokenSetting`
    /// names where the person sets it (an environment variable or config key), for the message when the
    /// server refuses it. `timeout` is the longest a take may take, in seconds. Throws when `caFile`
    /// cannot be read.
    public init(
        name: String, endpoint: URL, token: String?, templates: ComfyUITemplates, timeout: Double,
        tokenSetting: String = "set the backend's token", caFile: String? = nil
    ) throws {
        self.name = name
        self.templates = templates
        self.timeout = max(0.1, timeout)
        let server = RemoteEndpoint(
            url: endpoint, token: token, tokenSetting: tokenSetting, caFile: caFile,
            service: ComfyUIClient.service)
        self.client = try ComfyUIClient(endpoint: server, requestTimeout: min(60, max(5, timeout)))
    }

    /// What ComfyUI workflows make (see ``ComfyUITemplates/capabilities(kind:)``).
    public var capabilities: BackendCapabilities { templates.capabilities(kind: "comfyui") }

    /// Checks the capabilities, that the shot's template exists and fits its mode, and that every
    /// `param.NAME` is one the template reads (`param.template` picks the template).
    public func check(_ request: TakeRequest) throws {
        try checkCapabilities(request)
        try templates.checkParameters(request, backend: name)
    }

    /// Makes the take on the server (see ``ComfyUIJob``).
    public func generate(_ job: GenerationJob, progress: @escaping @Sendable (GenerationProgress) -> Void)
        async throws -> GenerationResult
    {
        try check(job.request)
        let template = try templates.template(for: job.request)
        return try await ComfyUIJob(
            client: client, template: template, timeout: timeout,
            reconnectWindow: min(15, max(2, timeout / 4)), job: job,
            progress: progress
        ).run()
    }
}
