import Foundation
import KinoraCore
import Testing

@testable import KinoraGenerate

/// An endpoint that takes a fixed time per take (or always fails), and notes when it was busy.
private final class TimedEndpoint: GenerationBackend, @unchecked Sendable {
    let name: String
    let seconds: Double
    let fails: Bool
    private let lock = NSLock()
    private var spans: [(Double, Double)] = []

    init(name: String, seconds: Double, fails: Bool = false) {
        self.name = name
        self.seconds = seconds
        self.fails = fails
    }

    var capabilities: BackendCapabilities {
        BackendCapabilities(
            modes: [.imageToVideo, .slate], maximumDuration: 60,
            maximumSize: FrameSize(width: 1920, height: 1080)
                ?? FrameSize(width: 2, height: 2).unsafelyUnwrapped,
            exactSeeds: false, engineVersion: "timed")
    }

    func generate(_ job: GenerationJob, progress: @escaping @Sendable (GenerationProgress) -> Void)
        async throws -> GenerationResult
    {
        let start = Date().timeIntervalSinceReferenceDate
        try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
        lock.withLock { spans.append((start, Date().timeIntervalSinceReferenceDate)) }
        if fails { throw GenerationError.failed(reason: "\(name) is down") }
        return GenerationResult(frames: job.frameCount)
    }

    /// Seconds spent on takes between `from` and `to`.
    func busySeconds(from: Double, to: Double) -> Double {
        lock.withLock { spans.reduce(0) { $0 + max(0, min($1.1, to) - max($1.0, from)) } }
    }

    var takes: Int { lock.withLock { spans.count } }
}

@Suite struct BackendPoolTests {
    private func job() -> GenerationJob {
        let request = TakeRequest(
            backend: "pool", engineVersion: "timed", mode: .slate, prompt: "p", negativePrompt: "",
            source: nil,
            sourceHash: nil, inPoint: nil, outPoint: nil, duration: 1,
            fps: FrameRate(numerator: 24) ?? FrameRate(numerator: 25).unsafelyUnwrapped,
            size: FrameSize(width: 64, height: 36) ?? FrameSize(width: 2, height: 2).unsafelyUnwrapped,
            seed: 1,
            settings: GenerationSettings())
        return GenerationJob(
            request: request, sourceURL: nil,
            outputURL: FileManager.default.temporaryDirectory.appendingPathComponent("pool-\(UUID()).mp4"))
    }

    @Test func takesGoToTheLeastBusyEndpointAndRecordIt() async throws {
        let first = TimedEndpoint(name: "a", seconds: 0.2)
        let second = TimedEndpoint(name: "b", seconds: 0.2)
        let pool = BackendPool(
            name: "pool", endpoints: [.init(label: "a", backend: first), .init(label: "b", backend: second)],
            perEndpoint: 1)
        let queue = JobQueue(limits: ["pool": pool.concurrency])
        let workers = WorkerLog()
        for _ in 0..<6 {
            let job = job()
            await queue.enqueue(
                identity: .take(shot: ShotID(serial: 1), take: TakeID(serial: 1)), backend: "pool",
                label: "take"
            ) { _ in
                let result = try await pool.generate(job) { _ in }
                workers.add(result.worker)
            }
        }
        await queue.waitUntilIdle()
        // How busy they stay is measured end to end, in its own process (BackendCommandTests).
        #expect(workers.names == ["a": 3, "b": 3], "each take records the endpoint that made it")
    }

    @Test func aFailedTakeIsTriedOnAnotherEndpoint() async throws {
        let down = TimedEndpoint(name: "down", seconds: 0.01, fails: true)
        let up = TimedEndpoint(name: "up", seconds: 0.01)
        let pool = BackendPool(
            name: "pool", endpoints: [.init(label: "down", backend: down), .init(label: "up", backend: up)],
            perEndpoint: 1)
        let result = try await pool.generate(job()) { _ in }
        #expect(result.worker == "up" && down.takes == 1)
        let allDown = BackendPool(
            name: "pool",
            endpoints: [
                .init(label: "x", backend: TimedEndpoint(name: "x", seconds: 0, fails: true)),
                .init(label: "y", backend: TimedEndpoint(name: "y", seconds: 0, fails: true)),
            ], perEndpoint: 1)
        do {
            _ = try await allDown.generate(job()) { _ in }
            Issue.record("every endpoint failed; the take must fail")
        } catch let error as GenerationError {
            #expect(error.userMessage.contains("x is down") && error.userMessage.contains("y is down"))
        }
    }
}

/// Which endpoint made each take.
private final class WorkerLog: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    func add(_ worker: String?) { lock.withLock { counts[worker ?? "?", default: 0] += 1 } }

    var names: [String: Int] { lock.withLock { counts } }
}
