import Foundation
import KinoraCore

/// A script file's bytes as text: UTF-8 (a byte-order mark dropped), UTF-16 with a byte-order mark, or
/// Windows-1252 when the bytes are not UTF-8; binary files refused, so a reader never guesses at a zip.
public struct ScriptText: Sendable {
    /// The text, exactly as decoded.
    public var text: String
    /// Set when the text was not UTF-8 and was read as Windows-1252 (a Latin-1 superset).
    public var encodingWarning: String?
    /// Set when control characters (a terminal escape pasted in, a stray byte) were taken out.
    public var controlsWarning: String?

    /// What the reading guessed or changed.
    public var warnings: [String] { [encodingWarning, controlsWarning].compactMap { $0 } }

    /// The text of `data`, the file named `file` in messages.
    ///
    /// - Throws: ``ScriptError`` for a binary file (NUL bytes, or mostly control bytes).
    public init(_ data: Data, file: String) throws {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]),
            let utf16 = String(data: data, encoding: .utf16)
        {
            // Windows editors save "Unicode" as UTF-16 with a byte-order mark; its NUL bytes are not binary.
            text = utf16.hasPrefix("\u{FEFF}") ? String(utf16.dropFirst()) : utf16
            removeControls(file: file)
            return
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.contains(0) || Self.isMostlyControlBytes(bytes) {
            throw ScriptError(
                file: file,
                reason:
                    "it is a binary file, not a script; import a Fountain (plain text) or Final Draft (.fdx) file"
            )
        }
        if let utf8 = String(validating: bytes, as: UTF8.self) {
            text = utf8
        } else {
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: bytes.lazy.map(Self.windows1252Scalar))
            text = String(scalars)
            encodingWarning =
                ("\(TerminalText.sanitized(file)) is not UTF-8; it was read as Windows-1252 (Latin-1); save it as UTF-8 to be sure")
        }
        removeControls(file: file)
    }

    /// Takes out control characters, saying where the first one was.
    private mutating func removeControls(file: String) {
        guard text.unicodeScalars.contains(where: Self.isControl) else { return }
        let firstLine = 1 + text.unicodeScalars.prefix { !Self.isControl($0) }.filter { $0 == "\n" }.count
        text = Self.withoutControls(text)
        controlsWarning =
            ("\(TerminalText.sanitized(file)), line \(firstLine): control characters (such as terminal escapes) were taken out")
    }

    /// `text` without control characters other than tab, line ends and form feed: a script has no use for
    /// them, and an escape sequence kept in a prompt or a name would reach every terminal that shows it.
    static func withoutControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: text.unicodeScalars.filter { !isControl($0) })
        return String(kept)
    }

    /// C0 and C1 controls and DEL, except the tab, line ends and form feed a text file may hold.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0C, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// Whether more than one byte in ten (of the first 64 KB) is a control byte no text file holds.
    private static func isMostlyControlBytes(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(65_536)
        guard !sample.isEmpty else { return false }
        let controls = sample.reduce(0) { count, byte in
            byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C ? count + 1 : count
        }
        return controls * 10 > sample.count
    }

    /// The characters Windows-1252 puts at 0x80–0x9F; Latin-1 (the same as Unicode) elsewhere.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// The Unicode scalar of one Windows-1252 byte.
    private static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        let value = (0x80...0x9F).contains(byte) ? windows1252High[Int(byte) - 0x80] : UInt32(byte)
        return Unicode.Scalar(value) ?? "?"
    }
}
