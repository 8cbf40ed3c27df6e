/// Existing shots (by index) listed under keys, in storyboard order, for the importer's exact passes.
/// Each list forgets the used shots at its front, so a paragraph repeated a thousand times (a refrain, a
/// script pasted twice) is not walked a thousand times over.
struct MatchCandidates {
    private var lists: [String: [Int]] = [:]
    private var starts: [String: Int] = [:]

    /// Lists `candidate` under `key`, after the ones listed before.
    mutating func add(_ candidate: Int, key: String) {
        lists[key, default: []].append(candidate)
    }

    /// The first candidate under `key` that is not in `used` and that `accepts` takes.
    mutating func first(_ key: String, used: Set<Int>, where accepts: (Int) -> Bool) -> Int? {
        guard let list = lists[key] else { return nil }
        var start = starts[key] ?? 0
        while start < list.count, used.contains(list[start]) { start += 1 }
        starts[key] = start
        return list[start...].first { !used.contains($0) && accepts($0) }
    }
}
