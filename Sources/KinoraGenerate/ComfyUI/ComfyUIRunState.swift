import Foundation

/// What a cancelled or timed-out take needs to know to stop its prompt on the server (its id, and
/// whether it started running), shared between the task following the prompt and the one stopping it.
///
/// `@unchecked Sendable`: both values are guarded by `lock`.
final class ComfyUIRunState: @unchecked Sendable {
    private let lock = NSLock()
    private var id: String?
    private var running = false

    /// The queued prompt's id, once `POST /prompt` answered.
    var promptID: String? {
        get { lock.withLock { id } }
        set { lock.withLock { id = newValue } }
    }

    /// `true` once the prompt started running (so `/interrupt` is needed, not only a queue delete).
    var started: Bool {
        get { lock.withLock { running } }
        set { lock.withLock { running = newValue } }
    }
}
