import Foundation
import KinoraCore
import KinoraGenerate
import KinoraStudio

/// Makes takes for the studio through the same planner and runner as `kinora gen`, and tells the
/// studio each take's saved change and each job's row as they happen.
public actor GenerationHandler: GenerationHandling {
    private let ledger: TakeLedger
    private let queue: JobQueue
    private let folder: URL
    private let post: PostMessage
    private let work: WorkGroup
    /// Set as the studio closes: remote jobs are then left on their servers (see ``TakeRunner/closing``).
    private let closing = AtomicFlag()

    /// A handler saving through `ledger` and running jobs on `queue`, its followers started in `work`.
    init(ledger: TakeLedger, queue: JobQueue, post: @escaping PostMessage, work: WorkGroup) async {
        self.ledger = ledger
        self.queue = queue
        self.folder = ledger.folder
        self.post = post
        self.work = work
        // Both followers start listening before any job is queued, so no change is missed.
        let takes = await ledger.takeChanges()
        let jobs = await queue.updates()
        work.start {
            for await change in takes { post(.takeChanged(change)) }
        }
        work.start {
            for await status in jobs { post(.jobChanged(Self.row(status))) }
        }
    }

    /// The job panel's row for a queue status.
    static func row(_ status: JobQueue.Status) -> JobRow {
        let state: JobRow.State =
            switch status.state {
            case .queued: .waiting
            case .running: .running
            case .done: .done
            case .failed(let reason): .failed(reason)
            case .cancelled: .cancelled
            }
        let progress = status.framesTotal > 0 ? Double(status.framesDone) / Double(status.framesTotal) : nil
        // The engine's note ("cold start …") shows beside the take while it lasts.
        let label = status.note.map { "\(status.label) · \($0)" } ?? status.label
        return JobRow(id: status.identity, label: label, state: state, progress: progress)
    }

    /// Plans and queues takes of `shot`; the backends are read again, so a `backends.json` written
    /// while the studio is open counts.
    public func generate(shot: ShotID, seeds: [UInt64]) async {
        let folder = self.folder
        do {
            let (registry, _) = try BackendRegistry.configured(projectFolder: folder)
            post(.backends(registry.names))
            let outcomes = try await ledger.update { project -> [TakePlanner.Outcome] in
                guard let index = project.shots.firstIndex(where: { $0.id == shot }) else {
                    throw StoryboardError.unknownShot(
                        reference: shot.rawValue, file: ProjectLayout.storyboardFile,
                        count: project.shots.count)
                }
                return try TakePlanner.planShot(
                    &project, shot: index, seeds: seeds, backend: nil, registry: registry, folder: folder)
            }
            let runner = TakeRunner(ledger: ledger, queue: queue, backends: registry, closing: closing)
            var cached: [String] = []
            for outcome in outcomes {
                switch outcome {
                case .queued(let shot, let take, _):
                    try await runner.enqueue(shot: shot, take: take)
                case .cached(_, let take, let seed):
                    cached.append("seed \(seed) is already \(take)")
                }
            }
            if !cached.isEmpty {
                post(.info("\(shot): " + cached.joined(separator: ", ") + " (nothing to generate)"))
            }
        } catch {
            post(.failed("Cannot generate \(shot): " + ErrorText.describe(error)))
        }
    }

    /// Plans and queues a take of `shot` that extends `take` by `seconds` from its last frame.
    public func extend(shot: ShotID, take: TakeID, by seconds: Double) async {
        let folder = self.folder
        do {
            let (registry, _) = try BackendRegistry.configured(projectFolder: folder)
            let outcome = try await ledger.update { project -> TakePlanner.Outcome in
                guard let index = project.shots.firstIndex(where: { $0.id == shot }) else {
                    throw StoryboardError.unknownShot(
                        reference: shot.rawValue, file: ProjectLayout.storyboardFile,
                        count: project.shots.count)
                }
                return try TakePlanner.planExtension(
                    &project, shot: index, take: take, by: seconds, seed: nil, registry: registry,
                    folder: folder)
            }
            switch outcome {
            case .queued(let shot, let made, _):
                try await TakeRunner(ledger: ledger, queue: queue, backends: registry, closing: closing)
                    .enqueue(
                        shot: shot, take: made)
            case .cached(let shot, let made, _):
                post(
                    .info("\(shot) \(take) extended by \(seconds) s is already \(made) (nothing to generate)")
                )
            }
        } catch {
            post(.failed("Cannot extend \(shot) \(take): " + ErrorText.describe(error)))
        }
    }

    /// Cancels the take job `job`.
    public func cancel(_ job: JobIdentity) async {
        await queue.cancel(job)
        if case .take(let shot, let take) = job { try? await ledger.cancelIfWaiting(shot: shot, take: take) }
    }

    /// Queues the takes whose remote jobs a Kinora that stopped left on servers; says which.
    public func collectLeftovers() async {
        do {
            let (registry, _) = try BackendRegistry.configured(projectFolder: folder)
            let runner = TakeRunner(ledger: ledger, queue: queue, backends: registry, closing: closing)
            let collected = try await runner.collectLeftovers()
            if !collected.isEmpty {
                let names = collected.map { "\($0.shot) \($0.take)" }.joined(separator: ", ")
                post(.info("Collecting \(names) from the servers where Kinora left their jobs"))
            }
        } catch {
            post(.failed("Cannot collect the takes left on servers: " + ErrorText.describe(error)))
        }
    }

    /// Stops every job as the studio closes and waits for them to stop, at most `seconds`; jobs on remote
    /// engines go on there and their takes are collected next time.
    public func stopAll(waitingAtMost seconds: Double) async {
        closing.set()
        let waiting = await queue.snapshot().filter { $0.state == .queued }.map(\.identity)
        await queue.cancelAll()
        for case .take(let shot, let take) in waiting {
            try? await ledger.cancelIfWaiting(shot: shot, take: take, closing: true)
        }
        let queue = self.queue
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await queue.waitUntilIdle() }
            group.addTask { try? await Task.sleep(for: .seconds(seconds)) }
            await group.next()
            group.cancelAll()
        }
    }
}
