import Foundation

/// What a cancelled or timed-out take needs to know to stop its prompt on the server besides its id and
/// whether it started (``RemoteJobState``): the server's cancel route.
///
/// `@unchecked Sendable`: every value is guarded by `lock`.
final class ComfyUIRunState: RemoteJobState, @unchecked Sendable {
    private var jobs = false

    /// Whether the server has the jobs API, whose cancel route stops a queued or running prompt.
    var jobsAPI: Bool {
        get { lock.withLock { jobs } }
        set { lock.withLock { jobs = newValue } }
    }
}
