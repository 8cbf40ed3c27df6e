import Foundation

/// What a cancelled or timed-out take needs to know to stop its prompt on the server (its id, whether
/// it started running, the server's cancel route), shared between the task following the prompt and the
/// one stopping it; whether it is recorded and finished comes from ``RemoteJobState``.
///
/// `@unchecked Sendable`: every value is guarded by `lock`.
final class ComfyUIRunState: RemoteJobState, @unchecked Sendable {
    private var id: String?
    private var running = false
    private var jobs = false

    /// The queued prompt's id, once `POST /prompt` answered.
    var promptID: String? {
        get { lock.withLock { id } }
        set { lock.withLock { id = newValue } }
    }

    /// Whether the server has the jobs API, whose cancel route stops a queued or running prompt.
    var jobsAPI: Bool {
        get { lock.withLock { jobs } }
        set { lock.withLock { jobs = newValue } }
    }

    /// `true` once the prompt started running.
    var started: Bool {
        get { lock.withLock { running } }
        set { lock.withLock { running = newValue } }
    }
}
