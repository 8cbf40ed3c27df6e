import Foundation
import KinoraCore

/// The JSON file beside each take video: everything needed to make the take again and check it.
public struct TakeSidecar: Codable, Sendable, Hashable {
    /// The sidecar format.
    public var formatVersion = 1
    /// The shot the take belongs to.
    public var shot: ShotID
    /// The take, with its full request, seed, timings and output hash.
    public var take: Take

    /// A sidecar for `take` of `shot`.
    public init(shot: ShotID, take: Take) {
        self.shot = shot
        self.take = take
    }

    /// Writes the sidecar beside its place under a temporary name, for ``AtomicFile/commit(_:to:)`` to
    /// move to ``url(in:)`` once the take is recorded (or ``AtomicFile/discard(_:)`` to remove).
    public func stage(in folder: URL) throws -> URL {
        // Through the checked path: the take's folder must be a real folder inside the project.
        let checked = try ProjectPath.writableFile(
            ProjectLayout.takeSidecar(shot: shot, take: take.id), in: folder)
        return try AtomicFile.stage(StoryboardCodec.encodeJSON(self), for: checked)
    }

    /// Where the sidecar goes in the project `folder`.
    public func url(in folder: URL) -> URL {
        folder.appendingPathComponent(ProjectLayout.takeSidecar(shot: shot, take: take.id))
    }
}
