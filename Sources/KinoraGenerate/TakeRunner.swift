import Foundation
import KinoraCore
import KinoraMedia

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

    /// Set when Kinora is closing rather than cancelling: remote jobs are then left running on their
    /// servers, and their takes recorded as interrupted, to be collected when the project is next opened.
    public let closing: AtomicFlag

    /// A runner over the given parts; `closing` is shared by every runner of one studio or command.
    public init(
        ledger: TakeLedger, queue: JobQueue, backends: BackendRegistry, closing: AtomicFlag = AtomicFlag()
    ) {
        self.ledger = ledger
        self.queue = queue
        self.backends = backends
        self.closing = closing
    }

    /// Queues a job for every take whose remote job a Kinora that stopped left on a server (see
    /// ``Take/remoteJob``): each follows that job, or collects its output, instead of submitting the
    /// request again. Takes of backends no longer configured stay interrupted. Returns the takes queued.
    @discardableResult
    public func collectLeftovers() async throws -> [(shot: ShotID, take: TakeID)] {
        let collected = try await ledger.queueCollection(backends: Set(backends.names))
        for (shot, take) in collected {
            try await enqueue(shot: shot, take: take)
        }
        return collected
    }

    /// Queues the job that makes `take` of `shot` (already in the storyboard, queued or interrupted); a
    /// take with a recorded remote job that is not done collects that job.
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
        let closing = self.closing
        // A waiting or interrupted take with a job on a server collects it; a done one made again does not.
        let resuming = record.status == .queued || record.status == .interrupted ? record.remoteJob : nil
        let label = "\(shot) \(take) seed \(record.seed)" + (resuming == nil ? "" : " (collecting)")
        return await queue.enqueue(
            identity: .take(shot: shot, take: take), backend: backend.name, label: label
        ) {
            progress in
            let partial = ProjectLayout.partialTakeVideo(shot: shot, take: take)
            let temporary = folder.appendingPathComponent(partial)
            // An extension's engine makes only the continuation, joined to its base afterwards.
            let continuation = folder.appendingPathComponent(
                "\(ProjectLayout.takesFolder)/\(shot)/.\(take).continuation\(ProjectLayout.partialSuffix)")
            var job = GenerationJob(
                resolving: request.engineRequest, in: folder,
                outputURL: request.extends == nil ? temporary : continuation)
            job.resuming = resuming
            job.recordRemoteJob = { remote in
                try await ledger.recordRemoteJob(shot: shot, take: take, job: remote)
            }
            job.leavesRemoteJob = { closing.isSet }
            try await ledger.markRunning(shot: shot, take: take)
            let started = Date()
            do {
                // A take folder that is a link (takes/s2 -> /elsewhere) fails the take, naming it.
                _ = try ProjectPath.writableFile(partial, in: folder)
                let previews = LivePreviewFile(
                    project: folder, path: ProjectLayout.livePreview(shot: shot, take: take))
                var result = try await backend.generate(job) { update in
                    progress(update.framesDone, update.framesTotal, note: update.note)
                    if let picture = update.preview { previews.write(picture) }
                }
                try Task.checkCancellation()
                if let extends = request.extends {
                    defer { try? FileManager.default.removeItem(at: continuation) }
                    result.frames = try await Self.join(
                        base: extends, of: shot, project: await ledger.project, continuation: continuation,
                        into: temporary, frameRate: request.fps, folder: folder)
                }
                try await ledger.markDone(
                    shot: shot, take: take, video: temporary, seconds: Date().timeIntervalSince(started),
                    result: result)
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                let cancelled =
                    Task.isCancelled || error is CancellationError
                    || (error as? GenerationError) == .cancelled
                let reason = (error as? UserFacingError)?.userMessage ?? "\(error)"
                let remote = await ledger.project.shots.first { $0.id == shot }?.takes.first {
                    $0.id == take
                }?
                .remoteJob
                if cancelled, closing.isSet, let remote {
                    // Kinora is closing: the job goes on on the server and is collected next time.
                    try? await ledger.markEnded(
                        shot: shot, take: take, status: .interrupted,
                        reason: "Kinora closed while this take's job ran on "
                            + "\(TerminalText.sanitized(remote.endpoint)); opening the project for generation "
                            + "(kinora gen, the studio) collects it from there",
                        keepingRemoteJob: true)
                } else if case .jobOutOfReach = error as? GenerationError, remote != nil {
                    try? await ledger.markEnded(
                        shot: shot, take: take, status: .interrupted, reason: reason, keepingRemoteJob: true)
                } else if case .jobGone = error as? GenerationError {
                    try? await ledger.markEnded(shot: shot, take: take, status: .interrupted, reason: reason)
                } else {
                    try? await ledger.markEnded(
                        shot: shot, take: take, status: cancelled ? .cancelled : .failed,
                        reason: cancelled ? "cancelled" : reason)
                }
                throw cancelled ? CancellationError() : error
            }
        }
    }

    /// Joins the base take of `extends` and the continuation made from its last frame into `output`,
    /// dropping the continuation's first frame (the base's last); returns the frames written. The base
    /// must still be the file the extension was asked of.
    public static func join(
        base extends: TakeExtension, of shot: ShotID, project: Project, continuation: URL, into output: URL,
        frameRate: FrameRate, folder: URL
    ) async throws -> Int {
        guard
            let base = project.shots.first(where: { $0.id == shot })?.takes.first(where: {
                $0.id == extends.base
            }),
            let relative = base.output
        else {
            throw ContinuityError.notExtendable(
                shot: shot, take: extends.base, why: "it is gone from the storyboard")
        }
        let video = folder.appendingPathComponent(relative)
        guard (try? ContentHash.sha256(of: video)) == extends.baseHash else {
            throw ContinuityError.notExtendable(
                shot: shot, take: extends.base,
                why: "its file \(relative) is missing or changed since the extension was asked")
        }
        // Joined under a name whose own partial file (`..t2.joined.mp4.partial`) the next open clears
        // if Kinora is killed meanwhile, then renamed to where the caller expects the take.
        let joined = continuation.deletingLastPathComponent().appendingPathComponent(
            output.lastPathComponent.replacingOccurrences(
                of: ProjectLayout.partialSuffix, with: ".joined.mp4"))
        let frames = try await BlockingWork.run { flag in
            try VideoJoin.join(
                video, then: continuation, dropping: 1, to: joined, frameRate: frameRate,
                isCancelled: { flag.isSet })
        }
        guard rename(joined.path, output.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: joined)
            throw GenerationError.failed(
                reason: "could not move the joined take to \(output.path): \(reason)")
        }
        return frames
    }
}
