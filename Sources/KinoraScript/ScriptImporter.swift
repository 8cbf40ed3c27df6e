import KinoraCore

/// Merges a screenplay into a storyboard: each paragraph becomes a shot, and a re-import updates the shots
/// it made before instead of starting again, so takes, choices, seeds, framing and notes are never lost.
/// Pure: no files; the same script and storyboard always give the same result (new shots' seeds aside).
///
/// Matching a re-imported paragraph to its shot, in passes, each shot matched once: the same words in the
/// same scene; the same words anywhere (a moved scene); the same scene (heading or number) and position
/// with a word-set Jaccard similarity of at least 0.25 (a reworded paragraph); then, best pairs first, a
/// similarity of at least 0.5 anywhere. Exact texts and places are looked up by key; the fuzzy pass
/// counts shared words through an index of words, so it costs one addition per word a paragraph shares
/// with a shot: O(n·m) at worst (common words such as "the"), with no texts compared pair by pair.
public enum ScriptImporter {
    /// The similarity a paragraph needs to match a shot in another place.
    static let anywhereSimilarity = 0.5
    /// The similarity a paragraph needs to match the shot at its own scene and position.
    static let samePlaceSimilarity = 0.25
    /// What sitting at the paragraph's own place adds to a shot's score.
    static let samePlaceBonus = 0.25

