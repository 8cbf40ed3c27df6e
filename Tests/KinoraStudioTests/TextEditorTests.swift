import KinoraCore
import TermGrid
import Testing

@testable import KinoraStudio

@Suite("TextEditor: editing, motion and wrapped layout")
struct TextEditorTests {
    /// The texts of the rows of `editor` wrapped at `width`.
    private func rows(_ editor: TextEditor, width: Int) -> [String] {
        editor.layout(width: width).map(\.text)
    }

    @Test("Chinese text is inserted grapheme by grapheme and the cursor counts two columns each")
    func chineseInsert() {
        var editor = TextEditor()
        editor.insert("你好")
        editor.insert("世界")
        #expect(editor.text == "你好世界")
        #expect(editor.cursor == .init(line: 0, index: 4))
        #expect(editor.cursorPosition(width: 80) == (0, 8))
        editor.moveLeft()
        editor.insert("的")
        #expect(editor.text == "你好世的界")
        #expect(editor.cursorPosition(width: 80) == (0, 8))
    }

    @Test("left and right step over wide characters one at a time")
    func cursorAcrossWide() {
        var editor = TextEditor(text: "a中b")
        var columns: [Int] = [editor.cursorPosition(width: 20).column]
        for _ in 0..<3 {
            editor.moveLeft()
            columns.append(editor.cursorPosition(width: 20).column)
        }
        #expect(columns == [4, 3, 1, 0])
        editor.moveRight()
        editor.moveRight()
        #expect(editor.cursor.index == 2)
        #expect(editor.cursorPosition(width: 20).column == 3)
    }

    @Test("up and down keep the display column across CJK and ASCII lines")
    func verticalKeepsColumn() {
        var editor = TextEditor(text: "abcdef\n中文字\nxy\nabcdef")
        editor.moveCursor(to: .init(line: 0, index: 4))
        editor.moveDown(width: 80)
        // Column 4 is the start of 字.
        #expect(editor.cursor == .init(line: 1, index: 2))
        #expect(editor.cursorPosition(width: 80) == (1, 4))

        editor.moveCursor(to: .init(line: 0, index: 3))
        editor.moveDown(width: 80)
        // Column 3 falls inside 文 (columns 2 and 3): land on its start.
        #expect(editor.cursor == .init(line: 1, index: 1))
        #expect(editor.cursorPosition(width: 80).column == 2)
        editor.moveDown(width: 80)
        #expect(editor.cursor == .init(line: 2, index: 2))
        editor.moveDown(width: 80)
        // The short line did not lose the column aimed for.
        #expect(editor.cursor == .init(line: 3, index: 3))
        editor.moveUp(width: 80)
        editor.moveUp(width: 80)
        #expect(editor.cursor == .init(line: 1, index: 1))
    }

    @Test("up and down move by wrapped row inside one long line, and off the ends to start and end")
    func verticalByVisualRow() {
        var editor = TextEditor(text: "abcdefghij")
        #expect(rows(editor, width: 4) == ["abcd", "efgh", "ij"])
        editor.moveUp(width: 4)
        #expect(editor.cursor.index == 6)
        editor.moveUp(width: 4)
        #expect(editor.cursor.index == 2)
        editor.moveUp(width: 4)
        #expect(editor.cursor.index == 0)
        editor.moveDown(width: 4)
        #expect(editor.cursor.index == 6)
        editor.moveDown(width: 4)
        editor.moveDown(width: 4)
        #expect(editor.cursor.index == 10)
    }

    @Test("wrapping respects the width and never splits or edge-hangs a wide character")
    func wrappingWide() {
        let editor = TextEditor(text: "ab中文字中文字中")
        let layout = editor.layout(width: 5)
        #expect(layout.map(\.text) == ["ab中", "文字", "中文", "字中"])
        #expect(layout.map(\.columns) == [4, 4, 4, 4])

        let mixed = TextEditor(text: "Kinora 生成一个镜头，然后 pick the best take 再导出。\u{1B}[0m end")
        for width in 1...16 {
            let rows = mixed.layout(width: width)
            var next = 0
            for row in rows {
                #expect(row.range.lowerBound == next)
                next = row.range.upperBound
                let hangs = row.columns == width + 1 && row.text.last == " "
                let single = row.range.count == 1
                #expect(row.columns <= width || hangs || single, "width \(width): \(row.text)")
                #expect(row.columns == row.text.reduce(0) { $0 + TextEditor.columns(of: $1) })
            }
            #expect(next == mixed.lines[0].count)
            #expect(rows.map(\.text).joined() == mixed.text)
        }
    }

