import Foundation
import KinoraNet

/// What Kinora learns about each ComfyUI server once per process: its version and whether it has the
/// jobs API (`/system_stats`, `/api/jobs`), and which templates passed the preflight there, so a run of
/// twelve takes asks once, not twelve times. A failed preflight is not remembered: after the person
/// installs what was missing, the next take looks again.
actor ComfyUIServerFacts {
    /// The one record for the process.
    static let shared = ComfyUIServerFacts()

    /// One server's version and routes.
    struct Facts: Sendable {
        /// `system.comfyui_version`, when the server reports it.
        var version: String?
        /// Whether `POST /api/jobs/{id}/cancel` is there (newer servers).
        var jobsAPI: Bool
    }

    private var facts: [String: Facts] = [:]
    private var passed: Set<String> = []

    /// The facts of `client`'s server, asked the first time.
    func facts(for client: ComfyUIClient) async throws -> Facts {
        let key = client.endpoint.url.absoluteString
        if let known = facts[key] { return known }
        let version = try await client.version()
        let jobsAPI = try await client.hasJobsAPI()
        let learned = Facts(version: version, jobsAPI: jobsAPI)
        facts[key] = learned
        return learned
    }

    /// Whether the template with `contentHash` passed the preflight on `client`'s server.
    func hasPassed(_ contentHash: String, on client: ComfyUIClient) -> Bool {
        passed.contains(client.endpoint.url.absoluteString + " " + contentHash)
    }

    /// Records that the template with `contentHash` passed the preflight on `client`'s server.
    func markPassed(_ contentHash: String, on client: ComfyUIClient) {
        passed.insert(client.endpoint.url.absoluteString + " " + contentHash)
    }
}
