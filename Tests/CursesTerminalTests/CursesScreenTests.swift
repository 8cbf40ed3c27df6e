import Foundation
import TermGrid
import Testing

@testable import CursesTerminal

/// The screen on a real (pseudo-)terminal: what ncurses sends is played on a model of xterm, and
/// keys are typed on the other side. Curses has one set of globals, so these run one at a time.
@Suite(.serialized) struct CursesScreenTests {
    let red = CellStyle(foreground: .rgb(255, 0, 0), background: .indexed(21))

    /// A screen of `columns` × `rows` on a new pseudo-terminal.
    func open(
        columns: Int = 40, rows: Int = 10, term: String = "xterm-256color",
        environment: [String: String] = [:]
    )
        throws -> (PseudoTerminal, CursesScreen)
    {
        let pty = try PseudoTerminal(columns: columns, rows: rows)
        do {
            var settings = environment
            settings["TERM"] = term
            let screen = try CursesScreen(input: pty.terminal, output: pty.terminal, environment: settings)
            return (pty, screen)
        } catch {
            pty.close()
            throw error
        }
    }

    /// Every key waiting, in order.
    func keys(_ screen: CursesScreen, after text: String, on pty: PseudoTerminal) -> [Key] {
        pty.type(text)
        pty.waitForInput()
        Thread.sleep(forTimeInterval: 0.05)
        var keys: [Key] = []
        while let key = screen.readKey() { keys.append(key) }
        return keys
    }

    @Test func takesTheTerminalAndDrawsColoursAndWideCharacters() throws {
        let (pty, screen) = try open()
        defer {
            screen.stop()
            pty.close()
        }
        #expect(screen.rows == 10 && screen.columns == 40)
        #expect(screen.colorDepth == .indexed256)
        #expect(screen.inputDescriptor == pty.terminal)
        #expect(
            pty.localModes & tcflag_t(ECHO | ICANON | ISIG) == 0, "raw: keys arrive one by one, Ctrl-C too")

