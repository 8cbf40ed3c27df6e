import KinoraCore

extension ScriptImporter {
    /// For each draft, the index of the existing shot it continues, or `nil` for a new shot; only shots
    /// the importer made (with a script key) are candidates, each used once.
    static func match(_ drafts: [DraftShot], to shots: [Shot]) -> [Int?] {
        var result = [Int?](repeating: nil, count: drafts.count)
        var used = Set<Int>()
        let candidates = shots.indices.filter { shots[$0].scriptKey != nil }
        func sameScene(_ draft: DraftShot, _ key: ScriptKey) -> Bool {
            if let number = draft.sceneNumber, let other = key.sceneNumber { return number == other }
            return draft.scene == key.scene
        }
        func pass(_ accepts: (DraftShot, ScriptKey) -> Bool) {
            for (index, draft) in drafts.enumerated() where result[index] == nil {
                guard
                    let found = candidates.first(where: { candidate in
                        guard !used.contains(candidate), let key = shots[candidate].scriptKey else {
                            return false
                        }
                        return accepts(draft, key)
                    })
                else { continue }
                result[index] = found
                used.insert(found)
            }
        }
        pass { draft, key in sameScene(draft, key) && draft.keyText == key.text }
        pass { draft, key in draft.keyText == key.text }
        pass { draft, key in
            sameScene(draft, key) && draft.position == key.position
                && similarity(draft.keyText, key.text) >= samePlaceSimilarity
        }
        // Best pairs first, ties broken by script order then storyboard order: deterministic.
        // Each text's words are counted once, so the n·m comparisons are set intersections alone.
        let draftWords = drafts.indices.map { result[$0] == nil ? Set(words(in: drafts[$0].keyText)) : [] }
        let shotWords = Dictionary(
            uniqueKeysWithValues: candidates.filter { !used.contains($0) }.map { candidate in
                (candidate, Set(words(in: shots[candidate].scriptKey?.text ?? "")))
            })
        var pairs: [(score: Double, draft: Int, shot: Int)] = []
        for index in drafts.indices where result[index] == nil && !draftWords[index].isEmpty {
            for (candidate, words) in shotWords where !words.isEmpty {
                let shared = draftWords[index].intersection(words).count
                let score = Double(shared) / Double(draftWords[index].count + words.count - shared)
                if score >= anywhereSimilarity { pairs.append((score, index, candidate)) }
            }
        }
        pairs.sort { ($0.score, -$0.draft, -$0.shot) > ($1.score, -$1.draft, -$1.shot) }
        for pair in pairs where result[pair.draft] == nil && !used.contains(pair.shot) {
            result[pair.draft] = pair.shot
            used.insert(pair.shot)
        }
        return result
    }

    /// The film order after an import: the script's shots in script order, and every other shot (added by
    /// hand, or removed from the script) right after the shot it followed before, so it stays where it was.
    static func ordered(scriptShots: [Shot], previous: [Shot], matched: Set<ShotID>) -> [Shot] {
        var leading: [Shot] = []
        var followers: [ShotID: [Shot]] = [:]
        var anchor: ShotID?
        for shot in previous {
            if matched.contains(shot.id) {
                anchor = shot.id
            } else if let anchor {
                followers[anchor, default: []].append(shot)
            } else {
                leading.append(shot)
            }
        }
        return leading + scriptShots.flatMap { [$0] + (followers[$0.id] ?? []) }
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
