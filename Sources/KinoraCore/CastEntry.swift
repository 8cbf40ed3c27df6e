import Foundation

/// What a cast entry is: someone, somewhere or something shots show again and again.
public enum CastKind: String, Codable, Sendable, CaseIterable {
    /// A person or creature.
    case character
    /// A place.
    case location
    /// An object.
    case prop
}

/// A character, location or prop with the pictures that show it, named in prompts as `@Name` so every
/// shot that names it gets the same references.
public struct CastEntry: Codable, Sendable, Hashable {
    /// The longest name Kinora accepts: long enough for "Captain_Ada_Lovelace", short enough for a column.
    public static let maximumNameLength = 40

    /// How prompts name it (`@Mimi`); unique in the cast, whatever the case.
    public var name: String
    /// Character, location or prop.
    public var kind: CastKind
    /// What it looks like, in words: engines get it in place of `@Name` in the prompt.
    public var description: String
    /// Reference pictures, imported by content into `assets/`, in the order they were added.
    public var images: [ShotSource]
    /// How a character's scratch voice sounds; `nil` takes the defaults.
    public var voice: CastVoice?

    /// An entry with no pictures yet.
    public init(name: String, kind: CastKind, description: String = "", images: [ShotSource] = []) {
        self.name = name
        self.kind = kind
        self.description = description
        self.images = images
    }

    /// Adds `pictures` after the ones it has, each picture once (the same file imported twice is one
    /// reference); returns how many were new.
    @discardableResult
    public mutating func addPictures(_ pictures: [ShotSource]) -> Int {
        var added = 0
        for picture in pictures where !images.contains(where: { $0.sha256 == picture.sha256 }) {
            images.append(picture)
            added += 1
        }
        return added
    }

    /// What the text says in place of `@Name` when an engine reads the prompt: the description, or the
    /// name (with `_` as spaces) when there is none.
    public var promptText: String {
        let described = description.trimmingCharacters(in: .whitespacesAndNewlines)
        return described.isEmpty ? name.replacingOccurrences(of: "_", with: " ") : described
    }

    /// A cast name for a name as a script writes it (`MR. SMITH` → `Mr_Smith`, `BRICK'S PATIO` →
    /// `Bricks_Patio`): each word capitalised, spaces as `_`, characters a name cannot have dropped, at
    /// most 40 characters (``nameProblem(_:)``'s rule); `nil` when nothing usable is left. How a script's
    /// speakers and places become cast entries, and how a dialogue line's speaker finds its entry again.
    public static func name(fromScript written: String) -> String? {
        let words = written.split(whereSeparator: \.isWhitespace).map { word in
            let kept = word.filter { isNameCharacter($0) && $0 != "_" }
            return kept.prefix(1).uppercased() + kept.dropFirst().lowercased()
        }.filter { !$0.isEmpty }
        var name = String(words.joined(separator: "_").prefix(maximumNameLength))
        while name.first == "-" || name.first == "_" { name.removeFirst() }
        while name.last == "-" || name.last == "_" { name.removeLast() }
        return name.isEmpty || nameProblem(name) != nil ? nil : name
    }

    /// Whether `character` may appear in a name: letters and digits of any script, `_` and `-`.
    public static func isNameCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "-"
    }

    /// Why `name` cannot name a cast entry, or `nil` when it can. The rule keeps `@Name` one word in a
    /// prompt, so it never swallows the words after it.
    public static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "a cast name cannot be empty" }
        if name.count > maximumNameLength {
            return "a cast name is at most \(maximumNameLength) characters (this one has \(name.count))"
        }
        if name.hasPrefix("@") {
            return "write the name without the @ (prompts add it: @\(name.dropFirst()))"
        }
        if name.contains(where: \.isWhitespace) {
            let joined = name.split(whereSeparator: \.isWhitespace).joined(separator: "_")
            return "a cast name is one word so @Name ends where it should; use _ for spaces: \(joined)"
        }
        if let bad = name.first(where: { !isNameCharacter($0) }) {
            return "a cast name uses letters, digits, _ and - (not \"\(bad)\")"
        }
        if name.first == "-" || name.last == "-" {
            return "a cast name cannot start or end with -"
        }
        return nil
    }
}

extension Project {
    /// The characters, locations and props shots name; empty for storyboards made before the cast.
    public var cast: [CastEntry] {
        get { storedCast ?? [] }
        set { storedCast = newValue.isEmpty ? nil : newValue }
    }

    /// The entry called `name` (case does not matter), if any.
    public func castEntry(named name: String) -> CastEntry? {
        let wanted = name.lowercased()
        return cast.first { $0.name.lowercased() == wanted }
    }

    /// The character a dialogue line's speaker (`MR. SMITH`, as a script writes it) is, if the cast has it.
    public func castEntry(forSpeaker speaker: String) -> CastEntry? {
        castEntry(named: speaker) ?? CastEntry.name(fromScript: speaker).flatMap { castEntry(named: $0) }
    }

    /// The index of the entry called `name` (case does not matter), if any.
    public func castIndex(named name: String) -> Int? {
        let wanted = name.lowercased()
        return cast.firstIndex { $0.name.lowercased() == wanted }
    }

