import Foundation

extension Project {
    /// The index of the shot a person means by `reference`: a shot id (`s3`) or a 1-based position (`3`).
    public func shotIndex(_ reference: String, file: String) throws -> Int {
        let text = reference.trimmingCharacters(in: .whitespaces)
        if let id = ShotID(rawValue: text.lowercased()), let index = shots.firstIndex(where: { $0.id == id })
        {
            return index
        }
        if let position = Int(text), (1...shots.count).contains(position) {
            return position - 1
        }
        throw StoryboardError.unknownShot(reference: reference, file: file, count: shots.count)
    }

    /// Adds `shot` with a fresh id right after the shot at `afterIndex` (at the end when `nil`) and returns it.
    public mutating func addShot(_ shot: Shot, afterIndex: Int? = nil) -> Shot {
        var shot = shot
        shot.id = ShotID(serial: nextShotNumber)
        nextShotNumber += 1
        if shot.label.isEmpty {
            shot.label = nextLabel()
        }
        let position = afterIndex.map { $0 + 1 } ?? shots.count
        shots.insert(shot, at: position)
        return shot
    }

    /// Moves the shot at `index` to the 1-based `position` (clamped to the storyboard).
    public mutating func moveShot(at index: Int, to position: Int) {
        let shot = shots.remove(at: index)
        let target = min(max(position, 1), shots.count + 1) - 1
        shots.insert(shot, at: target)
    }

    /// A label one past the highest whole-number label so far ("1", "2", ...).
    public func nextLabel() -> String {
        let highest =
            shots.compactMap { shot in Int(shot.label.prefix { $0.isASCII && $0.isNumber }) }.max() ?? 0
        return String(highest + 1)
    }
}

/// A seed as people see it: drawn fresh for new shots and rerolls, kept small enough to read out loud.
public enum Seed {
    /// A new random seed below 2³², easy to type back ("seed 1207").
    public static func random() -> UInt64 {
        UInt64.random(in: 0..<(1 << 32))
    }
}

extension Shot {
    /// The take a person means by `reference`: an id (`t2`) or its number (`2`).
    public func take(matching reference: String) throws -> Take {
        let text = reference.trimmingCharacters(in: .whitespaces).lowercased()
        let id = TakeID(rawValue: text) ?? Int(text).flatMap { $0 > 0 ? TakeID(serial: $0) : nil }
        guard let id, let take = takes.first(where: { $0.id == id }) else {
            throw StoryboardError.unknownTake(reference: reference, shot: self.id.rawValue)
        }
        return take
    }
}
