import Foundation
import KinoraCore

/// Turns queued takes into queue jobs: each job runs its backend into a temporary file, then records the
/// result through the ledger. No half-written file is ever marked done: the video is moved into place
/// only after the encoder finished cleanly.
public struct TakeRunner: Sendable {
    /// Where take state is recorded.
    public let ledger: TakeLedger
    /// Where jobs wait and run.
    public let queue: JobQueue
    /// Which backend serves which name.
    public let backends: BackendRegistry

    /// A runner over the given parts.
    public init(ledger: TakeLedger, queue: JobQueue, backends: BackendRegistry) {
        self.ledger = ledger
        self.queue = queue
        self.backends = backends
    }

    /// Queues the job that makes `take` of `shot` (already in the storyboard, queued or interrupted).
    @discardableResult
    public func enqueue(shot: ShotID, take: TakeID) async throws -> JobQueue.JobID {
        let project = await ledger.project
        guard let shotValue = project.shots.first(where: { $0.id == shot }),
            let record = shotValue.takes.first(where: { $0.id == take })
        else {
            throw StoryboardError.unknownTake(reference: take.rawValue, shot: shot.rawValue)
        }
        let backend = try backends.backend(named: record.request.backend)
        let folder = ledger.folder
        let request = record.request
        let ledger = self.ledger
        let label = "\(shot) \(take) seed \(record.seed)"
        return await queue.enqueue(
            identity: .take(shot: shot, take: take), backend: backend.name, label: label
        ) {
            progress in
            let partial = ProjectLayout.partialTakeVideo(shot: shot, take: take)
            let temporary = folder.appendingPathComponent(partial)
            let job = GenerationJob(
                request: request, sourceURL: request.source.map { folder.appendingPathComponent($0) },
                outputURL: temporary, endImageURL: request.endImage.map { folder.appendingPathComponent($0) })
            try await ledger.markRunning(shot: shot, take: take)
            let started = Date()
            do {
                // A take folder that is a link (takes/s2 -> /elsewhere) fails the take, naming it.
                _ = try ProjectPath.writableFile(partial, in: folder)
                let previews = LivePreviewFile(
                    project: folder, path: ProjectLayout.livePreview(shot: shot, take: take))
                let result = try await backend.generate(job) { update in
                    progress(update.framesDone, update.framesTotal)
                    if let picture = update.preview { previews.write(picture) }
                }
                try Task.checkCancellation()
                try await ledger.markDone(
                    shot: shot, take: take, video: temporary, seconds: Date().timeIntervalSince(started),
                    result: result)
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                let cancelled =
                    Task.isCancelled || error is CancellationError
                    || (error as? GenerationError) == .cancelled
                let reason = (error as? UserFacingError)?.userMessage ?? "\(error)"
                try? await ledger.markEnded(
                    shot: shot, take: take, status: cancelled ? .cancelled : .failed,
                    reason: cancelled ? "cancelled" : reason)
                throw cancelled ? CancellationError() : error
            }
        }
    }
}
