import Foundation

/// What a run knows about its job on RunPod, shared between the run and its stop.
final class RunPodRunState: RemoteJobState, @unchecked Sendable {
    // Guarded by `lock`.
    private var state: RunPodStatus.State?
    private var queued: Double = 0
    private var reason = ""

    /// The state last seen.
    var lastState: RunPodStatus.State? {
        get { lock.withLock { state } }
        set { lock.withLock { state = newValue } }
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
