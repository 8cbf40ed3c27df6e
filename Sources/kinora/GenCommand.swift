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
            (backend, engine version, source, parameters, seed) is answered from the existing take at once. \
            A shot that continues the previous one (continue=previous) starts on that shot's last frame, so it \
            is made after it; --stale remakes the shots whose first frame is out of date.
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

    @Flag(
        help: """
            Remake exactly the stale shots (whose first frame no longer is the previous shot's last), in \
            order down their chains, choosing each new take so the next shot continues it.
            """)
    var stale = false

    func validate() throws {
        guard (1...100).contains(variations) else { throw ValidationError("--variations must be 1 to 100.") }
        guard (1...16).contains(jobs) else { throw ValidationError("--jobs must be 1 to 16.") }
        if reroll && seed != nil { throw ValidationError("Give --seed or --reroll, not both.") }
        if stale && (!shots.isEmpty || missing) {
            throw ValidationError("--stale chooses the shots itself; give it without shots or --missing.")
        }
    }

    func run() async throws {
        let store = try project.openForWriting()
        guard !store.project.shots.isEmpty else {
            store.close()
            throw StoryboardError.noShots(file: store.storyboardURL.path)
        }
        let (registry, limits) = try store.configuredBackends()
        let file = store.storyboardURL.path
        let ledger = TakeLedger(store: store)
        let targets: [ShotID]
        do {
            let (references, stale, missing, reroll) = (shots, self.stale, self.missing, self.reroll)
            targets = try await ledger.update { project in
                try Self.chooseShots(
                    &project, references: references, stale: stale, missing: missing, reroll: reroll,
                    file: file)
            }
        } catch {
            await ledger.close()
            throw error
        }
        if targets.isEmpty && stale {
            await ledger.close()
            if json {
                try Output.json([Result]())
            } else {
                Output.line("Nothing is stale: every continuing shot starts where the shot before it ends.")
            }
            return
        }
        // A prompt may name an entry removed since (by hand or `cast rm --force`): said once per shot.
        let current = await ledger.project
        for id in targets {
            guard let shot = current.shots.first(where: { $0.id == id }) else { continue }
            let names = current.unknownMentions(in: shot.prompt).map { "@" + $0 }
            if !names.isEmpty {
                let list = names.joined(separator: ", ")
                Output.error(
                    "\(id) (label \(shot.label)): \(list) \(names.count == 1 ? "is" : "are") not in the cast, so the "
                        + "prompt goes to the engine with \(list) as written.")
            }
        }
        // The built-in engine draws no subject, so a cast's pictures cannot keep one the same: said once.
        let unused = targets.compactMap { id -> String? in
            guard let shot = current.shots.first(where: { $0.id == id }), shot.mode != .slate,
                (backend ?? shot.backend ?? current.defaultBackend) == BuiltinBackend().name
            else { return nil }
            let names = current.references(in: shot.prompt).map { "@" + $0.name }
            return names.isEmpty ? nil : "\(id) (\(names.joined(separator: ", ")))"
        }
        if !unused.isEmpty && !json {
            Output.error(
                "The built-in engine cannot use cast references; it makes "
                    + unused.joined(separator: ", ")
                    + (unused.count == 1 ? " from its own picture" : " from their own pictures")
                    + ". A ComfyUI or plug-in backend uses the references' pictures.")
        }
        var planned: [TakePlanner.Outcome] = []
        var waiting: [String] = []
        var collected: [(shot: ShotID, take: TakeID)] = []
        let interrupted = try await QueueRun.runChained(
            ledger: ledger, backends: registry, limits: limits.merging(["builtin": jobs]) { $1 }, quiet: json
        ) {
            runner, stopped in
            // Jobs a Kinora that stopped left on servers are collected, never submitted again.
            collected = try await runner.collectLeftovers()
            if !json {
                let project = await ledger.project
                for (shot, take) in collected {
                    let remote = project.shots.first { $0.id == shot }?.takes.first { $0.id == take }?
                        .remoteJob
                    Output.error(
                        "\(shot) \(take): collecting its job from \(remote?.endpoint ?? "its server"), where it was "
                            + "left when Kinora stopped")
                }
            }
            // Shots are made in waves: a shot continuing another that is made in this run waits until that
            // one is made (and chosen), so its first frame is the new take's last.
            var pending = targets
            while !pending.isEmpty && !stopped() {
                let wave = try await plan(pending: pending, ledger: ledger, registry: registry)
                pending.removeAll { wave.shots.contains($0) }
                planned += wave.outcomes
                waiting += wave.waiting
                for case .cached(let shot, let take, let seed) in wave.outcomes where !json {
                    guard !collected.contains(where: { $0 == (shot, take) }) else { continue }
                    Output.error(
                        "\(shot) seed \(seed): already made as \(take); using it (nothing to generate)")
                }
                for case .queued(let shot, let take, _) in wave.outcomes {
                    try await runner.enqueue(shot: shot, take: take)
                }
                await runner.queue.waitUntilIdle()
                if stale { try await choose(wave.outcomes, ledger: ledger) }
            }
        }
        if planned.isEmpty && waiting.isEmpty && !json {
            Output.error("nothing to generate: every shot asked for has a finished take")
        }
        // Jobs cancelled while still waiting never ran: record their takes as cancelled too.
        if interrupted {
            try await cancelWaiting(planned, ledger: ledger)
        }
        let final = await ledger.project
        await ledger.close()
        for line in waiting { Output.error(line) }
        // Collected takes are reported like the run's own, as "collected".
        let extra = collected.filter { shot, take in
            !planned.contains { outcome in
                switch outcome {
                case .queued(let s, let t, _), .cached(let s, let t, _): s == shot && t == take
                }
            }
        }
        let all =
            planned
            + extra.map { shot, take in
                TakePlanner.Outcome.cached(
                    shot: shot, take: take,
                    seed: final.shots.first { $0.id == shot }?.takes.first { $0.id == take }?.seed ?? 0)
            }
        try report(
            all, final, interrupted: interrupted, waiting: waiting.count,
            collected: Set(collected.map { "\($0.shot)/\($0.take)" }))
    }

    /// The shots this run makes, in storyboard order (after rerolling their seeds when asked); refuses a
    /// continuing shot that is first, or whose previous shot has no take and is not made in this run.
    private static func chooseShots(
        _ project: inout Project, references: [String], stale: Bool, missing: Bool, reroll: Bool, file: String
    ) throws -> [ShotID] {
        TakePlanner.markInterrupted(&project)
        var indices: [Int] = []
        for reference in references {
            let index = try project.shotIndex(reference, file: file)
            if !indices.contains(index) { indices.append(index) }
        }
        if stale {
            indices = project.staleShotIndices()
        } else if indices.isEmpty {
            indices = Array(project.shots.indices)
        }
        if missing { indices = indices.filter { project.shots[$0].chosen?.status != .done } }
        indices.sort()
        for index in indices where project.shots[index].continuation == .previous {
            guard index > 0 else { throw ContinuityError.firstShot(project.shots[index].id) }
            let previous = project.shots[index - 1]
            if !indices.contains(index - 1) && project.lastPlayedFrame(of: previous) == nil {
                throw ContinuityError.waiting(shot: project.shots[index].id, previous: previous.id)
            }
        }
        if reroll {
            for index in indices {
                guard !project.shots[index].seedLocked else {
                    throw StoryboardError.badValue(
                        field: "--reroll", value: project.shots[index].id.rawValue,
                        rule:
                            "its seed is locked; unlock it with `kinora shot set DIR \(project.shots[index].id) seed-locked=false`"
                    )
                }
                project.shots[index].seed = Seed.random()
            }
        }
        return indices.map { project.shots[$0].id }
    }

    /// One wave of a run: what was planned, and which shots it covered.
    private struct Wave {
        var shots: [ShotID] = []
        var outcomes: [TakePlanner.Outcome] = []
        var waiting: [String] = []
    }

    /// Plans every pending shot that does not continue another pending shot; a continuing shot whose
    /// previous shot ended without a finished chosen take is left out, with why.
    private func plan(pending: [ShotID], ledger: TakeLedger, registry: BackendRegistry) async throws -> Wave {
        let folder = ledger.folder
        let seed = self.seed
        let variations = self.variations
        let backend = self.backend
        let stale = self.stale
        return try await ledger.update { project -> Wave in
            var wave = Wave()
            for id in pending {
                guard let index = project.shots.firstIndex(where: { $0.id == id }) else { continue }
                // It waits while the shot before it is still to be made and that will change the frame
                // it starts on: when that shot has no finished chosen take yet, or with --stale (which
                // chooses the new take).
                if project.shots[index].continuation == .previous, index > 0,
                    pending.contains(project.shots[index - 1].id),
                    stale || project.lastPlayedFrame(of: project.shots[index - 1]) == nil
                {
                    continue
                }
                wave.shots.append(id)
                do {
                    wave.outcomes += try TakePlanner.planShot(
                        &project, shot: index,
                        seeds: TakePlanner.seeds(
                            base: seed ?? project.shots[index].seed, variations: variations),
                        backend: backend, registry: registry, folder: folder)
                } catch let error as ContinuityError {
                    guard case .waiting = error else { throw error }
                    wave.waiting.append("\(id) not made: " + error.userMessage)
                }
            }
            return wave
        }
    }

    /// Chooses each shot's first new take that finished, so the next shot in the chain continues it.
    private func choose(_ outcomes: [TakePlanner.Outcome], ledger: TakeLedger) async throws {
        try await ledger.update { project in
            var chosen = Set<ShotID>()
            for outcome in outcomes {
                let (shot, take): (ShotID, TakeID) =
                    switch outcome {
                    case .queued(let shot, let take, _), .cached(let shot, let take, _): (shot, take)
                    }
                guard !chosen.contains(shot), let index = project.shots.firstIndex(where: { $0.id == shot }),
                    project.shots[index].takes.first(where: { $0.id == take })?.status == .done
                else { continue }
                chosen.insert(shot)
                if project.shots[index].chosenTake != take {
                    project.shots[index].chosenTake = take
                    project.shots[index].trim = nil
                }
            }
        }
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
        /// Made by a job a Kinora that stopped left on a server, collected by this run.
        var collected: Bool
        var output: String?
        var outputHash: String?
        var error: String?
    }

    private func report(
        _ planned: [TakePlanner.Outcome], _ project: Project, interrupted: Bool, waiting: Int,
        collected: Set<String>
    ) throws {
        let results = planned.map { outcome -> Result in
            let (shot, take, seed, cached): (ShotID, TakeID, UInt64, Bool) =
                switch outcome {
                case .queued(let shot, let take, let seed): (shot, take, seed, false)
                case .cached(let shot, let take, let seed): (shot, take, seed, true)
                }
            let record = project.shots.first { $0.id == shot }?.takes.first { $0.id == take }
            let wasCollected = collected.contains("\(shot)/\(take)")
            return Result(
                shot: shot, take: take, seed: seed, status: record?.status ?? .failed,
                cached: cached && !wasCollected, collected: wasCollected, output: record?.output,
                outputHash: record?.outputHash, error: record?.error)
        }
        if json {
            try Output.json(results)
        } else {
            for result in results {
                var line = "\(result.shot) \(result.take) seed \(result.seed) \(result.status.rawValue)"
                if result.cached { line += " (cached)" }
                if result.collected && result.status == .done { line += " (collected)" }
                if let place = result.status == .failed ? result.error : result.output { line += " \(place)" }
                Output.line(line)
            }
        }
        if interrupted {
            throw ExitCode(130)
        }
        // A take left on a server that cannot be collected is said, not counted against this run.
        for result in results where result.collected && result.status != .done {
            Output.error(
                "\(result.shot) \(result.take) could not be collected: \(result.error ?? "no reason recorded")"
            )
        }
        let failed = results.filter { $0.status != .done && !$0.collected }
        if failed.isEmpty && waiting > 0 {
            throw GenerationError.failed(
                reason:
                    "\(waiting) shot\(waiting == 1 ? "" : "s") could not be made: the shot\(waiting == 1 ? "" : "s") "
                    + "before \(waiting == 1 ? "it" : "them") ended without a finished chosen take (see above)."
            )
        }
        if !failed.isEmpty {
            throw GenerationError.failed(
                reason: "\(failed.count) of \(results.count) takes did not finish: "
                    + failed.map { "\($0.shot) \($0.take)" }.joined(separator: ", ")
                    + ". `kinora takes DIR SHOT` shows why.")
        }
    }
}
