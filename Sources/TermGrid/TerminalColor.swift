/// A colour as a theme names it; the terminal backend maps it to what the terminal can show.
public enum TerminalColor: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case standard
    /// One of the 16 ANSI colours (0–7 normal, 8–15 bright).
    case ansi(UInt8)
    /// One of the 256 indexed colours.
    case indexed(UInt8)
    /// A 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)
}

/// How many colours a terminal shows.
public enum ColorDepth: Int, Sendable, Comparable, CaseIterable {
    /// No colour at all: attributes only.
    case monochrome = 1
    /// The 16 ANSI colours (the Linux console, many remote setups).
    case ansi16 = 16
    /// The xterm 256-colour palette.
    case indexed256 = 256
    /// 24-bit colour.
    case trueColor = 16_777_216

    public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rawValue < rhs.rawValue }
}