    /// `document` merged into `project`; `file` names the script in messages.
    ///
    /// - Throws: ``ScriptError`` for a script with nothing to import or no scene heading.
    public static func merge(_ document: ScriptDocument, into project: Project, file: String) throws
        -> ScriptImport
    {
        guard !document.elements.isEmpty else {
            throw ScriptError(
                file: file, reason: "the script is empty; write at least one scene (INT. PLACE - DAY)")
        }
        guard document.elements.contains(where: { if case .sceneHeading = $0 { true } else { false } }) else {
            throw ScriptError(
                file: file, line: document.elements.first?.line,
                reason: "the script has no scene heading; start each scene with one (INT. KITCHEN - NIGHT)")
        }
        var project = project
        var changes: [ScriptChange] = []
        // The title page names the film on the first import; after that the title is the person's.
        if project.script == nil, let title = Self.title(of: document), title != project.title {
            project.title = title
            changes.append(ScriptChange(kind: .title, text: title))
        }
        let (drafts, scriptCast) = Self.drafts(of: document)
        let knownBefore = Set(project.cast.map { $0.name.lowercased() })
        var known = knownBefore
        for entry in scriptCast where known.insert(entry.name.lowercased()).inserted {
            project.cast.append(entry)
            changes.append(ScriptChange(kind: .cast, text: "\(entry.name) (\(entry.kind.rawValue))"))
        }
        let speakers = Set(scriptCast.map { $0.name.lowercased() })
        let characters = SpeakerNames(
            project.cast.filter { $0.kind == .character && speakers.contains($0.name.lowercased()) })
        // Looked up once a shot: a long script names thousands of places, and the cast's own lookup walks
        // the whole list.
        let castByName = Dictionary(
            project.cast.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let matches = match(drafts, to: project.shots)
        // The fewest matched shots whose moving explains the new order are the ones reported moved.
        let matchedDrafts = drafts.indices.filter { matches[$0] != nil }
        let moved = Set(outOfOrder(matchedDrafts.compactMap { matches[$0] }).map { matchedDrafts[$0] })
        let warnings = warnings(
            before: project, matched: matchedDrafts.count, speakers: speakers,
            newCast: scriptCast.filter { !knownBefore.contains($0.name.lowercased()) },
            file: file)
        var scriptShots: [Shot] = []
        var shotChanges: [ScriptChange] = []
        var newShots: [ShotID: DraftShot] = [:]
        for (index, draft) in drafts.enumerated() {
            let prompt = draftPrompt(draft, characters: characters)
            let location = draft.location.flatMap { name in
                castByName[name.lowercased()].flatMap { $0.kind == .location ? $0.name : nil }
            }
            if let existingIndex = matches[index] {
                var shot = project.shots[existingIndex]
                var fields = update(&shot, from: draft, prompt: prompt, location: location)
                if moved.contains(index) { fields.append("moved") }
                shotChanges.append(
                    ScriptChange(
                        kind: fields.isEmpty ? .unchanged : fields == ["moved"] ? .moved : .updated,
                        shot: shot.id.rawValue,
                        label: shot.label,
                        fields: fields.isEmpty ? nil : fields, text: draft.keyText))
                scriptShots.append(shot)
            } else {
                var shot = Shot(
                    id: ShotID(serial: 1), label: "", prompt: prompt, mode: .slate, duration: 1,
                    seed: Seed.random())
                shot.notes = draft.notes.joined(separator: "\n")
                _ = update(&shot, from: draft, prompt: prompt, location: location)
                // Its label comes last, from its place in the film (`label(_:newShots:)`).
                shot.id = ShotID(serial: project.nextShotNumber)
                project.nextShotNumber += 1
                newShots[shot.id] = draft
                shotChanges.append(
                    ScriptChange(kind: .added, shot: shot.id.rawValue, label: shot.label, text: draft.keyText)
                )
                scriptShots.append(shot)
            }
        }
        let matchedIDs = Set(matches.compactMap { $0 }.map { project.shots[$0].id })
        var kept = project.shots
        for index in kept.indices where kept[index].scriptKey != nil && !matchedIDs.contains(kept[index].id) {
            if kept[index].removedFromScript != true {
                kept[index].removedFromScript = true
                shotChanges.append(
                    ScriptChange(
                        kind: .removed, shot: kept[index].id.rawValue, label: kept[index].label,
                        text: kept[index].scriptKey?.text ?? kept[index].action))
            }
        }
        project.shots = ordered(scriptShots: scriptShots, previous: kept, matched: matchedIDs)
        label(&project.shots, newShots: newShots)
        // Labels are final only now: report them as the storyboard will show them.
        let labels = Dictionary(
            project.shots.map { ($0.id.rawValue, $0.label) }, uniquingKeysWith: { first, _ in first })
        changes += shotChanges.map { change in
            var change = change
            if let id = change.shot { change.label = labels[id] ?? change.label }
            return change
        }
        return ScriptImport(project: project, changes: changes, warnings: warnings)
    }

    /// The title page's title, on one line.
    static func title(of document: ScriptDocument) -> String? {
        guard let title = document.titlePageValue("Title") else { return nil }
        let line = plainText(title)
        return line.isEmpty ? nil : line
    }

    /// The title page's author (`Author`, else `Authors`), on one line.
    public static func author(of document: ScriptDocument) -> String? {
        (document.titlePageValue("Author") ?? document.titlePageValue("Authors")).map(plainText)
    }

    /// The title page's draft date.
    public static func draftDate(of document: ScriptDocument) -> String? {
        document.titlePageValue("Draft date").map(plainText)
    }

    /// Writes the script's fields of `draft` into `shot`, returning the names of the fields that changed.
    /// The prompt, location and transition change only while they are still the ones drafted last time,
    /// and the duration only while it is an estimate; everything else of the shot's stays.
    static func update(_ shot: inout Shot, from draft: DraftShot, prompt: String, location: String?)
        -> [String]
    {
        var fields: [String] = []
        func set<Value: Equatable>(_ path: WritableKeyPath<Shot, Value>, _ value: Value, _ name: String) {
            guard shot[keyPath: path] != value else { return }
            shot[keyPath: path] = value
            fields.append(name)
        }
        set(\.action, draft.action, "action")
        set(\.dialogue, draft.dialogue, "dialogue")
        set(\.scene, draft.scene.isEmpty ? nil : draft.scene, "scene")
        let notes = draft.sceneNotes.joined(separator: "\n")
        set(\.sceneNotes, notes.isEmpty ? nil : notes, "scene notes")
        // The prompt, location and transition follow the script only while they are still what it gave.
        let key = shot.scriptKey
        if key == nil || shot.location == key?.draftedLocation {
            set(\.location, location, "location")
        }
        if key == nil || shot.transition == key?.draftedTransition ?? .cut {
            set(\.transition, draft.transition, "transition")
        }
        if key == nil || shot.prompt == key?.draftedPrompt {
            set(\.prompt, prompt, "prompt")
        }
        if shot.scriptKey == nil || shot.durationEstimated == true {
            set(\.duration, draft.estimatedDuration, "duration")
            shot.durationEstimated = true
        }
        if shot.notes.isEmpty && !draft.notes.isEmpty {
            set(\.notes, draft.notes.joined(separator: "\n"), "notes")
        }
        if shot.removedFromScript == true {
            shot.removedFromScript = nil
            fields.append("back in the script")
        }
        shot.scriptKey = ScriptKey(
            scene: draft.scene, sceneNumber: draft.sceneNumber, position: draft.position, text: draft.keyText,
            draftedPrompt: prompt, draftedTransition: draft.transition, draftedLocation: location)
        return fields
    }
}
