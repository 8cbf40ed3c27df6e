import Foundation
import KinoraCore

/// The one owner of a project store while takes are being made: every take's state change goes through
/// here and is saved at once, so a crash leaves an honest record (queued, running, done ...). Whoever
/// follows the takes (the studio) hears each saved change through ``takeChanges()``.
public actor TakeLedger {
    private let store: ProjectStore
    private var observers: [UUID: AsyncStream<TakeChange>.Continuation] = [:]
    /// Takes that ended (failed, cancelled) when the storyboard could not be saved (a full disk): their
    /// records as they should be, shown in ``project`` with why they are not saved yet, and saved by the
    /// next save that works.
    private var unsavedEndings: [UnsavedKey: (record: Take, note: String)] = [:]

    /// A take by its shot.
    private struct UnsavedKey: Hashable {
        var shot: ShotID
        var take: TakeID
    }

    /// Takes ownership of `store` (opened for writing).
    public init(store: sending ProjectStore) {
        self.folder = store.folder
        self.store = store
    }

    /// The storyboard as last saved, with the endings of takes that could not be saved yet.
    public var project: Project {
        var project = store.project
        applyUnsavedEndings(to: &project, noted: true)
        return project
    }

    /// The project folder.
    public nonisolated let folder: URL

    /// Applies `change` and saves; nothing changes if it throws.
    @discardableResult
    public func update<Result: Sendable>(_ change: @Sendable (inout Project) throws -> Result) throws
        -> Result
    {
        try recording {
            try store.update { project in
                applyUnsavedEndings(to: &project)
                return try change(&project)
            }
        }
    }

    /// Puts the unsaved endings into `project`; `noted` adds to each take's error that it is not saved.
    private func applyUnsavedEndings(to project: inout Project, noted: Bool = false) {
        for (key, ending) in unsavedEndings {
            guard let shotIndex = project.shots.firstIndex(where: { $0.id == key.shot }),
                let takeIndex = project.shots[shotIndex].takes.firstIndex(where: { $0.id == key.take })
            else { continue }
            var record = ending.record
            if noted { record.error = [record.error, ending.note].compactMap { $0 }.joined(separator: " ") }
            project.shots[shotIndex].takes[takeIndex] = record
        }
    }

    /// Every take change saved from now on, in the order saved.
    public func takeChanges() -> AsyncStream<TakeChange> {
        let key = UUID()
        let (stream, continuation) = AsyncStream<TakeChange>.makeStream()
        observers[key] = continuation
        continuation.onTermination = { _ in Task { await self.removeObserver(key) } }
        return stream
    }

    private func removeObserver(_ key: UUID) {
        observers[key] = nil
    }

    /// Runs `save` (which saves the storyboard once) and tells the observers which takes it changed; the
    /// unsaved endings go into that save.
    private func recording<Result>(_ save: () throws -> Result) throws -> Result {
        let before = store.project
        let result = try save()
        unsavedEndings = [:]
        if !observers.isEmpty {
            for change in store.project.takeChanges(since: before) {
                for observer in observers.values { observer.yield(change) }
            }
        }
        return result
    }

    /// Marks a take as running.
    public func markRunning(shot: ShotID, take: TakeID) throws {
        try updateTake(shot: shot, take: take) { $0.status = .running }
    }

    /// Records a finished video as `take` of `shot`: hashes it, stages its sidecar, moves it into
    /// `takes/<shot>/<take>.mp4` and saves the take as done (and chosen, when the shot has no chosen take
    /// yet); the sidecar goes into place last. When any step fails, nothing is left under the final names
    /// (the move is undone, a take made again gets its previous file back) and the error says what the
    /// take needs; `video` is then still where it was, for the caller to remove.
    public func markDone(
        shot: ShotID, take: TakeID, video: URL, seconds: Double, result: GenerationResult
    ) throws {
        // A shot deleted while its take was made keeps nothing: no file under a final name without a
        // record in the storyboard.
        guard
            let record = project.shots.first(where: { $0.id == shot })?.takes.first(where: { $0.id == take })
        else {
            try? FileManager.default.removeItem(at: video)
            throw StoryboardError.unknownTake(reference: take.rawValue, shot: shot.rawValue)
        }
        // Only a file the backend wrote is kept, and only in a real folder of the project.
        try ProjectPath.requireFile(at: video, in: store.folder)
        do {
            var finished = record
            finished.status = .done
            finished.output = ProjectLayout.takeVideo(shot: shot, take: take)
            finished.outputHash = try ContentHash.sha256(of: video)
            finished.generationSeconds = seconds
            finished.worker = result.worker
            finished.warning = result.warning
            finished.framing = result.framing
            finished.modelTiming = result.modelTiming
            finished.error = nil
            try keep(video, as: finished, of: shot)
        } catch {
            throw GenerationError.failed(reason: notKept(shot: shot, take: take, video: video, error: error))
        }
    }

    /// Stages the sidecar, moves the video into place and saves `finished`; undoes the first two when the
    /// save fails.
    private func keep(_ video: URL, as finished: Take, of shot: ShotID) throws {
        let destination = try ProjectPath.writableFile(
            ProjectLayout.takeVideo(shot: shot, take: finished.id), in: store.folder)
        let sidecar = TakeSidecar(shot: shot, take: finished)
        let stagedSidecar = try sidecar.stage(in: store.folder)
        let previous: URL?
        do {
            previous = try moveIntoPlace(video, at: destination, take: finished.id)
        } catch {
            AtomicFile.discard(stagedSidecar)
            throw error
        }
        do {
            try updateTake(shot: shot, take: finished.id, choosingIfNone: true) { $0 = finished }
        } catch {
            AtomicFile.discard(stagedSidecar)
            undoMove(video, at: destination, previous: previous)
            throw error
        }
        if let previous { unlink(previous.path) }
        // The take is recorded; the sidecar is a rename away (no space needed), and a take without one
        // can still be made again from the storyboard's record.
        try? AtomicFile.commit(stagedSidecar, to: sidecar.url(in: store.folder))
    }

    /// Why a made take was not kept, and, when the disk holds too little for it, how much it needs where.
    private func notKept(shot: ShotID, take: TakeID, video: URL, error: Error) -> String {
        let inner: String
        if case .saveFailed(let file, let why)? = error as? StoryboardError {
            inner = "\(file) could not be written: \(why)."
        } else {
            inner = (error as? UserFacingError)?.userMessage ?? "\(error)"
        }
        var reason = "\(shot) \(take) was made but not kept, because it could not be recorded: \(inner)"
        // In whole 4 KB blocks, as file systems hand out space.
        let size = { (url: URL) in
            let bytes = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int) ?? 0
            return (bytes + 4095) / 4096 * 4096
        }
        // The video, the storyboard saved again beside its backup, and a sidecar of a few KB.
        let needed = Int64(size(video) + size(store.storyboardURL) + 4096)
        // Free once the unkept video is removed.
        if let free = DiskSpace.available(at: store.folder).map({ $0 + Int64(size(video)) }), free < needed {
            reason +=
                " Keeping this take needs about \(DiskSpace.describe(bytes: needed)) on the file system at "
                + "\(DiskSpace.mountPoint(of: store.folder)), which has \(DiskSpace.describe(bytes: free)) once "
                + "the unkept video is removed."
        }
        return reason
    }

    /// Renames `video` to `destination`; a file already there (a take made again) is first kept aside
    /// under a partial name, which is returned for ``undoMove(_:at:previous:)``.
    private func moveIntoPlace(_ video: URL, at destination: URL, take: TakeID) throws -> URL? {
        let aside = destination.deletingLastPathComponent().appendingPathComponent(
            ".\(take).replaced\(ProjectLayout.partialSuffix)")
        unlink(aside.path)
        let keptAside = link(destination.path, aside.path) == 0
        guard rename(video.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if keptAside { unlink(aside.path) }
            throw GenerationError.failed(
                reason: "could not move the take into \(destination.path): \(reason)")
        }
        return keptAside ? aside : nil
    }

    /// Puts `video` back where it was made and the previous file (if any) back under the final name.
    private func undoMove(_ video: URL, at destination: URL, previous: URL?) {
        if rename(destination.path, video.path) != 0 { unlink(destination.path) }
        if let previous { rename(previous.path, destination.path) }
    }

    /// Records the job a remote engine is making `take` under, before (or as soon as) it is submitted,
    /// so a Kinora that stops meanwhile can collect it next time.
    public func recordRemoteJob(shot: ShotID, take: TakeID, job: RemoteJob) throws {
        try updateTake(shot: shot, take: take) { $0.remoteJob = job }
    }

    /// Marks interrupted takes whose remote job is to be collected as queued again, keeping their job;
    /// returns those it marked (a take of a backend not in `backends` stays interrupted).
    public func queueCollection(backends: Set<String>) throws -> [(shot: ShotID, take: TakeID)] {
        try update { project in
            var marked: [(shot: ShotID, take: TakeID)] = []
            for (shot, take) in project.takesToCollect {
                guard let shotIndex = project.shots.firstIndex(where: { $0.id == shot }),
                    let takeIndex = project.shots[shotIndex].takes.firstIndex(where: { $0.id == take }),
                    backends.contains(project.shots[shotIndex].takes[takeIndex].request.backend)
                else { continue }
                project.shots[shotIndex].takes[takeIndex].status = .queued
                project.shots[shotIndex].takes[takeIndex].error = nil
                marked.append((shot, take))
            }
            return marked
        }
    }

    /// Marks a take failed or cancelled, with the reason; its remote job is forgotten unless
    /// `keepingRemoteJob` (an interrupted take whose job goes on on the server, to be collected). When the
    /// storyboard cannot be saved (a full disk), the ending is kept to be saved with the next save that
    /// works, shown in ``project`` with what happened, and the save's error is thrown.
    public func markEnded(
        shot: ShotID, take: TakeID, status: Take.Status, reason: String?, keepingRemoteJob: Bool = false
    ) throws {
        do {
            try updateTake(shot: shot, take: take) { record in
                record.status = status
                record.error = reason
                if !keepingRemoteJob { record.remoteJob = nil }
            }
        } catch {
            guard
                var record = store.project.shots.first(where: { $0.id == shot })?.takes.first(where: {
                    $0.id == take
                })
            else { throw error }
            record.status = status
            record.error = reason
            let saveError = (error as? UserFacingError)?.userMessage ?? "\(error)"
            unsavedEndings[UnsavedKey(shot: shot, take: take)] = (
                record,
                "Not recorded in storyboard.json (\(saveError)); until a save records it, Kinora shows the "
                    + "take as interrupted."
            )
            // Whoever follows the takes still hears that it ended, though the file does not say so yet.
            for observer in observers.values { observer.yield(TakeChange(shot: shot, take: record)) }
            throw error
        }
    }

    /// Marks `take` cancelled if it is still waiting: its job was cancelled before it started, so no
    /// run will record how it ended. A take waiting to collect a remote job is, when Kinora is `closing`,
    /// interrupted instead, keeping the job to collect next time.
    public func cancelIfWaiting(shot: ShotID, take: TakeID, closing: Bool = false) throws {
        let record = store.project.shots.first { $0.id == shot }?.takes.first { $0.id == take }
        guard let record, record.status == .queued else { return }
        if let remote = record.remoteJob {
            let server = TerminalText.sanitized(remote.endpoint)
            if closing {
                // Its job is still on the server, untouched: collected next time.
                try markEnded(
                    shot: shot, take: take, status: .interrupted,
                    reason: "stopped before collecting its job from \(server); opening the project for "
                        + "generation (kinora gen, the studio) collects it", keepingRemoteJob: true)
            } else {
                try markEnded(
                    shot: shot, take: take, status: .cancelled,
                    reason:
                        "cancelled before Kinora collected it; its job \(TerminalText.sanitized(remote.id)) may "
                        + "still run on \(server)")
            }
            return
        }
        try markEnded(shot: shot, take: take, status: .cancelled, reason: "cancelled before it started")
    }

    /// Changes one take's record and saves; with `choosingIfNone`, a shot without a chosen take (or
    /// whose chosen take is gone) chooses this one, in the same save.
    @discardableResult
    private func updateTake(
        shot: ShotID, take: TakeID, choosingIfNone: Bool = false, _ change: (inout Take) -> Void
    ) throws -> Take {
        try recording {
            try store.update { project in
                applyUnsavedEndings(to: &project)
                guard let shotIndex = project.shots.firstIndex(where: { $0.id == shot }),
                    let takeIndex = project.shots[shotIndex].takes.firstIndex(where: { $0.id == take })
                else {
                    throw StoryboardError.unknownTake(reference: take.rawValue, shot: shot.rawValue)
                }
                change(&project.shots[shotIndex].takes[takeIndex])
                if choosingIfNone && project.shots[shotIndex].chosen == nil {
                    project.shots[shotIndex].chosenTake = take
                }
                return project.shots[shotIndex].takes[takeIndex]
            }
        }
    }

    /// Copies `file` into the project's assets (see ``ProjectStore/importAsset(_:kind:)``).
    public func importAsset(_ file: URL, kind: ShotSource.Kind) throws -> ShotSource {
        try store.importAsset(file, kind: kind)
    }

    /// Gives up the store's lock.
    public func close() {
        for observer in observers.values { observer.finish() }
        observers = [:]
        store.close()
    }
}
