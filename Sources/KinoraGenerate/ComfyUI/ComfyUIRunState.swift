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
    private var wasRecorded = false
    private var hasEnded = false

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

    /// `true` once the prompt's id is in the take's record (it may be on the server from then on).
    var recorded: Bool {
        get { lock.withLock { wasRecorded } }
        set { lock.withLock { wasRecorded = newValue } }
    }

    /// `true` once the prompt ended on the server (its history entry, or an error message, arrived), so
    /// there is nothing to stop there.
    var finished: Bool {
        get { lock.withLock { hasEnded } }
        set { lock.withLock { hasEnded = newValue } }
    }

    /// `true` once the prompt started running.
    var started: Bool {
        get { lock.withLock { running } }
        set { lock.withLock { running = newValue } }
    }
}