    @Test("words wrap whole; a space at the edge hangs; a full line gets a row for the cursor")
    func wordWrap() {
        #expect(rows(TextEditor(text: "hello world foo"), width: 8) == ["hello ", "world ", "foo"])
        #expect(rows(TextEditor(text: "abcd efgh"), width: 4) == ["abcd ", "efgh", ""])
        #expect(rows(TextEditor(text: "abcdefghij"), width: 4) == ["abcd", "efgh", "ij"])
        #expect(rows(TextEditor(text: "中文，中文"), width: 4) == ["中", "文，", "中文", ""])

        var full = TextEditor(text: "abcd")
        #expect(full.cursorPosition(width: 4) == (1, 0))
        full.moveLeft()
        #expect(full.cursorPosition(width: 4) == (0, 3))

        var hanging = TextEditor(text: "abcd efgh")
        hanging.moveCursor(to: .init(line: 0, index: 5))
        #expect(hanging.cursorPosition(width: 4) == (1, 0))
        hanging.moveLeft()
        // On the hanging space: kept on the last cell of the row.
        #expect(hanging.cursorPosition(width: 4) == (0, 3))
    }

    @Test("a grapheme with a combining mark is one step and one deletion")
    func combiningMarks() {
        var editor = TextEditor(text: "cafe\u{301}")
        #expect(editor.lines[0].count == 4)
        #expect(editor.cursorPosition(width: 10).column == 4)
        editor.deleteBackward()
        #expect(editor.text == "caf")

        var typed = TextEditor()
        typed.insert("e")
        typed.insert("\u{301}")
        #expect(typed.lines[0] == ["e\u{301}"])
        #expect(typed.cursor.index == 1)
        typed.deleteBackward()
        #expect(typed.isEmpty)
    }

    @Test("a lone zero-width space takes no column but is still a step")
    func zeroWidth() {
        var editor = TextEditor(text: "a\u{200B}b")
        #expect(editor.lines[0].count == 3)
        #expect(editor.layout(width: 10)[0].columns == 2)
        var positions: [Int] = []
        while editor.cursor.index > 0 {
            editor.moveLeft()
            positions.append(editor.cursor.index)
        }
        #expect(positions == [2, 1, 0])
        editor.moveRight()
        editor.moveRight()
        #expect(editor.cursorPosition(width: 10).column == 1)
        editor.deleteBackward()
        #expect(editor.text == "ab")
    }

    @Test("ESC is kept in the text and laid out as ^[, two columns, as the grid draws it")
    func escapeIsTwoColumns() {
        let editor = TextEditor(text: "a\u{1B}b")
        #expect(editor.text == "a\u{1B}b")
        #expect(editor.layout(width: 10)[0].columns == 4)
        #expect(editor.cursorPosition(width: 10).column == 4)
        #expect(TextEditor.columns(of: "\u{1B}") == 2)
        #expect(TextEditor.columns(of: "\t") == 1)
        #expect(TextEditor.columns(of: "\u{9B}") == 8)
        #expect(rows(TextEditor(text: "\u{1B}\u{1B}\u{1B}"), width: 5).map(\.count) == [2, 1])

        var grid = Grid(width: 10, height: 1)
        editor.draw(into: &grid, rect: grid.bounds, style: .plain, scroll: 0)
        #expect(grid.plainText == "a^[b")
    }

    @Test("drawing matches the layout: wide characters whole, rows scrolled, the cursor cell styled")
    func drawing() {
        var editor = TextEditor(text: "中文ab\nxyz")
        #expect(rows(editor, width: 3) == ["中", "文", "ab", "xyz", ""])
        var grid = Grid(width: 3, height: 3)
        editor.draw(into: &grid, rect: grid.bounds, style: .plain, scroll: 0)
        #expect(grid.plainText == "中\n文\nab")

        editor.moveCursor(to: .init(line: 0, index: 1))
        let cursor = CellStyle(attributes: .reverse)
        var scrolled = Grid(width: 3, height: 3)
        let top = editor.scroll(keepingCursorVisibleFrom: 2, width: 3, height: 3)
        #expect(top == 1)
        editor.draw(into: &scrolled, rect: scrolled.bounds, style: .plain, scroll: top, cursorStyle: cursor)
        #expect(scrolled.plainText == "文\nab\nxyz")
        #expect(scrolled[0, 0].style == cursor)
        #expect(scrolled[0, 1].style == cursor)
        #expect(scrolled[1, 0].style == .plain)
    }

