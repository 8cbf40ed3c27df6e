import KinoraCore

extension ScriptImporter {
    /// What a person should hear about an import beyond its changes: a script that matched nothing the
    /// storyboard imported before (most likely the wrong file), and speakers that look renamed.
    static func warnings(
        before project: Project, matched: Int, speakers: Set<String>, newCast: [CastEntry], file: String
    ) -> [String] {
        var notices: [String] = []
        let imported = project.shots.filter { $0.scriptKey != nil }
        if !imported.isEmpty && matched == 0 {
            let from = project.script.map { "from \($0.file)" } ?? "before"
            notices.append(
                "nothing in \(file) matched the \(imported.count) shots imported \(from): is it the right script? "
                    + "They are kept with their takes, marked removed from the script.")
        }
        let gone = previousSpeakers(of: imported).subtracting(speakers).compactMap { speaker in
            project.cast.first { $0.kind == .character && $0.name.lowercased() == speaker }?.name
        }.sorted()
        let arrived = newCast.filter { $0.kind == .character }.map(\.name)
        if !gone.isEmpty && !arrived.isEmpty {
            let example =
                gone.count == 1 && arrived.count == 1 ? "\(gone[0]) name=\(arrived[0])" : "OLD name=NEW"
            notices.append(
                "\(arrived.joined(separator: ", ")) \(arrived.count == 1 ? "is" : "are") new to the cast and "
                    + "\(gone.joined(separator: ", ")) no longer speak\(gone.count == 1 ? "s" : ""): if one is "
                    + "the other renamed, remove the new entry, rename the old one (kinora cast set DIR \(example), "
                    + "or @ in the studio) and import again, so its pictures and shots follow.")
        }
        return notices
    }

    /// The cast names (lower-cased) of everyone who speaks in the shots an import made, read back from
    /// their dialogue lines (`MIMI (V.O.): Hello.` → `mimi`).
    static func previousSpeakers(of shots: [Shot]) -> Set<String> {
        var names = Set<String>()
        for shot in shots {
            for line in shot.dialogue.split(whereSeparator: \.isNewline) {
                guard let colon = line.range(of: ": ") else { continue }
                let speaker = line[..<colon.lowerBound].prefix { $0 != "(" && $0 != "^" }
                if let name = castName(String(speaker)) { names.insert(name.lowercased()) }
            }
        }
        return names
    }

    /// The indexes (into `sequence`) off the longest run that keeps its order: which matched shots a
    /// re-import moved, as few as explain the new order. Patience sorting, O(n log n).
    static func outOfOrder(_ sequence: [Int]) -> Set<Int> {
        var tails: [Int] = []  // index into `sequence` of the smallest tail of each run length
        var previous = [Int](repeating: -1, count: sequence.count)
        for (index, value) in sequence.enumerated() {
            var low = 0
            var high = tails.count
            while low < high {
                let middle = (low + high) / 2
                if sequence[tails[middle]] < value { low = middle + 1 } else { high = middle }
            }
            if low > 0 { previous[index] = tails[low - 1] }
            if low == tails.count { tails.append(index) } else { tails[low] = index }
        }
        var inOrder = Set<Int>()
        var cursor = tails.last ?? -1
        while cursor >= 0 {
            inOrder.insert(cursor)
            cursor = previous[cursor]
        }
        return Set(sequence.indices).subtracting(inOrder)
    }
}
