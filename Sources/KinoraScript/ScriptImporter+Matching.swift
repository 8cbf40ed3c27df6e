import KinoraCore

extension ScriptImporter {
    /// For each draft, the index of the existing shot it continues, or `nil` for a new shot; only shots
    /// the importer made (with a script key) are candidates, each used once.
    ///
    /// Exact texts go first, looked up by key: in the same scene, then anywhere (a moved scene). The rest
    /// are scored together, best pairs first, by the share of meaningful words they have in common
    /// (``similarity(_:_:)``): a pair needs half its words shared, or a quarter when the shot sits at the
    /// paragraph's own place (its scene and position), which also earns a bonus of a quarter. So a
    /// paragraph reworded in place keeps its shot, and a close match elsewhere still beats a weak one in
    /// place. A scene is known by its number, else by its place (`INT. KITCHEN - NIGHT` and `- DAY` are
    /// the kitchen), so editing a heading's time of day does not orphan its shots. Candidates come from
    /// the paragraph's place and from the shots sharing one of its four rarest words: a long script's
    /// re-import compares each paragraph with a handful of shots, not with all of them.
    static func match(_ drafts: [DraftShot], to shots: [Shot]) -> [Int?] {
        var result = [Int?](repeating: nil, count: drafts.count)
        let candidates = shots.indices.filter { shots[$0].scriptKey != nil }
        guard !candidates.isEmpty else { return result }
        var used = Set<Int>()
        let scenes = SceneKeys()
        var byTextInScene = MatchCandidates()
        var byText = MatchCandidates()
        var byPlace = MatchCandidates()
        for candidate in candidates {
            guard let key = shots[candidate].scriptKey else { continue }
            byText.add(candidate, key: key.text)
            for scene in scenes.keys(number: key.sceneNumber, heading: key.scene) {
                byTextInScene.add(candidate, key: scene + "\u{1F}" + key.text)
                byPlace.add(candidate, key: scene + "\u{1F}\(key.position)")
            }
        }
        func sameScene(_ draft: DraftShot, _ candidate: Int) -> Bool {
            guard let key = shots[candidate].scriptKey else { return false }
            return scenes.same(number: draft.sceneNumber, draft.scene, number: key.sceneNumber, key.scene)
        }
        func samePlace(_ draft: DraftShot, _ candidate: Int) -> Bool {
            sameScene(draft, candidate) && shots[candidate].scriptKey?.position == draft.position
        }
        for (index, draft) in drafts.enumerated() {
            let keys = scenes.keys(number: draft.sceneNumber, heading: draft.scene).map {
                $0 + "\u{1F}" + draft.keyText
            }
            for key in keys {
                guard let found = byTextInScene.first(key, used: used, where: { sameScene(draft, $0) }) else {
                    continue
                }
                result[index] = found
                used.insert(found)
                break
            }
        }
        for (index, draft) in drafts.enumerated() where result[index] == nil {
            guard let found = byText.first(draft.keyText, used: used, where: { _ in true }) else { continue }
            result[index] = found
            used.insert(found)
        }
        // The rest by similarity: an index from each meaningful word to the unmatched shots that have it.
        var shotWords: [Int: Set<String>] = [:]
        var shotsWith: [String: [Int]] = [:]
        for candidate in candidates where !used.contains(candidate) {
            let words = contentWords(in: shots[candidate].scriptKey?.text ?? "")
            shotWords[candidate] = words
            for word in words { shotsWith[word, default: []].append(candidate) }
        }
        var pairs: [Pair] = []
        for (index, draft) in drafts.enumerated() where result[index] == nil {
            let words = contentWords(in: draft.keyText)
            let rarest = words.sorted { (shotsWith[$0]?.count ?? 0, $0) < (shotsWith[$1]?.count ?? 0, $1) }
            var found = Set(rarest.prefix(4).flatMap { shotsWith[$0] ?? [] })
            for key in scenes.keys(number: draft.sceneNumber, heading: draft.scene) {
                if let inPlace = byPlace.first(
                    key + "\u{1F}\(draft.position)", used: used, where: { samePlace(draft, $0) })
                {
                    found.insert(inPlace)
                }
            }
            let scored = found.compactMap { candidate -> Pair? in
                let similarity = similarity(words, shotWords[candidate] ?? [])
                let inPlace = samePlace(draft, candidate)
                guard similarity >= (inPlace ? samePlaceSimilarity : anywhereSimilarity) else { return nil }
                return Pair(score: similarity + (inPlace ? samePlaceBonus : 0), draft: index, shot: candidate)
            }
            pairs += scored.sorted(by: Pair.isBetter).prefix(3)
        }
        pairs.sort(by: Pair.isBetter)
        for pair in pairs where result[pair.draft] == nil && !used.contains(pair.shot) {
            result[pair.draft] = pair.shot
            used.insert(pair.shot)
        }
        return result
    }

