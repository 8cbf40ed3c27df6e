import Foundation

/// The clock a plug-in run races: when it runs out the process group is killed, so a plug-in that hangs
/// (with output or without any) can never hold a take, a queue slot or the person's terminal forever.
///
/// It waits on a thread of its own: a Dispatch timer can be starved when the shared thread pool is
/// busy with blocking work, and a deadline that fires late is no deadline.
///
/// `@unchecked Sendable`: its state is guarded by `condition`.
final class PluginDeadline: @unchecked Sendable {
    /// Why the deadline ran out.
    enum Expiry: Equatable {
        /// No result or error within the backend's timeout.
        case noResult
        /// A result or error arrived, but the program did not exit within the grace period after it.
        case lingered
    }

    private let condition = NSCondition()
    private var due: Date?
    private var reason = Expiry.noResult
    private var stopped = false
    private var expiry: Expiry?
    private var waiting = false
    private let onExpiry: @Sendable () -> Void

    /// A deadline that calls `onExpiry` (once, on its own thread) when it runs out.
    init(onExpiry: @escaping @Sendable () -> Void) {
        self.onExpiry = onExpiry
    }

    /// Runs out `seconds` from now with `reason`, replacing any earlier setting.
    func set(seconds: Double, reason: Expiry) {
        condition.lock()
        due = Date(timeIntervalSinceNow: max(0, seconds))
        self.reason = reason
        let start = !waiting && !stopped
        waiting = true
        condition.broadcast()
        condition.unlock()
        if start {
            let thread = Thread { [self] in wait() }
            thread.start()
        }
    }

    /// Stops the clock and says whether (and why) it had run out.
    func stop() -> Expiry? {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.broadcast()
        return expiry
    }

    private func wait() {
        condition.lock()
        while !stopped, let due, due.timeIntervalSinceNow > 0 {
            condition.wait(until: due)
        }
        let fires = !stopped && expiry == nil
        if fires { expiry = reason }
        condition.unlock()
        if fires { onExpiry() }
    }
}
