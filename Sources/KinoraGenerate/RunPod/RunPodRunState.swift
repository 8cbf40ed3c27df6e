import Foundation

/// What a run knows about its job on RunPod, shared between the run and its stop.
final class RunPodRunState: RemoteJobState, @unchecked Sendable {
    // Guarded by `lock`.
    private var id: String?
    private var state: RunPodStatus.State?
    private var running = false
    private var queued: Double = 0
    private var reason = ""

    /// RunPod's id for the job, once known.
    var jobID: String? {
        get { lock.withLock { id } }
        set { lock.withLock { id = newValue } }
    }

    /// The state last seen.
    var lastState: RunPodStatus.State? {
        get { lock.withLock { state } }
        set { lock.withLock { state = newValue } }
    }

    /// Whether a worker has taken the job.
    var started: Bool {
        get { lock.withLock { running } }
        set { lock.withLock { running = newValue } }
    }

    /// Seconds the job has waited in the queue.
    var queuedSeconds: Double {
        get { lock.withLock { queued } }
        set { lock.withLock { queued = newValue } }
    }

    /// Why it waits, from `/health` ("" until asked).
    var queueReason: String {
        get { lock.withLock { reason } }
        set { lock.withLock { reason = newValue } }
    }
}
