/// Escapes text from people for XML documents (FCP 7 XML, MLT), so a prompt with `<`, `&`, quotes,
/// newlines or control characters can neither break the file nor change its structure.
enum XMLText {
    /// `text` safe inside an element or a double- or single-quoted attribute: markup characters become
    /// entities, tab/newline/carriage return become character references (so attributes keep them too), and
    /// characters XML 1.0 forbids even as references (other C0 controls such as ESC, U+FFFE, U+FFFF) become
    /// U+FFFD.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                if isAllowed(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "\u{FFFD}"
                }
            }
        }
        return out
    }

    /// What an XML parser gives back for `text` written with ``escaped(_:)``: the same text with the
    /// characters XML cannot carry replaced by U+FFFD.
    static func roundTripped(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { isAllowed($0) ? $0 : "\u{FFFD}" }))
    }

    /// Whether XML 1.0 allows `scalar` in a document at all.
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x00..<0x20: false
        case 0xFFFE, 0xFFFF: false
        default: true
        }
    }
}
