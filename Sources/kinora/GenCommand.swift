import ArgumentParser
import Foundation
import KinoraCore
import KinoraGenerate

/// `kinora gen`: makes takes for shots, through the job queue, with progress.
struct GenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen", abstract: "Generate takes for shots (all shots when none are named).",
        discussion: """
            Each run adds a take per seed: --variations N uses seeds SEED, SEED+1, ... An identical request \
            (backend, engine version, source, parameters, seed) is answered from the existing take at once.
            """)

    @OptionGroup var project: ProjectFolder

    @Argument(help: "Shots to generate: ids (s3) or positions (3).")
    var shots: [String] = []

    @Option(help: "How many takes per shot, with seeds SEED, SEED+1, ...")
    var variations: Int = 1

    @Option(help: "The first seed (default: the shot's seed).")
    var seed: UInt64?

    @Flag(help: "Draw a new seed for each shot and record it (refused for locked seeds).")
    var reroll = false

    @Option(help: "The backend (default: the shot's, else the project's).")
    var backend: String?

    @Flag(help: "Only shots that have no finished chosen take yet.")
    var missing = false

    @Option(help: "Takes made at once on the built-in engine.")
    var jobs: Int = 1

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    func validate() throws {
        guard (1...100).contains(variations) else { throw ValidationError("--variations must be 1 to 100.") }
        guard (1...16).contains(jobs) else { throw ValidationError("--jobs must be 1 to 16.") }
        if reroll && seed != nil { throw ValidationError("Give --seed or --reroll, not both.") }
    }

    func run() async throws {
        let store = try project.openForWriting()
        guard !store.project.shots.isEmpty else {
            store.close()
            throw StoryboardError.noShots(file: store.storyboardURL.path)
        }
        let (registry, limits) = try BackendRegistry.configured(projectFolder: store.folder)
        let file = store.storyboardURL.path
        let planned = try store.update { project -> [TakePlanner.Outcome] in
            TakePlanner.markInterrupted(&project)
            var indices: [Int] = []
            for reference in shots {
                let index = try project.shotIndex(reference, file: file)
                if !indices.contains(index) { indices.append(index) }
            }
            if indices.isEmpty { indices = Array(project.shots.indices) }
            if missing { indices = indices.filter { project.shots[$0].chosen?.status != .done } }
            var outcomes: [TakePlanner.Outcome] = []
            for index in indices {
                if reroll {
                    guard !project.shots[index].seedLocked else {
                        throw StoryboardError.badValue(
                            field: "--reroll", value: project.shots[index].id.rawValue,
                            rule:
                                "its seed is locked; unlock it with `kinora shot set DIR \(project.shots[index].id) seed-locked=false`"
                        )
                    }
                    project.shots[index].seed = Seed.random()
                }
                outcomes += try TakePlanner.planShot(
                    &project, shot: index,
                    seeds: TakePlanner.seeds(base: seed ?? project.shots[index].seed, variations: variations),
                    backend: backend, registry: registry, folder: store.folder)
            }
            return outcomes
        }
        let ledger = TakeLedger(store: store)
        if planned.isEmpty && !json {
            Output.error("nothing to generate: every shot asked for has a finished take")
        }
        for case .cached(let shot, let take, let seed) in planned where !json {
            Output.error("\(shot) seed \(seed): already made as \(take); using it (nothing to generate)")
        }
        let interrupted = try await QueueRun.run(
            ledger: ledger, backends: registry, limits: limits.merging(["builtin": jobs]) { $1 }, quiet: json
        ) {
            runner in
            for case .queued(let shot, let take, _) in planned {
                try await runner.enqueue(shot: shot, take: take)
            }
        }
        // Jobs cancelled while still waiting never ran: record their takes as cancelled too.
        if interrupted {
            try await cancelWaiting(planned, ledger: ledger)
        }
        let final = await ledger.project
        await ledger.close()
        try report(planned, final, interrupted: interrupted)
    }

    private func cancelWaiting(_ planned: [TakePlanner.Outcome], ledger: TakeLedger) async throws {
        let waiting = Set(
            planned.compactMap { outcome -> String? in
                if case .queued(let shot, let take, _) = outcome { return "\(shot)/\(take)" }
                return nil
            })
        try await ledger.update { project in
            for shotIndex in project.shots.indices {
                for takeIndex in project.shots[shotIndex].takes.indices {
                    let take = project.shots[shotIndex].takes[takeIndex]
                    if take.status == .queued && waiting.contains("\(project.shots[shotIndex].id)/\(take.id)")
                    {
                        project.shots[shotIndex].takes[takeIndex].status = .cancelled
                        project.shots[shotIndex].takes[takeIndex].error = "cancelled before it started"
                    }
                }
            }
        }
    }

    /// One line of the outcome, as printed and as JSON.
    struct Result: Encodable {
        var shot: ShotID
        var take: TakeID
        var seed: UInt64
        var status: Take.Status
        var cached: Bool
        var output: String?
        var outputHash: String?
        var error: String?
    }

    private func report(_ planned: [TakePlanner.Outcome], _ project: Project, interrupted: Bool) throws {
        let results = planned.map { outcome -> Result in
            let (shot, take, seed, cached): (ShotID, TakeID, UInt64, Bool) =
                switch outcome {
                case .queued(let shot, let take, let seed): (shot, take, seed, false)
                case .cached(let shot, let take, let seed): (shot, take, seed, true)
                }
            let record = project.shots.first { $0.id == shot }?.takes.first { $0.id == take }
            return Result(
                shot: shot, take: take, seed: seed, status: record?.status ?? .failed, cached: cached,
                output: record?.output, outputHash: record?.outputHash, error: record?.error)
        }
        if json {
            try Output.json(results)
        } else {
            for result in results {
                var line = "\(result.shot) \(result.take) seed \(result.seed) \(result.status.rawValue)"
                if result.cached { line += " (cached)" }
                if let place = result.status == .failed ? result.error : result.output { line += " \(place)" }
                Output.line(line)
            }
        }
        if interrupted {
            throw ExitCode(130)
        }
        let failed = results.filter { $0.status != .done }
        if !failed.isEmpty {
            throw GenerationError.failed(
                reason: "\(failed.count) of \(results.count) takes did not finish: "
                    + failed.map { "\($0.shot) \($0.take)" }.joined(separator: ", ")
                    + ". `kinora takes DIR SHOT` shows why.")
        }
    }
}
