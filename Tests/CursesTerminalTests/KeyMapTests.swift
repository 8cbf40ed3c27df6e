import TermGrid
import Testing

@testable import CursesTerminal

/// What curses reads becomes Kinora's keys. Codes are curses' own values (curses.h, in octal).
@Suite struct KeyMapTests {
    @Test func keyCodes() {
        let expected: [(Int32, Key?)] = [
            (0o403, .up), (0o402, .down), (0o404, .left), (0o405, .right), (0o406, .home), (0o550, .end),
            (0o523, .pageUp), (0o522, .pageDown), (0o513, .insert), (0o512, .delete), (0o541, .backTab),
            (0o407, .backspace), (0o527, .enter), (0o411, .function(1)), (0o415, .function(5)),
            (0o424, .function(12)), (0o425, nil), (0o410, nil), (0o632, nil), (0o611, .left),
        ]
        for (code, key) in expected {
            #expect(CursesKeyMap.key(forCode: code) == key, "code \(String(code, radix: 8))")
        }
    }

    @Test func controlBytes() {
        #expect(CursesKeyMap.key(forCharacter: 1) == .control("a"))
        #expect(CursesKeyMap.key(forCharacter: 3) == .control("c"))
        #expect(CursesKeyMap.key(forCharacter: 19) == .control("s"))
        #expect(CursesKeyMap.key(forCharacter: 26) == .control("z"))
        #expect(CursesKeyMap.key(forCharacter: 9) == .tab)
        #expect(CursesKeyMap.key(forCharacter: 13) == .enter)
        #expect(CursesKeyMap.key(forCharacter: 10) == .control("j"), "Ctrl-J, a new line in the editor")
        #expect(CursesKeyMap.key(forCharacter: 27) == .escape)
        #expect(CursesKeyMap.key(forCharacter: 127) == .backspace)
        #expect(CursesKeyMap.key(forCharacter: 8) == .backspace)
        for ignored: UInt32 in [0, 28, 29, 30, 31, 0x85, 0x9B, 0xD800] {
            #expect(CursesKeyMap.key(forCharacter: ignored) == nil, "\(ignored)")
        }
    }

    @Test func printableCharacters() {
        #expect(CursesKeyMap.key(forCharacter: 0x61) == .character("a"))
        #expect(CursesKeyMap.key(forCharacter: 0x47) == .character("G"))
        #expect(CursesKeyMap.key(forCharacter: 0x20) == .character(" "))
        #expect(CursesKeyMap.key(forCharacter: 0x4E2D) == .character("中"))
        #expect(CursesKeyMap.key(forCharacter: 0xE9) == .character("é"))
        #expect(CursesKeyMap.key(forCharacter: 0x1F3AC) == .character("🎬"))
    }

    @Test func extendedKeysLoseTheirModifiers() {
        #expect(CursesKeyMap.key(forExtendedName: "kUP5") == .up)
        #expect(CursesKeyMap.key(forExtendedName: "kLFT3") == .left)
        #expect(CursesKeyMap.key(forExtendedName: "kDC5") == .delete)
        #expect(CursesKeyMap.key(forExtendedName: "kNXT2") == .pageDown)
        #expect(CursesKeyMap.key(forExtendedName: "kUP") == nil)
        #expect(CursesKeyMap.key(forExtendedName: "kxIN") == nil)
    }

    @Test func sequencesCursesDidNotKnow() {
        func csi(_ text: String) -> Key? {
            CursesKeyMap.key(forSequence: text.unicodeScalars.map(\.value), introducer: 0x5B)
        }
        func ss3(_ text: String) -> Key? {
            CursesKeyMap.key(forSequence: text.unicodeScalars.map(\.value), introducer: 0x4F)
        }
        #expect(csi("A") == .up)
        #expect(csi("1;5A") == .up)
        #expect(csi("1;2D") == .left)
        #expect(csi("H") == .home)
        #expect(csi("15~") == .function(5))
        #expect(csi("24~") == .function(12))
        #expect(csi("3~") == .delete)
        #expect(csi("5;5~") == .pageUp)
        #expect(csi("Z") == .backTab)
        #expect(csi("200~") == nil, "paste brackets are not keys")
        #expect(csi("I") == nil, "focus reports are not keys")
        #expect(csi("<0;1;1M") == nil)
        #expect(csi("") == nil)
        #expect(ss3("P") == .function(1))
        #expect(ss3("M") == .enter)
        #expect(ss3("D") == .left)
    }

    @Test func mouseEvents() {
        // BUTTON1_RELEASED 0x1, BUTTON1_PRESSED 0x2, BUTTON1_CLICKED 0x4, BUTTON4_PRESSED 0x10000,
        // BUTTON5_PRESSED 0x200000 (ncurses mouse version 2).
        #expect(CursesKeyMap.key(forMouse: 0x2, row: 3, column: 4) == .click(row: 3, column: 4))
        #expect(CursesKeyMap.key(forMouse: 0x4, row: 0, column: 0) == .click(row: 0, column: 0))
        #expect(CursesKeyMap.key(forMouse: 0x1, row: 3, column: 4) == nil)
        #expect(CursesKeyMap.key(forMouse: 0x1_0000, row: 5, column: 6) == .wheelUp(row: 5, column: 6))
        #expect(CursesKeyMap.key(forMouse: 0x20_0000, row: 5, column: 6) == .wheelDown(row: 5, column: 6))
        #expect(CursesKeyMap.key(forMouse: 0x40, row: 5, column: 6) == nil, "button 2 is not used")
    }

    @Test func terminfoPaddingIsRemoved() {
        func strip(_ text: String) -> String {
            String(decoding: TerminalRestore.withoutPadding(Array(text.utf8)), as: UTF8.self)
        }
        #expect(strip("\u{1B}[H$<5>\u{1B}[2J") == "\u{1B}[H\u{1B}[2J")
        #expect(strip("a$<2.5*/>b") == "ab")
        #expect(strip("$") == "$")
        #expect(strip("$<abc>") == "$<abc>")
        #expect(strip("$<") == "$<")
    }
}
