import ArgumentParser
import Foundation
import KinoraCore
import KinoraGenerate
import KinoraMedia

/// `kinora regen`: makes a take again from its recorded request — to finish an interrupted or failed take,
/// or with `--verify` to prove a done take reproduces bit for bit.
struct RegenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regen", abstract: "Make a take again from its recorded request.")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "The shot: an id (s3) or a position (3).")
    var shot: String

    @Argument(help: "The take: an id (t2) or its number (2).")
    var take: String

    @Flag(help: "Make a finished take again into the cache and compare its hash with the recorded one.")
    var verify = false

    func run() async throws {
        if verify {
            try await verifyTake()
        } else {
            try await rerun()
        }
    }

    private func verifyTake() async throws {
        let store = try project.openForReading()
        let shotValue = store.project.shots[try store.project.shotIndex(shot, file: store.storyboardURL.path)]
        let record = try shotValue.take(matching: take)
        guard record.status == .done, let recorded = record.outputHash, let output = record.output else {
            throw StoryboardError.badValue(
                field: "take", value: take, rule: "only a finished take can be verified")
        }
        // First the file on disk: it must still be what was recorded.
        let file = store.url(for: output)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw GenerationError.failed(
                reason: "\(shotValue.id) \(record.id): its file \(output) is missing. "
                    + "`kinora regen \(project.dir) \(shotValue.id) \(record.id)` makes it again.")
        }
        let onDisk = try ContentHash.sha256(of: file)
        guard onDisk == recorded else {
            throw GenerationError.failed(
                reason:
                    "\(shotValue.id) \(record.id): \(output) has changed since it was made (recorded sha256 "
                    + "\(recorded), now \(onDisk)). `kinora regen \(project.dir) \(shotValue.id) \(record.id)` "
                    + "makes it again.")
        }
        let backend = try BackendRegistry.configured(projectFolder: store.folder).registry.backend(
            named: record.request.backend)
        if backend.capabilities.engineVersion != record.request.engineVersion {
            Output.error(
                "note: \(record.id) was made by \(record.request.engineVersion); this is "
                    + "\(backend.capabilities.engineVersion), so the pictures may differ")
        }
        let again = try ProjectPath.writableFile(
            "\(ProjectLayout.cacheFolder)/verify-\(shotValue.id)-\(record.id)-\(getpid()).mp4",
            in: store.folder)
        defer { try? FileManager.default.removeItem(at: again) }
        if let extends = record.request.extends {
            // An extended take is made again as it was made: the continuation, joined to its base.
            let continuation = again.deletingPathExtension().appendingPathExtension("continuation.mp4")
            defer { try? FileManager.default.removeItem(at: continuation) }
            let job = GenerationJob(
                resolving: record.request.engineRequest, in: store.folder, outputURL: continuation)
            _ = try await backend.generate(job) { _ in }
            _ = try await TakeRunner.join(
                base: extends, of: shotValue.id, project: store.project, continuation: continuation,
                into: again, frameRate: record.request.fps, folder: store.folder)
        } else {
            let job = GenerationJob(resolving: record.request, in: store.folder, outputURL: again)
            _ = try await backend.generate(job) { _ in }
        }
        let hash = try ContentHash.sha256(of: again)
        guard hash == recorded else {
            throw GenerationError.failed(
                reason: "\(shotValue.id) \(record.id) did not reproduce: recorded sha256 \(recorded), "
                    + "made again \(hash).")
        }
        Output.line("\(shotValue.id) \(record.id) seed \(record.seed): identical (sha256 \(hash))")
    }

    private func rerun() async throws {
        let store = try project.openForWriting()
        let (shotID, takeID) = try store.update { project in
            TakePlanner.markInterrupted(&project)
            let index = try project.shotIndex(shot, file: store.storyboardURL.path)
            let record = try project.shots[index].take(matching: take)
            // A finished take is made again only when its file has gone or changed.
            let intact =
                record.output.map { output in
                    (try? ContentHash.sha256(of: store.url(for: output))) == record.outputHash
                } ?? false
            guard record.status != .done || !intact else {
                throw StoryboardError.badValue(
                    field: "take", value: take,
                    rule: "it is finished and its file is intact; check it with --verify, or make a new take "
                        + "with `kinora gen`")
            }
            if let takeIndex = project.shots[index].takes.firstIndex(where: { $0.id == record.id }) {
                // An interrupted take whose job is on a server collects it; any other is made afresh.
                if record.status != .interrupted { project.shots[index].takes[takeIndex].remoteJob = nil }
                project.shots[index].takes[takeIndex].status = .queued
                project.shots[index].takes[takeIndex].error = nil
            }
            return (project.shots[index].id, record.id)
        }
        let (registry, limits) = try store.configuredBackends()
        let ledger = TakeLedger(store: store)
        let interrupted = try await QueueRun.run(
            ledger: ledger, backends: registry, limits: limits, quiet: false
        ) {
            runner in
            try await runner.enqueue(shot: shotID, take: takeID)
        }
        let final = await ledger.project.shots.first { $0.id == shotID }?.takes.first { $0.id == takeID }
        await ledger.close()
        if interrupted { throw ExitCode(130) }
        guard let final, final.status == .done else {
            // The take's error is already a whole sentence ("Generation failed: …").
            throw StoryboardError.badValue(
                field: "take", value: take, rule: "it did not finish: \(final?.error ?? "no reason recorded")"
            )
        }
        Output.line("\(shotID) \(takeID) seed \(final.seed) done \(final.output ?? "")")
    }
}
