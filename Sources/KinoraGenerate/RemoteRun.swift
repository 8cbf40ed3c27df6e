import Foundation
import KinoraCore
import KinoraNet

/// What a run on a remote engine knows about its job, shared between the run and the stop that may
/// follow it. Each engine's run keeps more in a subclass.
///
/// `@unchecked Sendable`: every value is guarded by `lock`.
class RemoteJobState: @unchecked Sendable {
    /// Guards the values of this class and its subclasses.
    let lock = NSLock()
    private var id: String?
    private var running = false
    private var wasRecorded = false
    private var hasEnded = false

    /// A state before anything was sent.
    init() {}

    /// The engine's id for the job (a prompt, job or prediction id), once known.
    var jobID: String? {
        get { lock.withLock { id } }
        set { lock.withLock { id = newValue } }
    }

    /// `true` once the engine started running the job (it left the queue).
    var started: Bool {
        get { lock.withLock { running } }
        set { lock.withLock { running = newValue } }
    }

    /// `true` once the job's id is in the take's record: from then on the job may exist on the engine.
    var recorded: Bool {
        get { lock.withLock { wasRecorded } }
        set { lock.withLock { wasRecorded = newValue } }
    }

    /// `true` once the job ended on the engine (done, failed, cancelled there), so there is nothing to stop.
    var finished: Bool {
        get { lock.withLock { hasEnded } }
        set { lock.withLock { hasEnded = newValue } }
    }
}

/// What every remote engine's take shares: a work folder, the backend's deadline for the whole take, and
/// what a failure means for the job on the engine. Cancelled by the person: stopped there (unless Kinora
/// is closing, when it is left to be collected); past the deadline: stopped; a passing fault once the
/// job exists (unreachable, TLS, 5xx, rate limits): kept, to be collected next time; any other failure
/// while it may still run: stopped, so it does not run on unseen.
enum RemoteRun {
    /// Marks a take that ran out of time.
    struct DeadlineExceeded: Error {}

    /// The faults that pass: the job is kept on the engine rather than the take failed.
    static let passingFaults: [RemoteError.Kind] = [.unreachable, .tls, .serverError, .rateLimited]

    /// Runs `body` in a new work folder (removed afterwards) within `timeout` seconds; on failure removes
    /// the job's output and acts on the job as described above, through `stop`; `timedOut` words the
    /// deadline's message.
    static func run(
        _ job: GenerationJob, endpoint: RemoteEndpoint, timeout: Double, workPrefix: String,
        state: RemoteJobState, stop: @escaping @Sendable () async -> Void,
        timedOut: @escaping @Sendable () -> GenerationError,
        body: @escaping @Sendable (URL) async throws -> GenerationResult
    ) async throws -> GenerationResult {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kinora-\(workPrefix)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            return try await withDeadline(seconds: timeout) { try await body(work) }
        } catch {
            try? FileManager.default.removeItem(at: job.outputURL)
            if Task.isCancelled || error is CancellationError || (error as? GenerationError) == .cancelled {
                if !job.leavesRemoteJob() { await stop() }
                throw GenerationError.cancelled
            }
            if error is DeadlineExceeded {
                await stop()
                throw timedOut()
            }
            if let remote = error as? RemoteError {
                if state.recorded, passingFaults.contains(remote.kind) {
                    throw GenerationError.jobOutOfReach(endpoint: endpoint.display, reason: remote.message)
                }
                if !state.finished { await stop() }
                throw GenerationError.failed(reason: endpoint.redact(remote.message))
            }
            if !state.finished { await stop() }
            throw error
        }
    }

    /// Records `remote` in the take before anything else; when the record cannot be saved, the job is
    /// stopped on the engine (through `stop`) and the error thrown, so no job runs unrecorded.
    static func record(
        _ remote: RemoteJob, of job: GenerationJob, state: RemoteJobState, stop: () async -> Void
    ) async throws {
        do {
            try await job.recordRemoteJob(remote)
            state.recorded = true
        } catch {
            await stop()
            state.finished = true
            throw error
        }
    }

    /// The value of `body`, or ``DeadlineExceeded`` when it takes longer than `seconds` (it is then
    /// cancelled and awaited).
    static func withDeadline<Value: Sendable>(
        seconds: Double, _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Value.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw DeadlineExceeded()
            }
            defer { group.cancelAll() }
            guard let value = try await group.next() else { throw DeadlineExceeded() }
            return value
        }
    }

    /// "2", "0.5": seconds for messages.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.1f", value)
    }
}