    /// The cast's names for messages: "Mimi, Bo, Kitchen", or a hint when there is none; a long cast is
    /// cut after a dozen names, so a message stays readable with hundreds of entries.
    public var castNamesForMessages: String {
        let shown = 12
        guard !cast.isEmpty else { return "the cast is empty (kinora cast add DIR NAME)" }
        let names = cast.prefix(shown).map(\.name).joined(separator: ", ")
        guard cast.count > shown else { return "the cast is " + names }
        return "the cast is \(names) and \(cast.count - shown) more (kinora cast list DIR)"
    }

    /// The shots that name the entry `name`: by `@Name` in their prompt, as their location, or among their
    /// people; in film order, for refusing to remove it.
    public func shotsNaming(_ name: String) -> [Shot] {
        let wanted = name.lowercased()
        return shots.filter { shot in
            CastMention.names(in: shot.prompt).contains { $0.lowercased() == wanted }
                || shot.location?.lowercased() == wanted
                || (shot.people ?? []).contains { $0.lowercased() == wanted }
        }
    }

    /// Renames the entry `old` to `new` everywhere it is named: prompts' `@Old` become `@New`, and shots'
    /// locations and people follow. The caller has checked `new` with ``CastEntry/nameProblem(_:)``.
    public mutating func renameCastEntry(_ old: String, to new: String) {
        guard let index = castIndex(named: old) else { return }
        let previous = cast[index].name
        cast[index].name = new
        let wanted = previous.lowercased()
        for shotIndex in shots.indices {
            var shot = shots[shotIndex]
            // Keep the seed: a rename changes no picture the person asked for.
            shot.prompt = CastMention.replacing(in: shot.prompt) {
                $0.lowercased() == wanted ? "@" + new : nil
            }
            if shot.location?.lowercased() == wanted { shot.location = new }
            shot.people = shot.people?.map { $0.lowercased() == wanted ? new : $0 }
            // What the script gave is renamed too, so a re-import still knows these fields as its own.
            if var key = shot.scriptKey {
                key.draftedPrompt = key.draftedPrompt.map { prompt in
                    CastMention.replacing(in: prompt) { $0.lowercased() == wanted ? "@" + new : nil }
                }
                if key.draftedLocation?.lowercased() == wanted { key.draftedLocation = new }
                shot.scriptKey = key
            }
            shots[shotIndex] = shot
        }
    }

    /// Removes the entry `name`; shots' locations and people lists that named it forget it, and prompts keep
    /// their text (`@Name` then names nothing, and engines read it as written).
    public mutating func removeCastEntry(_ name: String) {
        guard let index = castIndex(named: name) else { return }
        cast.remove(at: index)
        let wanted = name.lowercased()
        for shotIndex in shots.indices {
            if shots[shotIndex].location?.lowercased() == wanted { shots[shotIndex].location = nil }
            if let people = shots[shotIndex].people {
                shots[shotIndex].people = people.filter { $0.lowercased() != wanted }
            }
        }
    }

    /// The people in `shot`: its own list when the person set one, else the characters its prompt names.
    public func people(in shot: Shot) -> [String] {
        if let people = shot.people { return people }
        var seen = Set<String>()
        return CastMention.names(in: shot.prompt).compactMap { name in
            guard let entry = castEntry(named: name), entry.kind == .character,
                seen.insert(entry.name.lowercased()).inserted
            else { return nil }
            return entry.name
        }
    }

    /// The names after `@` in `prompt` that no entry has, each once, as first written.
    public func unknownMentions(in prompt: String) -> [String] {
        var seen = Set<String>()
        return CastMention.names(in: prompt).filter {
            castEntry(named: $0) == nil && seen.insert($0.lowercased()).inserted
        }
    }

    /// What in `shot` names no cast entry, or names one of the wrong kind: `@Name`s in its prompt (any
    /// kind), its location (a location), its people (characters). Only `fields` are looked at, so a prompt still
    /// naming an entry removed since does not stand in the way of changing the location. A message
    /// listing the cast, or `nil` when everything it names exists.
    public func castProblem(
        in shot: Shot, fields: Set<ShotField> = [.prompt, .location, .people]
    ) -> String? {
        var unknown: [String] = []
        var problems: [String] = []
        if fields.contains(.prompt) { unknown += unknownMentions(in: shot.prompt).map { "@" + $0 } }
        if fields.contains(.location), let location = shot.location {
            if let entry = castEntry(named: location) {
                if entry.kind != .location {
                    problems.append("\(entry.name) is a \(entry.kind.rawValue), not a location")
                }
            } else {
                unknown.append(location)
            }
        }
        if fields.contains(.people) {
            for person in shot.people ?? [] {
                guard let entry = castEntry(named: person) else {
                    unknown.append(person)
                    continue
                }
                if entry.kind != .character {
                    problems.append("\(entry.name) is a \(entry.kind.rawValue), not a character")
                }
            }
        }
        if !unknown.isEmpty {
            let what = unknown.count == 1 ? "\(unknown[0]) is" : unknown.joined(separator: ", ") + " are"
            problems.append("\(what) not in the cast")
        }
        guard !problems.isEmpty else { return nil }
        return problems.joined(separator: "; ") + "; \(castNamesForMessages)"
    }
}
