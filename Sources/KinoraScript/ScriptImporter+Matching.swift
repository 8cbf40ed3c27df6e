import KinoraCore

extension ScriptImporter {
    /// For each draft, the index of the existing shot it continues, or `nil` for a new shot; only shots
    /// the importer made (with a script key) are candidates, each used once. Texts and positions are
    /// looked up by key, and the fuzzy pass goes through an index of words, so only shots sharing a word
    /// are compared; each paragraph keeps its three best candidates.
    static func match(_ drafts: [DraftShot], to shots: [Shot]) -> [Int?] {
        var result = [Int?](repeating: nil, count: drafts.count)
        var used = Set<Int>()
        let candidates = shots.indices.filter { shots[$0].scriptKey != nil }
        // Scene keys: by number where the script numbers scenes, and always by heading, so a shot is found
        // under whichever rule `sameScene` applies.
        func sceneKeys(number: String?, heading: String) -> [String] {
            (number.map { ["#" + $0] } ?? []) + ["=" + heading]
        }
        var byTextInScene = MatchCandidates()
        var byText = MatchCandidates()
        var byPlace = MatchCandidates()
        for candidate in candidates {
            guard let key = shots[candidate].scriptKey else { continue }
            byText.add(candidate, key: key.text)
            for scene in sceneKeys(number: key.sceneNumber, heading: key.scene) {
                byTextInScene.add(candidate, key: scene + "\u{1F}" + key.text)
                byPlace.add(candidate, key: scene + "\u{1F}\(key.position)")
            }
        }
        func sameScene(_ draft: DraftShot, _ candidate: Int) -> Bool {
            guard let key = shots[candidate].scriptKey else { return false }
            if let number = draft.sceneNumber, let other = key.sceneNumber { return number == other }
            return draft.scene == key.scene
        }
        func pass(
            _ index: inout MatchCandidates, keys: (DraftShot) -> [String], accepts: (DraftShot, Int) -> Bool
        ) {
            for (position, draft) in drafts.enumerated() where result[position] == nil {
                for key in keys(draft) {
                    guard let found = index.first(key, used: used, where: { accepts(draft, $0) }) else {
                        continue
                    }
                    result[position] = found
                    used.insert(found)
                    break
                }
            }
        }
        pass(
            &byTextInScene,
            keys: { draft in
                sceneKeys(number: draft.sceneNumber, heading: draft.scene).map {
                    $0 + "\u{1F}" + draft.keyText
                }
            }, accepts: sameScene)
        pass(&byText, keys: { [$0.keyText] }, accepts: { _, _ in true })
        pass(
            &byPlace,
            keys: { draft in
                sceneKeys(number: draft.sceneNumber, heading: draft.scene).map {
                    $0 + "\u{1F}\(draft.position)"
                }
            },
            accepts: { draft, candidate in
                sameScene(draft, candidate)
                    && similarity(draft.keyText, shots[candidate].scriptKey?.text ?? "")
                        >= samePlaceSimilarity
            })
        // The rest by shared words: an index from each word to the unmatched shots that have it.
        var shotWordCounts: [Int: Int] = [:]
        var shotsWith: [String: [Int]] = [:]
        for candidate in candidates where !used.contains(candidate) {
            let words = Set(words(in: shots[candidate].scriptKey?.text ?? ""))
            shotWordCounts[candidate] = words.count
            for word in words { shotsWith[word, default: []].append(candidate) }
        }
        var pairs: [(score: Double, draft: Int, shot: Int)] = []
        for (index, draft) in drafts.enumerated() where result[index] == nil {
            let words = Set(words(in: draft.keyText))
            var shared: [Int: Int] = [:]
            for word in words {
                for candidate in shotsWith[word] ?? [] { shared[candidate, default: 0] += 1 }
            }
            let best = shared.compactMap { candidate, count -> (score: Double, draft: Int, shot: Int)? in
                let score = Double(count) / Double(words.count + (shotWordCounts[candidate] ?? 0) - count)
                return score >= anywhereSimilarity ? (score, index, candidate) : nil
            }
            .sorted { ($0.score, -$0.shot) > ($1.score, -$1.shot) }
            pairs += best.prefix(3)
        }
        // Best pairs first, ties broken by script order then storyboard order: deterministic.
        pairs.sort { ($0.score, -$0.draft, -$0.shot) > ($1.score, -$1.draft, -$1.shot) }
        for pair in pairs where result[pair.draft] == nil && !used.contains(pair.shot) {
            result[pair.draft] = pair.shot
            used.insert(pair.shot)
        }
        return result
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
