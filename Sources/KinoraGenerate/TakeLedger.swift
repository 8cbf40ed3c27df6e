import Foundation
import KinoraCore

/// The one owner of a project store while takes are being made: every take's state change goes through
/// here and is saved at once, so a crash leaves an honest record (queued, running, done ...). Whoever
/// follows the takes (the studio) hears each saved change through ``takeChanges()``.
public actor TakeLedger {
    private let store: ProjectStore
    private var observers: [UUID: AsyncStream<TakeChange>.Continuation] = [:]

    /// Takes ownership of `store` (opened for writing).
    public init(store: sending ProjectStore) {
        self.folder = store.folder
        self.store = store
    }

    /// The storyboard as last saved.
    public var project: Project { store.project }

    /// The project folder.
    public nonisolated let folder: URL

    /// Applies `change` and saves; nothing changes if it throws.
    @discardableResult
    public func update<Result: Sendable>(_ change: @Sendable (inout Project) throws -> Result) throws
        -> Result
    {
        try recording { try store.update(change) }
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

    /// Runs `save` and tells the observers which takes it changed.
    private func recording<Result>(_ save: () throws -> Result) throws -> Result {
        let before = store.project
        let result = try save()
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

    /// Moves a finished video into `takes/<shot>/<take>.mp4`, hashes it, writes the sidecar and marks the
    /// take done (and chosen, when the shot has no chosen take yet).
    public func markDone(
        shot: ShotID, take: TakeID, video: URL, seconds: Double, worker: String?
    ) throws {
        let relative = ProjectLayout.takeVideo(shot: shot, take: take)
        // A shot deleted while its take was made keeps nothing: no file under a final name without a
        // record in the storyboard.
        guard
            store.project.shots.first(where: { $0.id == shot })?.takes.contains(where: { $0.id == take })
                == true
        else {
            try? FileManager.default.removeItem(at: video)
            throw StoryboardError.unknownTake(reference: take.rawValue, shot: shot.rawValue)
        }
        // Only a file the backend wrote is kept, and only in a real folder of the project.
        try ProjectPath.requireFile(at: video, in: store.folder)
        let destination = try ProjectPath.writableFile(relative, in: store.folder)
        guard rename(video.path, destination.path) == 0 else {
            throw GenerationError.failed(
                reason: "could not move the take into \(relative): \(String(cString: strerror(errno)))")
        }
        let hash = try ContentHash.sha256(of: destination)
        let finished = try updateTake(shot: shot, take: take, choosingIfNone: true) { record in
            record.status = .done
            record.output = relative
            record.outputHash = hash
            record.generationSeconds = seconds
            record.worker = worker
            record.error = nil
        }
        try TakeSidecar(shot: shot, take: finished).write(in: store.folder)
    }

    /// Marks a take failed or cancelled, with the reason.
    public func markEnded(shot: ShotID, take: TakeID, status: Take.Status, reason: String?) throws {
        try updateTake(shot: shot, take: take) { record in
            record.status = status
            record.error = reason
        }
    }

    /// Changes one take's record and saves; with `choosingIfNone`, a shot without a chosen take (or
    /// whose chosen take is gone) chooses this one, in the same save.
    @discardableResult
    private func updateTake(
        shot: ShotID, take: TakeID, choosingIfNone: Bool = false, _ change: (inout Take) -> Void
    ) throws -> Take {
        try recording {
            try store.update { project in
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
