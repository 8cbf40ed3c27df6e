import Foundation
import KinoraGenerate

/// Runs queued takes the way every command does: progress on stderr, Ctrl-C and SIGTERM cancel the jobs.
enum QueueRun {
    /// Hands a runner to `enqueue`, waits until every job has ended, and says whether a signal stopped
    /// the run.
    static func run(
        ledger: TakeLedger, backends: BackendRegistry, limits: [String: Int] = [:], quiet: Bool,
        _ enqueue: (TakeRunner) async throws -> Void
    ) async throws -> Bool {
        try await runChained(ledger: ledger, backends: backends, limits: limits, quiet: quiet) { runner, _ in
            try await enqueue(runner)
        }
    }

    /// Like ``run(ledger:backends:limits:quiet:_:)``, for work that enqueues in several rounds and waits
    /// between them: `enqueue` is also handed whether a signal has stopped the run, so it queues no more.
    static func runChained(
        ledger: TakeLedger, backends: BackendRegistry, limits: [String: Int] = [:], quiet: Bool,
        _ enqueue: (TakeRunner, _ stopped: () -> Bool) async throws -> Void
    ) async throws -> Bool {
        let queue = JobQueue(limits: limits)
        let display = ProgressDisplay(quiet: quiet)
        let follower = Task { await display.follow(queue) }
        // Ctrl-C cancels the takes, on their servers too; SIGTERM (a shutdown, a plain `kill`) stops
        // Kinora but leaves remote jobs running, to be collected next time.
        let closing = AtomicFlag()
        let interrupt = InterruptHandler { signal in
            if signal == SIGTERM { closing.set() }
            Task { await queue.cancelAll() }
        }
        defer {
            follower.cancel()
            interrupt.stop()
        }
        try await enqueue(TakeRunner(ledger: ledger, queue: queue, backends: backends, closing: closing)) {
            interrupt.fired
        }
        await queue.waitUntilIdle()
        // Give the display a moment to print the last job's ending before the summary.
        try? await Task.sleep(nanoseconds: 50_000_000)
        return interrupt.fired
    }
}
