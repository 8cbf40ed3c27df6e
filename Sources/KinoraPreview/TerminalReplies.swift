import Foundation
import KinoraMedia

/// What a terminal said about itself in answer to Kinora's batch of queries (DA1, XTVERSION, the kitty
/// graphics query, XTSMGRAPHICS, the cell size and DECRQM 2026), parsed from the raw reply bytes.
///
/// Parsing is pure so it can be tested on replies recorded from real terminals; unknown or garbled
/// bytes are skipped, never trusted.
public struct TerminalReplies: Sendable, Equatable {
    /// DA1 listed attribute 4: the terminal draws sixels.
    public var sixel = false
    /// The kitty graphics query was answered `OK`.
    public var kittyGraphics = false
    /// The terminal's name and version from XTVERSION (`XTerm(379)`, `foot(1.16.2)` ...).
    public var version: String?
    /// Sixel colour registers from XTSMGRAPHICS, when reported.
    public var sixelColors: Int?
    /// The size of one character cell in pixels (width, height), from `CSI 16 t`.
    public var cellSize: (width: Int, height: Int)?
    /// The text area in pixels (width, height), from `CSI 14 t`.
    public var windowPixels: (width: Int, height: Int)?
    /// The text area the kernel knows (TIOCGWINSZ): cells, and pixels when the terminal reports them.
    public var kernelWindow: (columns: Int, rows: Int, pixelWidth: Int, pixelHeight: Int)?
    /// Synchronized output (mode 2026) is supported.
    public var synchronizedOutput = false
    /// DA1 was answered at all: the terminal is listening.
    public var answered = false

    /// Equality ignoring tuple labels.
    public static func == (lhs: TerminalReplies, rhs: TerminalReplies) -> Bool {
        lhs.sixel == rhs.sixel && lhs.kittyGraphics == rhs.kittyGraphics && lhs.version == rhs.version
            && lhs.sixelColors == rhs.sixelColors && lhs.cellSize?.width == rhs.cellSize?.width
            && lhs.cellSize?.height == rhs.cellSize?.height
            && lhs.windowPixels?.width == rhs.windowPixels?.width
            && lhs.windowPixels?.height == rhs.windowPixels?.height
            && lhs.synchronizedOutput == rhs.synchronizedOutput && lhs.answered == rhs.answered
            && lhs.kernelWindow.map { [$0.columns, $0.rows, $0.pixelWidth, $0.pixelHeight] }
                == rhs.kernelWindow.map { [$0.columns, $0.rows, $0.pixelWidth, $0.pixelHeight] }
    }

    /// The size of one cell in pixels from the best source: the kernel's window size when it has
    /// pixels (no round trip, and terminals such as xterm do not answer `CSI 16 t` by default), then
    /// `CSI 16 t`, then the text area's pixels (`CSI 14 t`) over its cells.
    public var bestCellSize: PixelSize? {
        if let window = kernelWindow, window.pixelWidth > 0, window.pixelHeight > 0, window.columns > 0,
            window.rows > 0
        {
            return PixelSize(
                width: window.pixelWidth / window.columns, height: window.pixelHeight / window.rows)
        }
        if let cellSize { return PixelSize(width: cellSize.width, height: cellSize.height) }
        if let pixels = windowPixels, let window = kernelWindow, window.columns > 0, window.rows > 0 {
            return PixelSize(width: pixels.width / window.columns, height: pixels.height / window.rows)
        }
        return nil
    }

    /// No replies.
    public init() {}

    /// Parses every reply found in `bytes`.
    public init(parsing bytes: [UInt8]) {
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x1B, index + 1 < bytes.count else {
                index += 1
                continue
            }
            switch bytes[index + 1] {
            case UInt8(ascii: "["):
                index = parseCSI(bytes, from: index + 2)
            case UInt8(ascii: "P"), UInt8(ascii: "_"):
                index = parseString(bytes, from: index + 2, kind: bytes[index + 1])
            default:
                index += 1
            }
        }
    }

    /// Reads one CSI reply; returns where the next one may start.
    private mutating func parseCSI(_ bytes: [UInt8], from start: Int) -> Int {
        var end = start
        // Parameters and intermediates are 0x20–0x3F; the final byte is 0x40–0x7E.
        while end < bytes.count, (0x20...0x3F).contains(bytes[end]) { end += 1 }
        guard end < bytes.count, (0x40...0x7E).contains(bytes[end]) else { return end }
        let body = String(decoding: bytes[start..<end], as: UTF8.self)
        let final = Character(UnicodeScalar(bytes[end]))
        let numbers = body.trimmingCharacters(in: .init(charactersIn: "?$")).split(separator: ";").map {
            Int($0)
        }
        switch final {
        case "c" where body.hasPrefix("?"):
            answered = true
            sixel = numbers.contains(4)
        case "t" where numbers.count == 3 && numbers[0] == 6:
            if let height = numbers[1], let width = numbers[2], width > 0, height > 0 {
                cellSize = (width, height)
            }
        case "t" where numbers.count == 3 && numbers[0] == 4:
            if let height = numbers[1], let width = numbers[2], width > 0, height > 0 {
                windowPixels = (width, height)
            }
        case "y" where body.hasPrefix("?2026;"):
            // DECRPM: 1 set, 2 reset (both mean supported); 0 not recognised, 4 permanently reset.
            synchronizedOutput = numbers.count == 2 && [1, 2].contains(numbers[1] ?? 0)
        case "S" where body.hasPrefix("?1;0;"):
            sixelColors = numbers.count == 3 ? numbers[2] : nil
        default:
            break
        }
        return end + 1
    }

    /// Reads one DCS (`ESC P`) or APC (`ESC _`) reply up to its terminator (ST: `ESC \` or BEL).
    private mutating func parseString(_ bytes: [UInt8], from start: Int, kind: UInt8) -> Int {
        var end = start
        while end < bytes.count, bytes[end] != 0x07,
            !(bytes[end] == 0x1B && end + 1 < bytes.count && bytes[end + 1] == 0x5C)
        {
            end += 1
        }
        let body = String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self)
        if kind == UInt8(ascii: "P"), body.hasPrefix(">|") {
            let name = body.dropFirst(2).filter { $0.isASCII && !$0.isASCIIControl }
            version = name.isEmpty ? nil : String(name.prefix(64))
        } else if kind == UInt8(ascii: "_"), body.hasPrefix("G"), body.contains(";OK") {
            kittyGraphics = true
        }
        return end >= bytes.count ? end : (bytes[end] == 0x07 ? end + 1 : end + 2)
    }
}

extension Character {
    fileprivate var isASCIIControl: Bool { asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false }
}
