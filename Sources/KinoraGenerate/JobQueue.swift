import Foundation
import KinoraCore
import Logging

/// Runs generation jobs in the order they were queued, at most `limit(backend)` at once per backend, with
/// progress (frames, ETA) and cancel per job.
///
/// The queue keeps no files: what must survive a crash is each take's status in the storyboard, which the
/// jobs' own work records (queued → running → done/failed/cancelled).
public actor JobQueue {
    /// A job's handle.
    public struct JobID: Hashable, Sendable, Comparable, CustomStringConvertible {
        /// Position in queueing order.
        public let value: Int
        /// Orders by queueing order.
        public static func < (lhs: JobID, rhs: JobID) -> Bool { lhs.value < rhs.value }
        /// `#3`.
        public var description: String { "#\(value)" }
    }

    /// Where a job is.
    public enum State: Sendable, Hashable {
        /// Waiting for a slot.
        case queued
        /// Running.
        case running
        /// Finished.
        case done
        /// Failed with this message.
        case failed(String)
        /// Cancelled before it finished.
        case cancelled

        /// Whether the job is over.
        public var isFinished: Bool {
            switch self {
            case .queued, .running: false
            case .done, .failed, .cancelled: true
            }
        }
    }

    /// A job as the queue sees it, for progress bars and the studio's job panel.
    public struct Status: Sendable, Hashable {
        /// The handle.
        public var id: JobID
        /// What it makes.
        public var identity: JobIdentity
        /// The backend it runs on.
        public var backend: String
        /// What it makes, for people ("s3 t2 seed 1207").
        public var label: String
        /// Where it is.
        public var state: State
        /// Frames done.
        public var framesDone = 0
        /// Frames in all.
        public var framesTotal = 0
        /// When it started running.
        public var startedAt: Date?
        /// What the engine says it is doing besides making frames ("cold start: booting a machine"),
        /// while it says so.
        public var note: String?

        /// Seconds left, estimated from the rate so far; `nil` until there is a rate.
        public func eta(now: Date = Date()) -> Double? {
            guard let startedAt, framesDone > 0, framesTotal > framesDone else { return nil }
            let elapsed = now.timeIntervalSince(startedAt)
            return elapsed / Double(framesDone) * Double(framesTotal - framesDone)
        }
    }

    /// The work of a job: it reports progress through the reporter and honours task cancellation.
    public typealias Work = @Sendable (_ progress: Reporter) async throws -> Void

    /// How a job reports its progress: `progress(done, total)`, with a note while the engine has one.
    public struct Reporter: Sendable {
        fileprivate let report: @Sendable (Int, Int, String?) -> Void

        /// Reports `done` of `total` frames, and the engine's `note` (nil clears it).
        public func callAsFunction(_ done: Int, _ total: Int, note: String? = nil) {
            report(done, total, note)
        }
    }

    private var statuses: [JobID: Status] = [:]
    private var pending: [(JobID, Work)] = []
    private var running: [JobID: Task<Void, Never>] = [:]
    private var nextID = 1
    private let limits: [String: Int]
    private let defaultLimit: Int
    private var idleWaiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    private var observers: [UUID: AsyncStream<Status>.Continuation] = [:]
    /// Progress and endings travel through one stream, so a job's last progress report is always handled
    /// before its ending, whatever thread reported it.
    private let events: AsyncStream<Event>
    private nonisolated let eventSink: AsyncStream<Event>.Continuation
    private var consuming = false

    private enum Event {
        case progress(JobID, done: Int, total: Int, note: String?)
        case finished(JobID, State)
    }

    /// A queue running at most `limits[backend]` jobs at once per backend (`defaultLimit` for others).
    public init(limits: [String: Int] = [:], defaultLimit: Int = 1) {
        self.limits = limits
        self.defaultLimit = max(1, defaultLimit)
        (events, eventSink) = AsyncStream.makeStream(of: Event.self)
    }

    /// Adds a job making `identity`; it starts as soon as its backend has a free slot and every earlier
    /// job for that backend has started.
    @discardableResult
    public func enqueue(identity: JobIdentity, backend: String, label: String, work: @escaping Work) -> JobID
    {
        let id = JobID(value: nextID)
        nextID += 1
        statuses[id] = Status(id: id, identity: identity, backend: backend, label: label, state: .queued)
        pending.append((id, work))
        publish(id)
        if !consuming {
            consuming = true
            let events = self.events
            Task { [weak self] in
                for await event in events {
                    await self?.handle(event)
                }
            }
        }
        startWhatFits()
        return id
    }

    /// Cancels a queued job at once, or asks a running one to stop.
    public func cancel(_ id: JobID) {
        if let index = pending.firstIndex(where: { $0.0 == id }) {
            pending.remove(at: index)
            finish(id, .cancelled)
        } else {
            running[id]?.cancel()
        }
    }

    /// Cancels the job making `identity` that is still queued or running (the newest, should the same
    /// take be queued twice); a finished one is left alone.
    public func cancel(_ identity: JobIdentity) {
        let match = statuses.values.filter { $0.identity == identity && !$0.state.isFinished }.max {
            $0.id < $1.id
        }
        if let match { cancel(match.id) }
    }

    /// Cancels every job.
    public func cancelAll() {
        // Every waiting job goes first: ending one must not start the next.
        let waiting = pending
        pending.removeAll()
        for (id, _) in waiting { finish(id, .cancelled) }
        for task in running.values { task.cancel() }
    }

    /// Every job's status, in queueing order.
    public func snapshot() -> [Status] {
        statuses.values.sorted { $0.id < $1.id }
    }

    /// Status changes as they happen.
    public func updates() -> AsyncStream<Status> {
        let key = UUID()
        let (stream, continuation) = AsyncStream<Status>.makeStream(bufferingPolicy: .bufferingNewest(256))
        observers[key] = continuation
        continuation.onTermination = { _ in Task { await self.removeObserver(key) } }
        return stream
    }

    /// Returns when no job is queued or running, or when the waiting task is cancelled.
    public func waitUntilIdle() async {
        if pending.isEmpty && running.isEmpty { return }
        let key = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume()
                } else {
                    idleWaiters[key] = continuation
                }
            }
        } onCancel: {
            Task { await self.stopWaiting(key) }
        }
    }

    private func stopWaiting(_ key: UUID) {
        idleWaiters.removeValue(forKey: key)?.resume()
    }

    private func removeObserver(_ key: UUID) {
        observers[key] = nil
    }

    private func startWhatFits() {
        var blocked = Set<String>()
        var index = 0
        while index < pending.count {
            let (id, work) = pending[index]
            guard let backend = statuses[id]?.backend else {
                index += 1
                continue
            }
            let busy = running.keys.filter { statuses[$0]?.backend == backend }.count
            if blocked.contains(backend) || busy >= (limits[backend] ?? defaultLimit) {
                // Keep order: nothing later on this backend may overtake this job.
                blocked.insert(backend)
                index += 1
                continue
            }
            pending.remove(at: index)
            start(id, work)
        }
    }

    private func start(_ id: JobID, _ work: @escaping Work) {
        statuses[id]?.state = .running
        statuses[id]?.startedAt = Date()
        if let status = statuses[id] {
            KinoraLog.logger.info(
                "job started", metadata: ["job": "\(status.identity)", "backend": "\(status.backend)"])
        }
        publish(id)
        let sink = eventSink
        running[id] = Task {
            let state: State
            do {
                try await work(
                    Reporter { done, total, note in
                        sink.yield(.progress(id, done: done, total: total, note: note))
                    })
                state = Task.isCancelled ? .cancelled : .done
            } catch is CancellationError {
                state = .cancelled
            } catch {
                state =
                    Task.isCancelled
                    ? .cancelled : .failed((error as? UserFacingError)?.userMessage ?? "\(error)")
            }
            sink.yield(.finished(id, state))
        }
    }

    private func handle(_ event: Event) {
        switch event {
        case .progress(let id, let done, let total, let note):
            report(id, done: done, total: total, note: note)
        case .finished(let id, let state): finish(id, state)
        }
    }

    private func report(_ id: JobID, done: Int, total: Int, note: String?) {
        guard statuses[id]?.state == .running else { return }
        statuses[id]?.framesDone = done
        statuses[id]?.framesTotal = total
        statuses[id]?.note = note
        publish(id)
    }

    private func finish(_ id: JobID, _ state: State) {
        running[id] = nil
        statuses[id]?.state = state
        if let status = statuses[id] { Self.log(status) }
        publish(id)
        startWhatFits()
        if pending.isEmpty && running.isEmpty {
            let waiters = idleWaiters.values
            idleWaiters.removeAll()
            for waiter in waiters { waiter.resume() }
        }
    }

    /// One log line for a job's end: done, cancelled, or failed with the reason.
    private static func log(_ status: Status) {
        var metadata: Logger.Metadata = ["job": "\(status.identity)", "backend": "\(status.backend)"]
        if let startedAt = status.startedAt {
            metadata["seconds"] = "\(String(format: "%.2f", Date().timeIntervalSince(startedAt)))"
        }
        switch status.state {
        case .done: KinoraLog.logger.info("job done", metadata: metadata)
        case .cancelled: KinoraLog.logger.info("job cancelled", metadata: metadata)
        case .failed(let reason):
            metadata["reason"] = "\(reason)"
            KinoraLog.logger.error("job failed", metadata: metadata)
        case .queued, .running: break
        }
    }

    private func publish(_ id: JobID) {
        guard let status = statuses[id] else { return }
        for observer in observers.values { observer.yield(status) }
    }
}
