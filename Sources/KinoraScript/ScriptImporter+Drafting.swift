import KinoraCore

extension ScriptImporter {
    /// The shots the script describes, in script order, and the cast it names (locations by heading,
    /// characters by speech), each entry once, in first-appearance order.
    static func drafts(of document: ScriptDocument) -> (shots: [DraftShot], cast: [CastEntry]) {
        var shots: [DraftShot] = []
        var cast: [CastEntry] = []
        var scene = ""
        var sceneNumber: String?
        var location: String?
        var position = 0
        // Sections and synopses before a heading belong to the scene it opens; after it, to its scene.
        var pendingSceneNotes: [String] = []
        var sceneNotes: [String] = []
        // Notes before any shot of the scene go to the scene's first shot.
        var pendingNotes: [String] = []
        // Whether the last shot still takes paragraphs (after a marker, until the next marker or heading).
        var openShot: Int?
        // The last shot of the current scene, for dialogue, notes and transitions.
        var lastShot: Int?
        // Which scene each shot is in (0 before the first heading), for sharing the scene's notes.
        var sceneOrdinal = 0
        var ordinals: [Int] = []
        var notesByScene: [Int: [String]] = [:]

        var castNames = Set<String>()
        func addCast(_ entry: CastEntry) {
            guard castNames.insert(entry.name.lowercased()).inserted else { return }
            cast.append(entry)
        }
        func startShot(marker: String?, slate: Bool = false) -> Int {
            var draft = DraftShot(
                scene: scene, sceneNumber: sceneNumber, location: location, position: position,
                markerLabel: marker)
            draft.isSlate = slate
            draft.notes = pendingNotes
            pendingNotes = []
            position += 1
            shots.append(draft)
            ordinals.append(sceneOrdinal)
            lastShot = shots.count - 1
            return shots.count - 1
        }

        for element in document.elements {
            switch element {
            case .sceneHeading(let text, let number, _):
                notesByScene[sceneOrdinal] = sceneNotes
                sceneOrdinal += 1
                scene = text
                sceneNumber = number
                position = 0
                sceneNotes = pendingSceneNotes
                pendingSceneNotes = []
                openShot = nil
                lastShot = nil
                if let place = placeWords(of: text), let name = castName(place) {
                    location = name
                    addCast(CastEntry(name: name, kind: .location, description: place))
                } else {
                    location = nil
                }
            case .action(let text, _):
                let index = openShot ?? startShot(marker: nil)
                shots[index].actionParagraphs.append(text)
            case .dialogue(let block):
                let index =
                    lastShot.flatMap { shots[$0].isSlate ? nil : $0 } ?? startShot(marker: nil)
                let speaker = castName(block.character)
                if let speaker {
                    addCast(CastEntry(name: speaker, kind: .character))
                    if !shots[index].speakers.contains(speaker) { shots[index].speakers.append(speaker) }
                }
                shots[index].dialogueLines.append(dialogueLine(block))
                let words = block.parts.reduce(0) { count, part in
                    if case .spoken(let words) = part { return count + Self.words(in: words).count }
                    return count
                }
                if block.isDual {
                    // Spoken at once with the block before: the longer of the two sets the time.
                    shots[index].spokenWords += max(0, words - shots[index].lastBlockWords)
                    shots[index].simultaneousLines += 1
                } else {
                    shots[index].spokenWords += words
                }
                shots[index].lastBlockWords = words
            case .transition(let text, _):
                if let lastShot { shots[lastShot].transition = transition(for: text) }
            case .centered(let text, _):
                let index = startShot(marker: nil, slate: true)
                shots[index].actionParagraphs = [text]
                openShot = nil
            case .section(let text, _, _):
                pendingSceneNotes.append(text)
            case .synopsis(let text, _):
                if scene.isEmpty { pendingSceneNotes.append(text) } else { sceneNotes.append(text) }
            case .note(let text, _):
                if let lastShot { shots[lastShot].notes.append(text) } else { pendingNotes.append(text) }
            case .shotMarker(let label, _):
                openShot = startShot(marker: label)
            case .pageBreak:
                break
            }
        }
        notesByScene[sceneOrdinal] = sceneNotes
        for index in shots.indices {
            shots[index].sceneNotes = notesByScene[ordinals[index]] ?? []
            shots[index].seal()
        }
        return (shots, cast)
    }

