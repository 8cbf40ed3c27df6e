import Foundation
import KinoraCore

/// Everything `kinora` prints goes through here, so text from storyboards is sanitised on its way to the
/// terminal and JSON is always written the same way.
enum Output {
    /// Prints text that may hold user or file content, made safe for a terminal.
    static func line(_ text: String) {
        print(TerminalText.sanitized(text, multiline: true))
    }

    /// Prints an error on stderr, made safe for a terminal.
    static func error(_ text: String) {
        let safe = TerminalText.sanitized(text, multiline: true)
        FileHandle.standardError.write(Data("kinora: \(safe)\n".utf8))
    }

    /// Prints a value as pretty JSON with stable key order; JSON escapes control characters, so this is
    /// safe on a terminal too.
    static func json<Value: Encodable>(_ value: Value) throws {
        FileHandle.standardOutput.write(try StoryboardCodec.encodeJSON(value))
    }

    /// Whether stdout is a terminal (for progress bars and colour).
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The terminal's width in columns, or 100 when stdout is not a terminal.
    static var columns: Int { columns(of: STDOUT_FILENO) ?? 100 }

    /// The width in columns of the terminal on `descriptor`, or `nil` when it is not one.
    static func columns(of descriptor: Int32) -> Int? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// The height in rows of the terminal on `descriptor`, or `nil` when it is not one.
    static func rows(of descriptor: Int32) -> Int? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
        return Int(size.ws_row)
    }

    /// `12.5s` or `1:02.0` for a duration in seconds.
    static func seconds(_ value: Double) -> String {
        if value < 60 { return String(format: "%.1fs", value) }
        return String(format: "%d:%04.1f", Int(value) / 60, value.truncatingRemainder(dividingBy: 60))
    }
}
