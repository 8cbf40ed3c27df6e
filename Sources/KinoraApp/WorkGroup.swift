/// The runtime's background work as child tasks of one task group: whatever a handler starts runs
/// inside ``run()``, so shutting down can cancel it and wait until the last piece has ended.
final class WorkGroup: Sendable {
    private let jobs: AsyncStream<@Sendable () async -> Void>
    private let intake: AsyncStream<@Sendable () async -> Void>.Continuation

    /// An empty group; nothing runs until ``run()``.
    init() {
        (jobs, intake) = AsyncStream.makeStream()
    }

    /// Starts `work` as a child task (or drops it once the group is closed).
    func start(_ work: @escaping @Sendable () async -> Void) {
        intake.yield(work)
    }

    /// Runs every piece of work started, until ``close()`` and the last piece has ended.
    func run() async {
        await withDiscardingTaskGroup { group in
            for await work in jobs {
                group.addTask { await work() }
            }
        }
    }

    /// Takes no more work; ``run()`` returns once what runs has ended.
    func close() {
        intake.finish()
    }
}
