import CNCurses
import TermGrid

/// What curses reads, as Kinora's keys: key codes, characters and control bytes, the names of
/// extended keys, and mouse events.
enum CursesKeyMap {
    /// The key for a curses key code (what get_wch returns with KEY_CODE_YES); nil for codes Kinora
    /// has no key for. Shifted and keypad variants count as the plain key.
    static func key(forCode code: Int32) -> Key? {
        if code >= KEY_F0 + 1 && code <= KEY_F0 + 12 { return .function(Int(code - KEY_F0)) }
        return codes[code]
    }

    /// Key codes and their keys.
    private static let codes: [Int32: Key] = [
        KEY_UP: .up, KEY_DOWN: .down, KEY_LEFT: .left, KEY_RIGHT: .right,
        KEY_SLEFT: .left, KEY_SRIGHT: .right, KEY_SR: .up, KEY_SF: .down,
        KEY_HOME: .home, KEY_END: .end, KEY_SHOME: .home, KEY_SEND: .end, KEY_FIND: .home, KEY_SELECT: .end,
        KEY_PPAGE: .pageUp, KEY_NPAGE: .pageDown, KEY_SPREVIOUS: .pageUp, KEY_SNEXT: .pageDown,
        KEY_IC: .insert, KEY_DC: .delete, KEY_SDC: .delete, KEY_SIC: .insert,
        KEY_BTAB: .backTab, KEY_BACKSPACE: .backspace, KEY_ENTER: .enter,
        // The keypad's corners and centre, when it sends them.
        KEY_A1: .home, KEY_A3: .pageUp, KEY_C1: .end, KEY_C3: .pageDown,
    ]

    /// The key for an extended key's terminfo name (keyname of a code past KEY_MAX), such as `kUP5`
    /// for Ctrl-Up: the plain key, since Kinora's keys carry no modifiers besides Ctrl and Alt on
    /// characters.
    static func key(forExtendedName name: String) -> Key? {
        let base = String(name.prefix { !$0.isNumber })
        guard name.count > base.count, name.dropFirst(base.count).allSatisfy(\.isNumber) else { return nil }
        let keys: [String: Key] = [
            "kUP": .up, "kDN": .down, "kLFT": .left, "kRIT": .right, "kHOM": .home, "kEND": .end,
            "kPRV": .pageUp, "kNXT": .pageDown, "kIC": .insert, "kDC": .delete,
        ]
        return keys[base]
    }

    /// The key for an escape sequence curses did not recognise, given what followed ESC: the
    /// introducer (`[` for CSI, `O` for SS3) and the rest up to the final byte. Modifiers are dropped
    /// (Ctrl-Up is Up); nil for sequences that are not keys (replies, paste brackets, focus).
    static func key(forSequence sequence: [UInt32], introducer: UInt32) -> Key? {
        guard let last = sequence.last, let final = Unicode.Scalar(last) else { return nil }
        let letters: [Unicode.Scalar: Key] = [
            "A": .up, "B": .down, "C": .right, "D": .left, "H": .home, "F": .end,
            "P": .function(1), "Q": .function(2), "R": .function(3), "S": .function(4),
        ]
        if introducer == UInt32(UInt8(ascii: "O")) {
            return final == "M" ? .enter : letters[final]
        }
        let parameters = String(String.UnicodeScalarView(sequence.dropLast().compactMap(Unicode.Scalar.init)))
        guard parameters.allSatisfy({ $0.isNumber || $0 == ";" }) else { return nil }
        if final == "Z" { return .backTab }
        if final != "~" { return letters[final] }
        let tilde: [Int: Key] = [
            1: .home, 7: .home, 2: .insert, 3: .delete, 4: .end, 8: .end, 5: .pageUp, 6: .pageDown,
            11: .function(1), 12: .function(2), 13: .function(3), 14: .function(4), 15: .function(5),
            17: .function(6), 18: .function(7), 19: .function(8), 20: .function(9), 21: .function(10),
            23: .function(11), 24: .function(12),
        ]
        return parameters.split(separator: ";").first.flatMap { Int($0) }.flatMap { tilde[$0] }
    }

    /// The key for a character get_wch read: printable characters as they are, control bytes as
    /// Ctrl with their letter (except Tab, Enter (CR), Escape and Backspace); nil for bytes no key
    /// stands for (NUL, Ctrl-\ and friends, C1 controls, surrogates).
    static func key(forCharacter value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        // With nonl(), Enter sends CR; LF is Ctrl-J (a new line in the prompt editor).
        case 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26:
            guard let letter = Unicode.Scalar(value + 0x60) else { return nil }
            return .control(Character(letter))
        case 0..<32, 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// The key a mouse event stands for: a left press or click, or the wheel; nil for the rest
    /// (releases, other buttons). `row` and `column` are the cell.
    static func key(forMouse state: mmask_t, row: Int, column: Int) -> Key? {
        if state & (kinora_button1_pressed() | kinora_button1_clicked()) != 0 {
            return .click(row: row, column: column)
        }
        if state & kinora_button4_pressed() != 0 { return .wheelUp(row: row, column: column) }
        if state & kinora_button5_pressed() != 0 { return .wheelDown(row: row, column: column) }
        return nil
    }

    /// The mouse events Kinora asks for: left button and wheel.
    static var mouseEvents: mmask_t {
        kinora_button1_pressed() | kinora_button1_released() | kinora_button1_clicked()
            | kinora_button4_pressed()
            | kinora_button5_pressed()
    }
}
