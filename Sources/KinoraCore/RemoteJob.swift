import Foundation

/// A take's job on a remote engine, as recorded in the storyboard: which endpoint has it and under
/// which id, so a Kinora that stopped while the job ran can find it there again.
public struct RemoteJob: Codable, Sendable, Hashable {
    /// The engine's own id for the job (ComfyUI's `prompt_id`, RunPod's job id, Replicate's prediction
    /// id).
    public var id: String
    /// The endpoint that has it, as the backend's pool labels it (its URL as configured, which holds no
    /// credentials).
    public var endpoint: String
    /// When the job was handed to the engine.
    public var submittedAt: Date
    /// The client the engine sends the job's messages to, for engines that route messages by client
    /// (ComfyUI's WebSocket `clientId`), so a later run listens as the one that submitted it.
    public var clientID: String?

    /// A record of job `id` on `endpoint`.
    public init(id: String, endpoint: String, submittedAt: Date, clientID: String? = nil) {
        self.id = id
        self.endpoint = endpoint
        self.submittedAt = submittedAt
        self.clientID = clientID
    }
}