        var grid = Grid(width: 40, height: 10)
        grid.put("Kinora 中文 storyboard", row: 0, column: 0, style: red)
        grid.put("bottom-right", row: 9, column: 28, style: CellStyle(attributes: .reverse))
        screen.draw(grid.changes(from: nil))
        screen.present(cursor: nil, pictures: [])
        var model = TerminalModel(rows: 10, columns: 40)
        try model.apply(pty.take())
        #expect(model.alternateScreen)
        #expect(!model.cursorVisible)
        #expect(model.mouseReporting)
        #expect(model.line(0) == "Kinora 中文 storyboard")
        #expect(
            model.line(9) == String(repeating: " ", count: 28) + "bottom-right",
            "the last cell did not scroll")
        #expect(model.cells[0][0].foreground == 196 && model.cells[0][0].background == 21)
        #expect(model.cells[0][8].text == "", "中 takes two cells")
        #expect(model.cells[1][0].foreground == -1 && model.cells[1][0].background == -1)

        // A one-cell change sends a cursor move and the cell, nothing more.
        var next = grid
        next.put("X", row: 5, column: 7, style: .plain)
        screen.draw(next.changes(from: grid))
        screen.present(cursor: nil, pictures: [])
        let bytes = pty.take()
        try model.apply(bytes)
        #expect(model.cells[5][7].text == "X")
        #expect(
            bytes.count <= 12,
            "\(bytes.count) bytes: \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        if ProcessInfo.processInfo.environment["KINORA_SHOW_BYTES"] != nil {
            print(
                "one-cell change: \(bytes.count) bytes \(String(decoding: bytes, as: UTF8.self).debugDescription)"
            )
        }

        // A highlight moving down a list: two changed rows.
        var moved = next
        moved.restyle(Rect(row: 0, column: 0, width: 40, height: 1)) { $0 = .plain }
        moved.restyle(Rect(row: 1, column: 0, width: 40, height: 1)) { $0 = CellStyle(attributes: .reverse) }
        screen.draw(moved.changes(from: next))
        screen.present(cursor: nil, pictures: [])
        let moveBytes = pty.take()
        try model.apply(moveBytes)
        #expect(model.cells[0][0].foreground == -1 && model.line(0) == "Kinora 中文 storyboard")
        #expect(moveBytes.count < 120, "\(moveBytes.count) bytes")
        if ProcessInfo.processInfo.environment["KINORA_SHOW_BYTES"] != nil {
            print(
                "highlight move: \(moveBytes.count) bytes \(String(decoding: moveBytes, as: UTF8.self).debugDescription)"
            )
        }

        // Nothing changed: nothing sent.
        screen.present(cursor: nil, pictures: [])
        #expect(pty.take(settle: 0.05).isEmpty)
    }

    @Test func wideCharactersReplacedOrCutKeepTheColumns() throws {
        let (pty, screen) = try open(columns: 10, rows: 3)
        defer {
            screen.stop()
            pty.close()
        }
        let cells = [
            Cell("a"), Cell("中", width: 2), Cell("", width: 0), Cell("\u{07}"), Cell(""), Cell("b"),
            Cell("文", width: 2), Cell("", width: 0), Cell("c"), Cell("字", width: 2),
        ]
        screen.draw([CellRun(row: 1, column: 0, cells: cells)])
        screen.present(cursor: nil, pictures: [])
        var model = TerminalModel(rows: 3, columns: 10)
        try model.apply(pty.take())
        #expect(model.line(1) == "a中  b文c", "a control character and an empty cell show as blanks")
        #expect(model.cells[1][9].text == " ", "a wide character that does not fit whole is a blank")
    }

    @Test func readsKeysMouseAndEscapes() throws {
        let (pty, screen) = try open()
        defer {
            screen.stop()
            pty.close()
        }
        screen.present(cursor: nil, pictures: [])
        _ = pty.take()
        #expect(screen.readKey() == nil)
        #expect(keys(screen, after: "jG ", on: pty) == [.character("j"), .character("G"), .character(" ")])
        #expect(
            keys(screen, after: "\u{1A}\u{03}\u{13}", on: pty) == [
                .control("z"), .control("c"), .control("s"),
            ])
        #expect(keys(screen, after: "\r\t\u{7F}\u{08}", on: pty) == [.enter, .tab, .backspace, .backspace])
        #expect(keys(screen, after: "中é", on: pty) == [.character("中"), .character("é")])
        #expect(keys(screen, after: "\u{1B}OA\u{1B}OB\u{1B}[15~", on: pty) == [.up, .down, .function(5)])
        #expect(keys(screen, after: "\u{1B}[A\u{1B}[1;5C\u{1B}[Z", on: pty) == [.up, .right, .backTab])
        #expect(keys(screen, after: "\u{1B}x", on: pty) == [.alt("x")])
        #expect(keys(screen, after: "\u{1B}", on: pty) == [.escape])
        #expect(keys(screen, after: "\u{1B}[200~", on: pty) == [])
        #expect(
            keys(screen, after: "\u{1B}[<0;11;6M\u{1B}[<0;11;6m", on: pty) == [.click(row: 5, column: 10)])
        #expect(
            keys(screen, after: "\u{1B}[<64;3;4M\u{1B}[<65;3;4M", on: pty)
                == [.wheelUp(row: 3, column: 2), .wheelDown(row: 3, column: 2)])
    }

    @Test func picturesGoAfterTheTextAndTheCursorComesBack() throws {
        let (pty, screen) = try open()
        defer {
            screen.stop()
            pty.close()
        }
        var grid = Grid(width: 40, height: 10)
        grid.put("under the picture", row: 5, column: 10, style: .plain)
        screen.draw(grid.changes(from: nil))
        screen.present(cursor: nil, pictures: [])
        var model = TerminalModel(rows: 10, columns: 40)
        try model.apply(pty.take())

        screen.present(cursor: nil, pictures: [PictureWrite(row: 5, column: 10, bytes: Array("PIC".utf8))])
        let bytes = pty.take()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(
            text.hasPrefix("\u{1B}[?2026h") && text.hasSuffix("\u{1B}[1;1H\u{1B}[?2026l"),
            "\(text.debugDescription)")
        #expect(text.contains("\u{1B}[6;11HPIC"))
        try model.apply(bytes)
        #expect(model.line(5).hasSuffix("PICer the picture"))

        // The picture must go: everything is repainted.
        screen.invalidate()
        screen.present(cursor: nil, pictures: [])
        try model.apply(pty.take())
        #expect(model.line(5) == String(repeating: " ", count: 10) + "under the picture")

        // The cursor for editing.
        screen.present(cursor: (row: 2, column: 3), pictures: [])
        let cursorBytes = String(decoding: pty.take(), as: UTF8.self)
        try model.apply(Array(cursorBytes.utf8))
        #expect(model.cursorVisible && model.row == 2 && model.column == 3, "\(cursorBytes.debugDescription)")
        screen.present(cursor: nil, pictures: [])
        try model.apply(pty.take())
        #expect(!model.cursorVisible)
    }

    @Test func reportsAResizeOnce() throws {
        let (pty, screen) = try open()
        defer {
            screen.stop()
            pty.close()
        }
        screen.present(cursor: nil, pictures: [])
        #expect(!screen.takeResize())
        pty.resize(columns: 60, rows: 20)
        #expect(screen.takeResize())
        #expect(screen.rows == 20 && screen.columns == 60)
        #expect(!screen.takeResize())
        _ = screen.readKey()
        var grid = Grid(width: 60, height: 20)
        grid.put("corner", row: 19, column: 54, style: .plain)
        screen.draw(grid.changes(from: nil))
        screen.present(cursor: nil, pictures: [])
        var model = TerminalModel(rows: 20, columns: 60)
        // Read until the drawing has arrived: on a loaded machine it can take longer than one settle.
        let deadline = Date().addingTimeInterval(3)
        repeat { try model.apply(pty.take()) } while !model.line(19).hasSuffix("corner") && Date() < deadline
        #expect(model.line(19).hasSuffix("corner"))
    }

    @Test func stopGivesTheTerminalBackAndASecondScreenCanStart() throws {
        let (pty, screen) = try open()
        defer { pty.close() }
        let before = pty.localModes
        screen.present(cursor: nil, pictures: [])
        #expect(throws: CursesScreen.Failure.alreadyActive) {
            _ = try CursesScreen(input: pty.terminal, output: pty.terminal, environment: ["TERM": "xterm"])
        }
        screen.stop()
        let text = String(decoding: pty.take(), as: UTF8.self)
        #expect(text.contains("\u{1B}[?1049l"), "main screen again: \(text.debugDescription)")
        #expect(text.contains("\u{1B}[?25h"), "cursor shown")
        #expect(text.contains("1000l"), "mouse off")
        #expect(pty.localModes & tcflag_t(ECHO | ICANON | ISIG) == tcflag_t(ECHO | ICANON | ISIG))
        #expect(before & tcflag_t(ECHO) == 0)
        screen.stop()
        #expect(screen.readKey() == nil)

        let again = try CursesScreen(
            input: pty.terminal, output: pty.terminal, environment: ["TERM": "xterm"])
        #expect(again.colorDepth == .ansi16)
        again.stop()
    }

    @Test func theSignalHandlersGiveTheTerminalBack() throws {
        let (pty, screen) = try open()
        defer {
            screen.stop()
            pty.close()
        }
        screen.present(cursor: nil, pictures: [])
        _ = pty.take()
        // What a SIGTERM handler does before the default action ends the process.
        TerminalRestore.release()
        let text = String(decoding: pty.take(), as: UTF8.self)
        #expect(text.contains("\u{1B}[?1049l") && text.contains("\u{1B}[?25h") && text.contains("\u{1B}[?1l"))
        #expect(pty.localModes & tcflag_t(ECHO | ICANON) == tcflag_t(ECHO | ICANON))
        TerminalRestore.release()
        #expect(pty.take(settle: 0.05).isEmpty, "only once")
    }

    @Test func pairsRunningOutKeepTheColoursOnScreenRight() throws {
        // xterm has 8 colours and 64 pairs: two frames of 40 combinations each need 80.
        let (pty, screen) = try open(columns: 8, rows: 5, term: "xterm")
        defer {
            screen.stop()
            pty.close()
        }
        #expect(screen.colorDepth == .ansi16)
        func color(_ number: Int) -> TerminalColor { number < 0 ? .standard : .ansi(UInt8(number)) }
        let first: [[(Int, Int)]] = (0..<5).map { row in (0..<8).map { ($0, row) } }
        let backgrounds = [5, 6, 7, -1]
        let second: [[(Int, Int)]] =
            (0..<4).map { row in (0..<8).map { ($0, backgrounds[row]) } } + [(0..<8).map { (-1, $0) }]
        var model = TerminalModel(rows: 5, columns: 8)
        var previous: Grid?
        for frame in [first, second] {
            var grid = Grid(width: 8, height: 5)
            for row in 0..<5 {
                for column in 0..<8 {
                    let (foreground, background) = frame[row][column]
                    grid[row, column] = Cell(
                        "x", style: CellStyle(foreground: color(foreground), background: color(background)))
                }
            }
            screen.draw(grid.changes(from: previous))
            screen.present(cursor: nil, pictures: [])
            let frameBytes = pty.take()
            if ProcessInfo.processInfo.environment["KINORA_SHOW_BYTES"] != nil {
                print(String(decoding: frameBytes, as: UTF8.self).debugDescription)
            }
            try model.apply(frameBytes)
            for row in 0..<5 {
                for column in 0..<8 {
                    let cell = model.cells[row][column]
                    let (foreground, background) = frame[row][column]
                    #expect(
                        cell.foreground == foreground && cell.background == background,
                        "\(row),\(column): \(cell.foreground)/\(cell.background), not \(foreground)/\(background)"
                    )
                }
            }
            previous = grid
        }
    }

    @Test func refusesWhatIsNotATerminal() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        #expect(throws: CursesScreen.Failure.notATerminal) {
            _ = try CursesScreen(input: ends[0], output: ends[1], environment: ["TERM": "xterm"])
        }
        #expect(throws: CursesScreen.Failure.unusableTerminal("dumb")) { _ = try open(term: "dumb") }
        let (pty, screen) = try open(term: "no-such-terminal-kinora")
        #expect(screen.rows == 10, "an unknown TERM falls back to xterm-256color")
        screen.stop()
        pty.close()
        let (monoPTY, mono) = try open(environment: ["KINORA_COLORS": "mono"])
        #expect(mono.colorDepth == .monochrome)
        mono.stop()
        monoPTY.close()
    }
}
