import Foundation
import KinoraCore

/// A cast entry as `cast list --json` and `cast show --json` print it: the entry, each picture with its
/// absolute path, and the shots that name it.
struct CastListing: Encodable {
    /// A reference picture with where it is on disk.
    struct Picture: Encodable {
        /// Its place in the project (`assets/<sha256>.png`).
        var asset: String
        /// The absolute path, to open it.
        var path: String
        /// SHA-256 of its bytes.
        var sha256: String
        /// The file name it was imported from.
        var originalName: String
    }

    /// A shot that names the entry.
    struct ShotName: Encodable {
        /// Its id.
        var id: ShotID
        /// Its label.
        var label: String
    }

    /// The entry's name.
    var name: String
    /// Character, location or prop.
    var kind: CastKind
    /// Its description.
    var description: String
    /// Its scratch voice, when set (absent: the defaults).
    var voice: CastVoice?
    /// Its pictures, in order.
    var images: [Picture]
    /// The shots naming it, in film order.
    var shots: [ShotName]

    /// The listing of `entry` in the project `store` holds.
    init(_ entry: CastEntry, store: ProjectStore) {
        name = entry.name
        kind = entry.kind
        description = entry.description
        voice = entry.voice
        images = entry.images.map {
            Picture(
                asset: $0.asset, path: store.url(for: $0.asset).path, sha256: $0.sha256,
                originalName: $0.originalName)
        }
        shots = store.project.shotsNaming(entry.name).map { ShotName(id: $0.id, label: $0.label) }
    }
}
