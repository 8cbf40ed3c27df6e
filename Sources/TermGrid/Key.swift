/// A key press or a mouse action, as the terminal backend reads it.
public enum Key: Hashable, Sendable {
    /// A printable character (letters keep their case: `G` is shift-g).
    case character(Character)
    /// Ctrl with a letter (lower case): Ctrl-Z is `.control("z")`.
    case control(Character)
    /// Alt (Meta) with a character.
    case alt(Character)
    /// Arrow keys.
    case up, down, left, right
    /// Navigation keys.
    case home, end, pageUp, pageDown, insert, delete
    /// Enter, Escape, Tab, Shift-Tab, Backspace.
    case enter, escape, tab, backTab, backspace
    /// F1–F12.
    case function(Int)
    /// A mouse button pressed at a cell.
    case click(row: Int, column: Int)
    /// The wheel turned up or down over a cell.
    case wheelUp(row: Int, column: Int)
    /// The wheel turned down over a cell.
    case wheelDown(row: Int, column: Int)

    /// The key's name in keymaps and help: `j`, `G`, `ctrl-z`, `alt-x`, `up`, `enter`, `space`, `f5`.
    public var name: String {
        switch self {
        case .character(" "): "space"
        case .character(let character): String(character)
        case .control(let character): "ctrl-\(character)"
        case .alt(let character): "alt-\(character)"
        case .up: "up"
        case .down: "down"
        case .left: "left"
        case .right: "right"
        case .home: "home"
        case .end: "end"
        case .pageUp: "pageup"
        case .pageDown: "pagedown"
        case .insert: "insert"
        case .delete: "delete"
        case .enter: "enter"
        case .escape: "esc"
        case .tab: "tab"
        case .backTab: "shift-tab"
        case .backspace: "backspace"
        case .function(let number): "f\(number)"
        case .click: "click"
        case .wheelUp: "wheelup"
        case .wheelDown: "wheeldown"
        }
    }

    /// The key a keymap names (the inverse of ``name``); nil for a name no key has.
    public init?(name: String) {
        let lower = name.lowercased()
        let named: [String: Key] = [
            "space": .character(" "), "up": .up, "down": .down, "left": .left, "right": .right,
            "home": .home, "end": .end, "pageup": .pageUp, "pagedown": .pageDown, "insert": .insert,
            "delete": .delete, "del": .delete, "enter": .enter, "return": .enter, "esc": .escape,
            "escape": .escape, "tab": .tab, "shift-tab": .backTab, "backtab": .backTab,
            "backspace": .backspace,
        ]
        if name.count == 1, let character = name.first {
            self = .character(character)
        } else if let key = named[lower] {
            self = key
        } else if lower.hasPrefix("ctrl-"), lower.count == 6, let character = lower.last,
            character.isASCII, character.isLetter
        {
            self = .control(character)
        } else if lower.hasPrefix("alt-"), name.count == 5, let character = name.last {
            self = .alt(character)
        } else if lower.hasPrefix("f"), let number = Int(lower.dropFirst()), (1...12).contains(number) {
            self = .function(number)
        } else {
            return nil
        }
    }

    /// The character typed, for keys that insert text.
    public var typedCharacter: Character? {
        if case .character(let character) = self { return character }
        return nil
    }
}