    /// A paragraph and a shot it may continue, with how well they match.
    struct Pair {
        /// The similarity, with the same-place bonus.
        var score: Double
        /// The paragraph's index among the drafts.
        var draft: Int
        /// The shot's index in the storyboard.
        var shot: Int

        /// Best first: the higher score, then the shot nearest the paragraph's place in the film (a
        /// scene pasted twice pairs copy with copy), then script order, then storyboard order.
        static func isBetter(_ first: Pair, _ second: Pair) -> Bool {
            (first.score, -abs(first.draft - first.shot), -first.draft, -first.shot)
                > (second.score, -abs(second.draft - second.shot), -second.draft, -second.shot)
        }
    }

    /// The film order after an import: the script's shots in script order, and every other shot (added by
    /// hand, or removed from the script) kept with its scene: right after the shot of its scene it followed,
    /// or, when it opened its scene, right before the next one; a shot whose scene is gone entirely (or
    /// that has none) follows the shot it followed before.
    static func ordered(scriptShots: [Shot], previous: [Shot], matched: Set<ShotID>) -> [Shot] {
        func scene(_ shot: Shot) -> String? { shot.scriptKey?.scene ?? shot.scene }
        // For each shot, the next matched shot in the same run of its scene.
        var nextInScene = [ShotID?](repeating: nil, count: previous.count)
        var upcoming: ShotID?
        for index in previous.indices.reversed() {
            if index + 1 < previous.count, scene(previous[index + 1]) != scene(previous[index]) {
                upcoming = nil
            }
            nextInScene[index] = upcoming
            if matched.contains(previous[index].id) { upcoming = previous[index].id }
        }
        var leading: [Shot] = []
        var followers: [ShotID: [Shot]] = [:]
        var preceders: [ShotID: [Shot]] = [:]
        var anchor: Shot?
        for (index, shot) in previous.enumerated() {
            if matched.contains(shot.id) {
                anchor = shot
            } else if let anchor, scene(anchor) == scene(shot) {
                followers[anchor.id, default: []].append(shot)
            } else if scene(shot) != nil, let next = nextInScene[index] {
                preceders[next, default: []].append(shot)
            } else if let anchor {
                followers[anchor.id, default: []].append(shot)
            } else {
                leading.append(shot)
            }
        }
        return leading + scriptShots.flatMap { (preceders[$0.id] ?? []) + [$0] + (followers[$0.id] ?? []) }
    }

    /// Gives each new shot its label: the marker's label when `[[SHOT: label]]` gave one, else its scene's
    /// number and a letter by its place (`1A`, `1B`…; `1A.1` for scene `1A`) when the script numbers scenes, else the next number;
    /// a label another shot has gets the next free letter or number.
    static func label(_ shots: inout [Shot], newShots: [ShotID: DraftShot]) {
        var taken = Set(shots.filter { newShots[$0.id] == nil }.map { $0.label.lowercased() })
        var nextNumber =
            (shots.filter { newShots[$0.id] == nil }.compactMap {
                Int($0.label.prefix { $0.isASCII && $0.isNumber })
            }
            .max() ?? 0) + 1
        for index in shots.indices {
            guard let draft = newShots[shots[index].id] else { continue }
            var label: String
            if let marker = draft.markerLabel, !marker.isEmpty, !taken.contains(marker.lowercased()) {
                label = marker
            } else if let number = draft.sceneNumber {
                var place = draft.position
                repeat {
                    // `1A` is a number already lettered: its shots are `1A.1`, `1A.2`…
                    label = number.last?.isLetter == true ? "\(number).\(place + 1)" : number + letters(place)
                    place += 1
                } while taken.contains(label.lowercased())
            } else {
                repeat {
                    label = String(nextNumber)
                    nextNumber += 1
                } while taken.contains(label.lowercased())
            }
            taken.insert(label.lowercased())
            shots[index].label = label
        }
    }

    /// `A`…`Z`, then `AA`, `AB`…: the letter suffix for a shot's place in its scene.
    static func letters(_ place: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var value = place
        var result = ""
        repeat {
            result = String(alphabet[value % 26]) + result
            value = value / 26 - 1
        } while value >= 0
        return result
    }
}
