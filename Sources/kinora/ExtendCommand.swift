import ArgumentParser
import Foundation
import KinoraCore
import KinoraGenerate

/// `kinora extend`: a longer take, made of a take followed by a continuation generated from its last frame.
struct ExtendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend",
        abstract: "Make a take longer: a new take that continues it from its last frame.",
        discussion: """
            The new take is the old one followed by SECONDS more, generated on the same backend (image-to-video) \
            from the old take's last frame, joined with no repeated or dropped frame. It does not replace the \
            chosen take; choose it with `kinora pick`.
            """)

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    @Argument(help: "The take to extend: an id (t2) or its number (default: the chosen take).")
    var take: String?

    // Unconditional, so `--by -1` is read as a number and refused with the rule, not as another option.
    @Option(parsing: .unconditional, help: "How many seconds to add.")
    var by: Double

    @Option(help: "The continuation's seed (default: the take's own seed).")
    var seed: UInt64?

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    func validate() throws {
        guard by.isFinite, by > 0 else {
            throw ValidationError("--by must be a number of seconds more than 0 (found \(by)).")
        }
    }

    func run() async throws {
        let store = try project.openForWriting()
        let (registry, limits) = try store.configuredBackends()
        let file = store.storyboardURL.path
        let folder = store.folder
        let ledger = TakeLedger(store: store)
        let (reference, takeReference, by, seed) = (shot, take, self.by, self.seed)
        let outcome: TakePlanner.Outcome
        do {
            outcome = try await ledger.update { project in
                TakePlanner.markInterrupted(&project)
                let index = try project.shotIndex(reference, file: file)
                let base = try takeReference.map { try project.shots[index].take(matching: $0).id }
                return try TakePlanner.planExtension(
                    &project, shot: index, take: base, by: by, seed: seed, registry: registry, folder: folder)
            }
        } catch {
            await ledger.close()
            throw error
        }
        var interrupted = false
        switch outcome {
        case .cached(let shot, let take, let seed):
            if !json { Output.error("\(shot) seed \(seed): this extension is already \(take); using it") }
        case .queued(let shot, let take, _):
            interrupted = try await QueueRun.run(
                ledger: ledger, backends: registry, limits: limits, quiet: json
            ) {
                runner in
                try await runner.enqueue(shot: shot, take: take)
            }
        }
        let (shotID, takeID): (ShotID, TakeID) =
            switch outcome {
            case .queued(let shot, let take, _), .cached(let shot, let take, _): (shot, take)
            }
        if interrupted {
            try? await ledger.cancelIfWaiting(shot: shotID, take: takeID)
        }
        let record = await ledger.project.shots.first { $0.id == shotID }?.takes.first { $0.id == takeID }
        await ledger.close()
        if interrupted { throw ExitCode(130) }
        guard let record, record.status == .done else {
            throw GenerationError.failed(
                reason: "\(shotID) \(takeID) did not finish: \(record?.error ?? "no reason recorded")")
        }
        if json {
            try Output.json(record)
            return
        }
        let base = record.request.extends
        Output.line(
            "\(shotID) \(takeID) seed \(record.seed) done \(record.output ?? "") ("
                + "\(base?.base.rawValue ?? "?") \(Output.seconds(base?.baseDuration ?? 0)) + "
                + "\(Output.seconds(base?.by ?? 0)) = \(Output.seconds(record.request.duration)))")
        Output.line("Choose it with `kinora pick \(project.dir) \(shotID) \(takeID)`.")
    }
}