    @Test("newlines split lines, deleting at the edges joins them, pasted CR and CRLF are newlines")
    func newlines() {
        var editor = TextEditor(text: "hello world")
        editor.moveCursor(to: .init(line: 0, index: 5))
        editor.insertNewline()
        #expect(editor.text == "hello\n world")
        #expect(editor.cursor == .init(line: 1, index: 0))
        editor.deleteBackward()
        #expect(editor.text == "hello world")
        #expect(editor.cursor == .init(line: 0, index: 5))

        editor.insert("\n")
        editor.moveUp(width: 80)
        editor.moveLineEnd()
        editor.deleteForward()
        #expect(editor.text == "hello world")
        #expect(editor.cursor == .init(line: 0, index: 5))

        var pasted = TextEditor()
        pasted.insert("one\r\ntwo\rthree\nfour")
        #expect(pasted.lines.count == 4)
        #expect(pasted.text == "one\ntwo\nthree\nfour")
        #expect(pasted.cursor == .init(line: 3, index: 4))

        var middle = TextEditor(text: "[]")
        middle.moveLeft()
        middle.insert("a\nb\nc")
        #expect(middle.text == "[a\nb\nc]")
        #expect(middle.cursor == .init(line: 2, index: 1))
        middle.deleteToLineStart()
        middle.deleteToLineStart()
        #expect(middle.text == "[a\nb]")
    }

    @Test("word motion stops at word, punctuation and script boundaries, and crosses lines")
    func wordMotion() {
        let text = "take.generate  foo_bar 世界abc"
        var editor = TextEditor(text: text)
        var lefts: [Int] = []
        for _ in 0..<8 {
            editor.moveWordLeft()
            lefts.append(editor.cursor.index)
        }
        #expect(lefts == [25, 23, 15, 5, 4, 0, 0, 0])
        var rights: [Int] = []
        for _ in 0..<7 {
            editor.moveWordRight()
            rights.append(editor.cursor.index)
        }
        #expect(rights == [4, 5, 13, 22, 25, 28, 28])

        var lines = TextEditor(text: "ab\ncd")
        lines.moveLineStart()
        lines.moveWordLeft()
        #expect(lines.cursor == .init(line: 0, index: 2))
        lines.moveWordRight()
        #expect(lines.cursor == .init(line: 1, index: 0))
    }

    @Test("Ctrl-W deletes a word back, Ctrl-U to the line start, Ctrl-K to the line end")
    func wordDeletion() {
        var editor = TextEditor(text: "a prompt for shot.one  ")
        editor.deleteWordBackward()
        #expect(editor.text == "a prompt for shot.")
        editor.deleteWordBackward()
        #expect(editor.text == "a prompt for shot")
        editor.deleteWordBackward()
        #expect(editor.text == "a prompt for ")
        editor.moveWordLeft()
        editor.deleteToLineEnd()
        #expect(editor.text == "a prompt ")
        editor.deleteToLineStart()
        #expect(editor.isEmpty)
    }

    @Test("after any edits the buffer is the one its text would make: graphemes and their widths")
    func editsMatchFreshBuffer() {
        var editor = TextEditor(text: "a\u{1B}中\n")
        editor.insert("e")
        editor.insert("\u{301}x\r\n🇺")
        editor.insert("🇸 二\t")
        editor.moveLeft()
        editor.moveLeft()
        editor.insert("\u{200B}q\nr")
        editor.moveToStart()
        editor.deleteForward()
        editor.moveWordRight()
        editor.deleteBackward()
        editor.moveToEnd()
        editor.deleteWordBackward()
        editor.moveUp(width: 3)
        editor.insertNewline()
        editor.deleteBackward()

        var fresh = TextEditor(text: editor.text)
        fresh.moveCursor(to: editor.cursor)
        #expect(fresh == editor)
        #expect(editor.text == "中\ne\u{301}x\n🇺🇸 \u{200B}q\nr")
        for width in 1...6 {
            #expect(fresh.layout(width: width) == editor.layout(width: width))
        }
    }

    @Test("a 10,000-character prompt lays out whole and the cursor lands on its last row")
    func longPrompt() {
        var prompt = ""
        var index = 0
        while prompt.count < 10_000 {
            switch index % 4 {
            case 0: prompt += "一个女人在雨中走过霓虹灯下的街道，"
            case 1: prompt += "slow dolly-in, 35mm, shallow depth of field; "
            case 2: prompt += "\u{1B}[1mbold\u{1B}[0m e\u{301}te\u{301} "
            default: prompt += "anamorphic_lens_flare_without_any_spaces_at_all_for_a_while "
            }
            index += 1
        }
        var editor = TextEditor(text: prompt)
        let layout = editor.layout(width: 80)
        #expect(layout.map(\.text).joined() == prompt)
        #expect(layout.allSatisfy { $0.columns <= 81 })
        #expect(layout.count > 10_000 / 80)
        #expect(editor.cursorPosition(width: 80).row == layout.count - 1)
        editor.moveToStart()
        #expect(editor.cursorPosition(width: 80) == (0, 0))
        editor.moveDown(width: 80)
        #expect(editor.cursorPosition(width: 80).row == 1)
    }
}
