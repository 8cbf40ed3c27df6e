import Dispatch

/// A task executor for work that blocks (reading frames from ffmpeg, encoding sixel pictures), so it
/// never ties up the few threads of the cooperative pool that saves and job updates share. Tasks opt in
/// with `withTaskExecutorPreference`; the work stays structured and cancellable.
final class BlockingExecutor: TaskExecutor {
    private let queue: DispatchQueue

    /// An executor running its jobs on a queue named `label`, one at a time or several at once.
    init(label: String, concurrent: Bool) {
        queue = DispatchQueue(label: label, qos: .userInitiated, attributes: concurrent ? .concurrent : [])
    }

    /// Runs `job` on the queue.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
