import Testing

@testable import TermGrid

@Suite("Grid drawing and diffing")
struct GridTests {
    @Test("wide graphemes take two cells and are never cut in half")
    func wideCharacters() {
        var grid = Grid(width: 6, height: 1)
        let used = grid.put("中文字", row: 0, column: 0, style: .plain, maxWidth: 5)
        #expect(used == 5)
        #expect(grid.plainText == "中文")
        #expect(grid[0, 1].isContinuation)
        #expect(grid[0, 4].text == " ")
    }

    @Test("control characters never reach the grid raw")
    func sanitises() {
        var grid = Grid(width: 20, height: 1)
        grid.put("a\u{1B}[2Jb\tc\u{200B}d", row: 0, column: 0, style: .plain)
        #expect(grid.plainText == "a^[[2Jb c d" || grid.plainText == "a^[[2Jb cd")
        #expect(!grid.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 } })
    }

    @Test("drawing over half of a wide grapheme clears the other half")
    func overwriteHalf() {
        var grid = Grid(width: 4, height: 1)
        grid.put("中", row: 0, column: 0, style: .plain)
        grid.put("x", row: 0, column: 1, style: .plain)
        #expect(grid.plainText == " x")
        #expect(!grid[0, 1].isContinuation)
    }

    @Test("the diff holds only changed cells, and nothing when nothing changed")
    func diff() {
        var before = Grid(width: 40, height: 3)
        before.put("hello", row: 1, column: 2, style: .plain)
        var after = before
        #expect(after.changes(from: before).isEmpty)
        after.put("J", row: 1, column: 2, style: .plain)
        let runs = after.changes(from: before)
        #expect(runs.count == 1)
        #expect(runs.first?.row == 1 && runs.first?.column == 2 && runs.first?.cells.count == 1)
        #expect(after.changes(from: nil).count == 3)
    }

    @Test("clip keeps drawing inside its rectangle")
    func clipping() {
        var grid = Grid(width: 10, height: 2)
        grid.clip = Rect(row: 0, column: 2, width: 3, height: 1)
        grid.put("abcdefgh", row: 0, column: 0, style: .plain)
        grid.put("zz", row: 1, column: 2, style: .plain)
        #expect(grid.plainText == "  cde\n")
    }

    @Test("key names round-trip")
    func keyNames() {
        for key: Key in [
            .character("j"), .character("G"), .control("z"), .up, .pageDown, .enter, .escape,
            .character(" "), .function(5), .backTab, .alt("x"),
        ] {
            #expect(Key(name: key.name) == key)
        }
        #expect(Key(name: "ctrl-") == nil)
    }
}
