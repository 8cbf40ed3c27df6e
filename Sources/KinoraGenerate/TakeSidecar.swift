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

    /// Writes the sidecar atomically next to the take video.
    public func write(in folder: URL) throws {
        let data = try StoryboardCodec.encodeJSON(self)
        let url = try ProjectPath.writableFile(
            ProjectLayout.takeSidecar(shot: shot, take: take.id), in: folder)
        try AtomicFile.write(data, to: url)
    }
}
