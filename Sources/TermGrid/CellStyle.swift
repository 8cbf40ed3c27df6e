/// How a cell looks: colours and attributes.
public struct CellStyle: Hashable, Sendable {
    /// Text attributes a terminal can show.
    public struct Attributes: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Bold or bright.
        public static let bold = Attributes(rawValue: 1 << 0)
        /// Faint.
        public static let dim = Attributes(rawValue: 1 << 1)
        /// Underlined.
        public static let underline = Attributes(rawValue: 1 << 2)
        /// Foreground and background swapped.
        public static let reverse = Attributes(rawValue: 1 << 3)
        /// Italic, where the terminal has it.
        public static let italic = Attributes(rawValue: 1 << 4)
    }

    /// The text colour.
    public var foreground: TerminalColor
    /// The cell colour.
    public var background: TerminalColor
    /// Bold, underline and the like.
    public var attributes: Attributes

    /// A style; by default the terminal's own colours and no attributes.
    public init(
        foreground: TerminalColor = .standard, background: TerminalColor = .standard,
        attributes: Attributes = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// The terminal's own colours, no attributes.
    public static let plain = CellStyle()

    /// This style with `extra` attributes added.
    public func adding(_ extra: Attributes) -> CellStyle {
        var copy = self
        copy.attributes.formUnion(extra)
        return copy
    }
}
