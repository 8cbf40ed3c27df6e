import TermGrid

// Temporary until the editing components land.
struct TextEditor: Equatable, Sendable {
    struct VisualLine: Equatable, Sendable { var text: String }
    var text: String
    init(text: String) { self.text = text }
    mutating func insert(_ more: String) { text += more }
    mutating func insertNewline() { text += "\n" }
    mutating func deleteBackward() { if !text.isEmpty { text.removeLast() } }
    mutating func deleteForward() {}
    mutating func moveLeft() {}
    mutating func moveRight() {}
    mutating func moveUp(width: Int) {}
    mutating func moveDown(width: Int) {}
    mutating func moveLineStart() {}
    mutating func moveLineEnd() {}
    mutating func moveWordLeft() {}
    mutating func moveWordRight() {}
    mutating func deleteWordBackward() {}
    mutating func deleteToLineStart() {}
    mutating func moveToStart() {}
    mutating func moveToEnd() {}
    func layout(width: Int) -> [VisualLine] { text.split(separator: "\n", omittingEmptySubsequences: false).map { VisualLine(text: String($0)) } }
    func cursorPosition(width: Int) -> (row: Int, column: Int) { (0, Grid.displayWidth(text)) }
}
enum FuzzyMatch {
    static func rank(_ query: String, _ candidates: [String]) -> [(index: Int, score: Int, positions: [Int])] {
        candidates.enumerated().filter { query.isEmpty || $0.element.contains(query) }.map { ($0.offset, 0, []) }
    }
}
public enum PathCompletion {
    public struct Entry: Equatable, Sendable { public var name: String; public var isDirectory: Bool; public init(name: String, isDirectory: Bool) { self.name = name; self.isDirectory = isDirectory } }
    struct Completion: Equatable, Sendable { var completed: String; var matches: [Entry] }
    static func split(_ typed: String) -> (directory: String, prefix: String) {
        guard let slash = typed.lastIndex(of: "/") else { return (".", typed) }
        return (String(typed[...slash]), String(typed[typed.index(after: slash)...]))
    }
    static func complete(prefix: String, entries: [Entry]) -> Completion {
        Completion(completed: prefix, matches: entries.filter { $0.name.hasPrefix(prefix) })
    }
    static func isMediaFile(_ name: String) -> Bool { true }
}
