/// Makes text from users and files safe to print on a terminal.
///
/// Prompts may hold escape sequences, NUL or other control characters; they are stored
/// exactly as given, but nothing from them may reach a terminal raw, where it could move
/// the cursor, change colours or retitle the window.
public enum TerminalText {
    /// Returns `text` with every C0/C1 control character and DEL replaced by a visible form
    /// (`^[` for ESC, `^@` for NUL, `<U+009B>` for C1). Tabs become a space; newlines are
    /// kept when `multiline` is true and shown as `⏎` otherwise.
    public static func sanitized(_ text: String, multiline: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A:
                if multiline {
                    out.append(scalar)
                } else {
                    out.append(contentsOf: " ⏎ ".unicodeScalars)
                }
            case 0x09:
                out.append(" ")
            case 0x00..<0x20:
                out.append("^")
                out.append(Unicode.Scalar(UInt8(scalar.value + 0x40)))
            case 0x7F:
                out.append(contentsOf: "^?".unicodeScalars)
            case 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069:
                // C1 controls and bidi overrides can reorder or hide what follows.
                out.append(contentsOf: "<U+\(hex(scalar.value))>".unicodeScalars)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension TerminalText {
    /// How many terminal columns `text` takes: East Asian wide characters and most emoji take two,
    /// combining marks and zero-width characters none.
    public static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    /// The columns one scalar takes (0, 1 or 2).
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if value == 0x200B || (0xFE00...0xFE0F).contains(value) { return 0 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }

    /// `text` cut to at most `columns` display columns, ending in `…` when something was cut.
    public static func truncated(_ text: String, toWidth columns: Int) -> String {
        guard displayWidth(text) > columns else { return text }
        var out = ""
        var used = 0
        for character in text {
            let width = displayWidth(String(character))
            if used + width > columns - 1 { break }
            out.append(character)
            used += width
        }
        return out + "…"
    }

    /// `text` padded with spaces to `columns` display columns.
    public static func padded(_ text: String, toWidth columns: Int) -> String {
        text + String(repeating: " ", count: max(0, columns - displayWidth(text)))
    }
}
