import CNCurses
import TermGrid

#if canImport(Glibc)
    import Glibc
#endif

extension CursesScreen {
    /// Reads one key without blocking; nil when none is waiting. Key codes, wide characters,
    /// control bytes (Ctrl with a letter; Tab, Enter, Escape, Backspace by name), Alt with a
    /// character (Escape then the character at once), left clicks and the wheel. A resize is not a
    /// key: it sets what ``takeResize()`` reports and reading goes on.
    public func readKey() -> Key? {
        guard !stopped else { return nil }
        while true {
            var value: wint_t = 0
            let status = wget_wch(window, &value)
            if status == ERR { return nil }
            if status == KEY_CODE_YES {
                if let key = key(forCode: Int32(bitPattern: value)) { return key }
            } else if value == 27 {
                if let key = keyAfterEscape() { return key }
            } else if let key = CursesKeyMap.key(forCharacter: value) {
                return key
            }
        }
    }

    /// True once after the window changed size (KEY_RESIZE or SIGWINCH) or the process came back
    /// from a stop; the screen is then invalidated and the app repaints everything.
    public func takeResize() -> Bool {
        guard !stopped else { return false }
        if TerminalRestore.takeRepaint() {
            // The terminal was reset while stopped: make curses' idea of the colours match.
            vid_attr(kinora_a_normal(), 0, nil)
            resizePending = true
        }
        // SIGWINCH may have come with no key read since: ask the kernel.
        var window = winsize()
        if ioctl(output, UInt(TIOCGWINSZ), &window) == 0, window.ws_row > 0, window.ws_col > 0,
            Int(window.ws_row) != rows || Int(window.ws_col) != columns
        {
            resize_term(Int32(window.ws_row), Int32(window.ws_col))
            resizePending = true
            resizeAlreadyReported = (rows, columns)
        }
        guard resizePending else { return false }
        resizePending = false
        invalidate()
        return true
    }

    /// The key for a curses key code; nil for a resize (noted) and codes with no key.
    private func key(forCode code: Int32) -> Key? {
        switch code {
        case kinora_key_resize():
            if let reported = resizeAlreadyReported, reported == size {
                resizeAlreadyReported = nil
            } else {
                resizePending = true
            }
            return nil
        case kinora_key_mouse():
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            return CursesKeyMap.key(forMouse: event.bstate, row: Int(event.y), column: Int(event.x))
        default:
            if let key = CursesKeyMap.key(forCode: code) { return key }
            guard code > KEY_MAX, let name = keyname(code) else { return nil }
            return CursesKeyMap.key(forExtendedName: String(cString: name))
        }
    }

    /// What an Escape read starts: Alt with the character that came with it, a sequence curses did
    /// not know (read whole, as the key it stands for or nothing), or Escape alone.
    private func keyAfterEscape() -> Key? {
        var value: wint_t = 0
        let status = wget_wch(window, &value)
        if status == ERR { return .escape }
        if status == KEY_CODE_YES {
            ungetch(Int32(bitPattern: value))
            return .escape
        }
        if value == UInt32(UInt8(ascii: "[")) || value == UInt32(UInt8(ascii: "O")) {
            var sequence: [UInt32] = []
            while sequence.count < 32 {
                var next: wint_t = 0
                guard wget_wch(window, &next) == OK else { break }
                sequence.append(next)
                if value == UInt32(UInt8(ascii: "O")) || (0x40...0x7E).contains(next) { break }
            }
            if sequence.isEmpty { return CursesKeyMap.key(forCharacter: value).map(Self.alt) }
            return CursesKeyMap.key(forSequence: sequence, introducer: value)
        }
        guard case .character(let character) = CursesKeyMap.key(forCharacter: value) else {
            unget_wch(wchar_t(bitPattern: value))
            return .escape
        }
        return .alt(character)
    }

    /// Alt with a typed character.
    private static func alt(_ key: Key) -> Key {
        guard case .character(let character) = key else { return key }
        return .alt(character)
    }
}
