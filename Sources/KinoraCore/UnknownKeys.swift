/// The keys a storyboard file holds that this Kinora does not read (a note a person added, a misspelt
/// `notess`, a field from a tool of their own), kept verbatim and written back by every save.
///
/// Each key stays with the object it was found in: a shot or a take by its id (so it follows the shot
/// when shots move, and goes when the shot is deleted), anything else by its place. Saved storyboards
/// are pretty JSON with sorted keys, so a kept key is written at its sorted place in its object.
public struct UnknownKeys: Sendable, Hashable {
    /// Where the keys were found, as JSON paths (`$.shots[1].notess`), in the order of the file. Keys
    /// whose value is `null` are kept but not listed: Kinora leaves out empty optional fields, so a
    /// `null` may well be one it knows.
    public private(set) var paths: [String] = []
    private var root: Node?

    /// No unknown keys.
    public init() {}

    /// Compares the file as read with the same storyboard as Kinora writes it: whatever the file has
    /// and the written form lacks is unknown.
    public init(document: RawJSON, known: RawJSON) {
        var paths: [String] = []
        root = Node(document: document, known: known, path: "$", paths: &paths)
        self.paths = paths
    }

    /// Whether there is nothing to keep.
    public var isEmpty: Bool { root == nil }

    /// `known` (the storyboard as Kinora writes it) with the kept keys put back in their places; keys
    /// whose object is gone (a deleted shot) go with it, and a key Kinora now writes itself wins.
    public func restored(into known: RawJSON) -> RawJSON {
        root.map { $0.restored(into: known) } ?? known
    }

    /// One sentence for people: which keys (a few), that they are kept, and what that means.
    public func notice(file: String) -> String {
        let shown = paths.prefix(3).joined(separator: ", ")
        let more = paths.count > 3 ? " and \(paths.count - 3) more" : ""
        return "\(file) holds keys this Kinora does not know (\(shown)\(more)); they are kept as they "
            + "are through every save, but Kinora does not use them."
    }

    /// Which element of an array a kept key belongs to: a shot or take by its id, anything else by its
    /// position.
    private enum Anchor: Sendable, Hashable {
        /// An element's `id`, as written (with its quotes).
        case id(String)
        /// An element's position.
        case position(Int)

        /// An anchor per element: ids when every element is an object with a string `id`.
        static func anchors(_ elements: [RawJSON]) -> [Anchor] {
            let ids = elements.compactMap { element -> String? in
                guard case .literal(let text)? = element["id"], text.hasPrefix("\"") else { return nil }
                return text
            }
            return ids.count == elements.count ? ids.map(Anchor.id) : elements.indices.map(Anchor.position)
        }
    }

    /// The kept keys at one place in the document and below it.
    private struct Node: Sendable, Hashable {
        /// Members of this object Kinora does not know, in the order of the file.
        var members: [RawJSON.Member] = []
        /// Known members of this object with unknown keys further down.
        var fields: [String: Node] = [:]
        /// Elements of this array with unknown keys inside.
        var elements: [Anchor: Node] = [:]

        var isEmpty: Bool { members.isEmpty && fields.isEmpty && elements.isEmpty }

        /// What `document` holds that `known` lacks, or nil when nothing; appends the paths found.
        init?(document: RawJSON, known: RawJSON, path: String, paths: inout [String]) {
            switch (document, known) {
            case (.object(let found), .object(let written)):
                let writtenValues = Dictionary(
                    written.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
                for member in found {
                    let memberPath = "\(path).\(member.key)"
                    if let value = writtenValues[member.key] {
                        fields[member.key] = Node(
                            document: member.value, known: value, path: memberPath, paths: &paths)
                    } else {
                        members.append(member)
                        if member.value != .literal("null") { paths.append(memberPath) }
                    }
                }
            case (.array(let found), .array(let written)):
                let writtenAnchors = Anchor.anchors(written)
                for (index, anchor) in Anchor.anchors(found).enumerated() {
                    guard let match = writtenAnchors.firstIndex(of: anchor) else { continue }
                    elements[anchor] = Node(
                        document: found[index], known: written[match], path: "\(path)[\(index)]",
                        paths: &paths)
                }
            default:
                return nil
            }
            if isEmpty { return nil }
        }

        /// `known` with this node's keys put back.
        func restored(into known: RawJSON) -> RawJSON {
            switch known {
            case .object(var written):
                for index in written.indices {
                    if let child = fields[written[index].key] {
                        written[index].value = child.restored(into: written[index].value)
                    }
                }
                let writtenKeys = Set(written.map(\.key))
                for member in members where !writtenKeys.contains(member.key) {
                    // Sorted as the encoder sorts keys: by their UTF-8 bytes.
                    let position =
                        written.firstIndex { member.key.utf8.lexicographicallyPrecedes($0.key.utf8) }
                        ?? written.endIndex
                    written.insert(member, at: position)
                }
                return .object(written)
            case .array(var written):
                for (index, anchor) in Anchor.anchors(written).enumerated() {
                    if let child = elements[anchor] { written[index] = child.restored(into: written[index]) }
                }
                return .array(written)
            case .literal:
                return known
            }
        }
    }
}
