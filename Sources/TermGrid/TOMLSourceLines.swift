import TOMLKit

/// A TOML file's text, line by line, for saying where something is.
///
/// TOMLKit reads a whole document and keeps no positions for values, so the line of a key is
/// found by letting TOMLKit read ever longer beginnings of the file until the key appears. That
/// costs a read per line, so it is done only for an error, never to read a file that is fine.
struct TOMLSourceLines: Sendable, Equatable {
    /// The lines as written (a `\r` before the newline is kept, so the text can be put together
    /// again exactly).
    let lines: [String]

    /// Splits `text` at its newlines.
    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The number of lines.
    var count: Int { lines.count }

    /// Line `number` (counting from 1) without its line ending; empty past the end.
    func line(_ number: Int) -> String {
        guard lines.indices.contains(number - 1) else { return "" }
        let line = lines[number - 1]
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }

    /// The document with lines `first` through `last` (counting from 1) replaced by `replacement`.
    func replacing(_ first: Int, through last: Int, with replacement: String) -> String {
        let before = lines.prefix(max(0, first - 1))
        let after = lines.dropFirst(min(lines.count, last))
        return (before + [replacement] + after).joined(separator: "\n")
    }

    /// The first `count` lines read as a document; nil when they are not one by themselves (they
    /// end inside a list or a string, say).
    func table(ofFirst count: Int) -> TOMLTable? {
        try? TOMLParse.table(lines.prefix(count).joined(separator: "\n")).get()
    }

    /// The line, counting from 1, that defines `path`: the first beginning of the file that reads
    /// as TOML and holds the key (for a value over several lines, the line it ends on). Only lines
    /// before `limit` are looked at, when it is given.
    func line(of path: [String], before limit: Int? = nil) -> Int? {
        guard !path.isEmpty else { return nil }
        let last = min(count, (limit ?? count + 1) - 1)
        guard last >= 1 else { return nil }
        for number in 1...last {
            if let table = table(ofFirst: number), Self.holds(table, path) { return number }
        }
        return nil
    }

    /// The table that keys written after the first `count` lines go into (the last `[header]`
    /// before them), as a key path; nil when that cannot be told.
    func currentTable(afterFirst count: Int) -> [String]? {
        let probe = "kinora-probe-\(count)"
        let text = (lines.prefix(count) + ["\(probe) = 0"]).joined(separator: "\n")
        guard let table = try? TOMLParse.table(text).get() else { return nil }
        return Self.path(to: probe, in: table)
    }

    /// Whether `table` holds a value at `path`.
    static func holds(_ table: TOMLTable, _ path: [String]) -> Bool {
        var current = table
        for (index, part) in path.enumerated() {
            guard let value = current[part] else { return false }
            if index == path.count - 1 { return true }
            guard let next = value.table else { return false }
            current = next
        }
        return false
    }

    /// The path of the table holding the key `probe`, searching tables depth first.
    private static func path(to probe: String, in table: TOMLTable) -> [String]? {
        if table[probe] != nil { return [] }
        for key in table.keys {
            guard let child = table[key]?.table, let rest = path(to: probe, in: child) else { continue }
            return [key] + rest
        }
        return nil
    }
}
