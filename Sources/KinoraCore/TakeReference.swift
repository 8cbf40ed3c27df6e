/// A cast entry as one take request used it: what a prompt's `@Name` meant when the take was asked for.
/// Recorded in the request, so a changed description or reference picture is a changed request.
public struct TakeReference: Codable, Sendable, Hashable {
    /// The entry's name, as the cast spells it.
    public var name: String
    /// Character, location or prop.
    public var kind: CastKind
    /// Its description at the time.
    public var description: String
    /// Its reference pictures, relative to the project folder, in the cast's order.
    public var images: [String]
    /// SHA-256 of each picture, in the same order.
    public var imageHashes: [String]

    /// The reference `entry` makes now.
    public init(_ entry: CastEntry) {
        self.name = entry.name
        self.kind = entry.kind
        self.description = entry.description
        self.images = entry.images.map(\.asset)
        self.imageHashes = entry.images.map(\.sha256)
    }

    /// What engines read in place of `@Name`: the description, or the name with spaces.
    public var promptText: String {
        CastEntry(name: name, kind: kind, description: description).promptText
    }
}

extension Project {
    /// The cast entries `prompt` names with `@Name`, each once, in the order first named; names that are
    /// not in the cast are left out (they stay in the prompt as written).
    public func references(in prompt: String) -> [TakeReference] {
        var seen = Set<String>()
        return CastMention.names(in: prompt).compactMap { name in
            guard let entry = castEntry(named: name), seen.insert(entry.name.lowercased()).inserted else {
                return nil
            }
            return TakeReference(entry)
        }
    }
}

extension TakeRequest {
    /// The prompt as engines read it: each `@Name` of a recorded reference replaced by its description;
    /// a mention of a name the cast did not have stays as written.
    public var enginePrompt: String {
        guard let references, !references.isEmpty else { return prompt }
        return CastMention.replacing(in: prompt) { name in
            references.first { $0.name.lowercased() == name.lowercased() }?.promptText
        }
    }
}