    /// `MIMI (V.O.): (quietly) Hello.`: the speaker, extensions, and the speech on one line.
    /// A dual-dialogue block's name keeps Fountain's `^` (`STEEL ^: Screw it.`): spoken with the line before.
    static func dialogueLine(_ block: DialogueBlock) -> String {
        let name = ([block.character] + block.extensions.map { "(\($0))" } + (block.isDual ? ["^"] : []))
            .joined(separator: " ")
        // Each line loses its markup on its own: a lyric's `~` is only one at the start of a line.
        let speech = block.parts.map { part -> String in
            switch part {
            case .spoken(let text), .parenthetical(let text):
                text.split(whereSeparator: \.isNewline).map { plainText(String($0)) }.joined(separator: " ")
            }
        }
        return name + ": " + speech.joined(separator: " ")
    }

    /// The transition a script's words mean: `CUT TO` a cut, `DISSOLVE TO` a 12-frame dissolve, `FADE OUT`,
    /// `FADE IN`, `FADE TO BLACK` a 12-frame fade; any other a cut.
    static func transition(for text: String) -> Transition {
        let words = text.uppercased()
        if words.contains("DISSOLVE") { return .dissolve(frames: 12) }
        if words.contains("FADE") { return .fade(frames: 12) }
        return .cut
    }

    /// The place in a heading: the words after `INT.`/`EXT.`/`EST.`/`INT./EXT.`/`I/E`, without the time of
    /// day (`INT. KITCHEN - NIGHT` → `KITCHEN`); a part of the place stays, since it looks different on
    /// screen (`INT. LIGHTHOUSE - STAIRWELL - DAY` → `LIGHTHOUSE STAIRWELL`); `nil` for a heading without
    /// one of those prefixes, or when nothing is left.
    static func placeWords(of heading: String) -> String? {
        var text = Substring(heading.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix(".") { text = text.dropFirst() }
        let prefixes = [
            "INT./EXT.", "INT/EXT.", "INT./EXT", "INT/EXT", "EXT./INT.", "I/E.", "I/E", "INT.", "EXT.",
            "EST.", "INT", "EXT", "EST",
        ]
        let upper = text.uppercased()
        // A forced heading without INT./EXT. (`.FLASHBACK`, `.BLACK`) names no place.
        guard
            let prefix = prefixes.first(where: { prefix in
                upper.hasPrefix(prefix)
                    && (upper.count == prefix.count || prefix.hasSuffix(".")
                        || upper[upper.index(upper.startIndex, offsetBy: prefix.count)] == " ")
            })
        else { return nil }
        text = text.dropFirst(prefix.count)
        var parts = text.components(separatedBy: " - ").map { $0.trimmingCharacters(in: .whitespaces) }
        while parts.count > 1, let last = parts.last, last.isEmpty || isSceneModifier(last) {
            parts.removeLast()
        }
        let place = parts.filter { !$0.isEmpty }.joined(separator: " ")
        return place.isEmpty ? nil : place
    }

    /// The words a heading says when or how with (`NIGHT`, `MOMENTS LATER`, `CONTINUOUS`, `MOVING`).
    static let modifierWords: Set<String> = [
        "DAY", "NIGHT", "MORNING", "AFTERNOON", "EVENING", "DUSK", "DAWN", "SUNSET", "SUNRISE", "NOON",
        "MIDNIGHT", "LATER", "CONTINUOUS", "SAME", "TWILIGHT", "CONT'D", "CONTINUED", "MOVING", "FLASHBACK",
        "DREAM", "MONTAGE", "INTERCUT", "PRESENT",
    ]

    /// Whether a heading's part says when or how (`LATE NIGHT`, `DAY (FLASHBACK)`, `MOVING`) rather than
    /// where.
    static func isSceneModifier(_ part: String) -> Bool {
        part.uppercased().split { !$0.isLetter && $0 != "'" }.contains { modifierWords.contains(String($0)) }
    }
}
