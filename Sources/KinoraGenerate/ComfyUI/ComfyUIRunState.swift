import Foundation

/// What a cancelled or timed-out take needs to know to stop its prompt on the server (its id, and
/// whether it started running), shared between the task following the prompt and the one stopping it.
///
/// `@unchecked Sendable`: both values are guarded by `lock`.
final class ComfyUIRunState: @unchecked Sendable {
    private let lock = NSLock()
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
