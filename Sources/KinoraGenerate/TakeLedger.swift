import Foundation
import KinoraCore

/// The one owner of a project store while takes are being made: every take's state change goes through
/// here and is saved at once, so a crash leaves an honest record (queued, running, done ...).
public actor TakeLedger {
    private let store: ProjectStore

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
        try store.update(change)
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
        let destination = store.url(for: relative)
        try FileManager.default.createDirectory(
            at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard rename(video.path, destination.path) == 0 else {
            throw GenerationError.failed(
                reason: "could not move the take into \(relative): \(String(cString: strerror(errno)))")
        }
        let hash = try ContentHash.sha256(of: destination)
        let finished = try updateTake(shot: shot, take: take) { record in
            record.status = .done
            record.output = relative
            record.outputHash = hash
            record.generationSeconds = seconds
            record.worker = worker
            record.error = nil
        }
        try store.update { project in
            if let index = project.shots.firstIndex(where: { $0.id == shot }),
                project.shots[index].chosen == nil
            {
                project.shots[index].chosenTake = take
            }
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

    @discardableResult
    private func updateTake(shot: ShotID, take: TakeID, _ change: (inout Take) -> Void) throws -> Take {
        try store.update { project in
            guard let shotIndex = project.shots.firstIndex(where: { $0.id == shot }),
                let takeIndex = project.shots[shotIndex].takes.firstIndex(where: { $0.id == take })
            else {
                throw StoryboardError.unknownTake(reference: take.rawValue, shot: shot.rawValue)
            }
            change(&project.shots[shotIndex].takes[takeIndex])
            return project.shots[shotIndex].takes[takeIndex]
        }
    }

    /// Copies `file` into the project's assets (see ``ProjectStore/importAsset(_:kind:)``).
    public func importAsset(_ file: URL, kind: ShotSource.Kind) throws -> ShotSource {
        try store.importAsset(file, kind: kind)
    }

    /// Gives up the store's lock.
    public func close() {
        store.close()
    }
}
