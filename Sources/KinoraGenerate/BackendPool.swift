import Foundation
import KinoraCore

/// Several endpoints of one kind serving as one backend: each take goes to the least busy endpoint, a
/// take that fails on one endpoint is tried again on another, and the take records which one made it.
public final class BackendPool: GenerationBackend, @unchecked Sendable {
    /// One machine or program in the pool.
    public struct Endpoint: Sendable {
        /// How the take's `worker` names it (a URL without credentials, a program's name).
        public var label: String
        /// The engine there.
        public var backend: any GenerationBackend

        /// An endpoint called `label`.
        public init(label: String, backend: any GenerationBackend) {
            self.label = label
            self.backend = backend
        }
    }

    /// The name shots use.
    public let name: String
    /// What the endpoints can do (the first one's; a pool is of one kind).
    public let capabilities: BackendCapabilities
    /// The endpoints, in the order they were configured.
    public let endpoints: [Endpoint]
    /// Takes each endpoint runs at once.
    public let perEndpoint: Int
    private let slots: Slots

    /// A pool called `name` over `endpoints` (at least one), each running `perEndpoint` takes at once.
    public init(name: String, endpoints: [Endpoint], perEndpoint: Int) {
        precondition(!endpoints.isEmpty, "a pool needs an endpoint")
        self.name = name
        self.endpoints = endpoints
        self.perEndpoint = max(1, perEndpoint)
        capabilities = endpoints[0].backend.capabilities
        slots = Slots(count: endpoints.count, perEndpoint: max(1, perEndpoint))
    }

    /// Takes the whole pool runs at once: the job queue's limit for this backend.
    public var concurrency: Int { endpoints.count * perEndpoint }

    /// Refuses what the endpoints would refuse.
    public func check(_ request: TakeRequest) throws {
        try endpoints[0].backend.check(request)
    }

    /// Runs the take on the least busy endpoint, then on each other one in turn while they fail; a take
    /// collecting a remote job runs on the endpoint that has it. Remote jobs are recorded under the
    /// endpoint's label, which is how a later run finds the endpoint again.
    public func generate(_ job: GenerationJob, progress: @escaping @Sendable (GenerationProgress) -> Void)
        async throws -> GenerationResult
    {
        if let remote = job.resuming {
            guard let index = endpoints.firstIndex(where: { $0.label == remote.endpoint }) else {
                throw GenerationError.jobOutOfReach(
                    endpoint: remote.endpoint,
                    reason:
                        "the backend \(name) no longer lists it among its urls; put it back to collect the job"
                )
            }
            let endpoint = endpoints[index]
            var result = try await endpoint.backend.generate(
                labelled(job, as: endpoint.label), progress: progress)
            result.worker = result.worker ?? endpoint.label
            return result
        }
        var tried: Set<Int> = []
        var failures: [String] = []
        while tried.count < endpoints.count {
            let index = try await slots.acquire(excluding: tried)
            tried.insert(index)
            let endpoint = endpoints[index]
            do {
                var result = try await endpoint.backend.generate(
                    labelled(job, as: endpoint.label), progress: progress)
                await slots.release(index)
                result.worker = result.worker ?? endpoint.label
                return result
            } catch {
                await slots.release(index)
                if Task.isCancelled || error is CancellationError || (error as? GenerationError) == .cancelled
                {
                    throw GenerationError.cancelled
                }
                // The job is on this endpoint and is kept there: another endpoint must not make it again.
                if case .jobOutOfReach = error as? GenerationError { throw error }
                try? FileManager.default.removeItem(at: job.outputURL)
                let reason: String
                if case .failed(let inner) = error as? GenerationError {
                    reason = inner
                } else {
                    reason = (error as? UserFacingError)?.userMessage ?? "\(error)"
                }
                failures.append("\(endpoint.label): \(reason)")
            }
        }
        if failures.count == 1, let only = failures.first {
            // A lone endpoint's reason names it already.
            let reason = only.dropFirst(endpoints[0].label.count + 2)
            throw GenerationError.failed(
                reason: endpoints.count == 1 && reason.contains(endpoints[0].label) ? String(reason) : only)
        }
        throw GenerationError.failed(
            reason: "every endpoint of \(name) failed — " + failures.joined(separator: "; "))
    }
}

extension BackendPool {
    /// `job` with its remote jobs recorded under the endpoint `label`.
    private func labelled(_ job: GenerationJob, as label: String) -> GenerationJob {
        var routed = job
        let record = job.recordRemoteJob
        routed.recordRemoteJob = { remote in
            var labelled = remote
            labelled.endpoint = label
            try await record(labelled)
        }
        return routed
    }
}

/// Which endpoints are busy, and the takes waiting for one to be free.
private actor Slots {
    private var busy: [Int]
    private let perEndpoint: Int
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]

    init(count: Int, perEndpoint: Int) {
        busy = Array(repeating: 0, count: count)
        self.perEndpoint = perEndpoint
    }

    /// The least busy endpoint not in `excluded`, waiting while all of them are full; the earliest
    /// configured wins a tie, so a lone take always goes to the first endpoint.
    func acquire(excluding excluded: Set<Int>) async throws -> Int {
        while true {
            try Task.checkCancellation()
            let candidates = busy.indices.filter { !excluded.contains($0) && busy[$0] < perEndpoint }
            if let best = candidates.min(by: { busy[$0] < busy[$1] }) {
                busy[best] += 1
                return best
            }
            let key = UUID()
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in waiters[key] = continuation }
            } onCancel: {
                Task { await self.wake(key) }
            }
        }
    }

    /// Frees a slot of endpoint `index` and lets the waiting takes look again.
    func release(_ index: Int) {
        busy[index] = max(0, busy[index] - 1)
        let waiting = waiters
        waiters = [:]
        for continuation in waiting.values { continuation.resume() }
    }

    private func wake(_ key: UUID) {
        waiters.removeValue(forKey: key)?.resume()
    }
}
