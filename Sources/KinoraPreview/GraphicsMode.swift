/// How pictures reach the terminal, best first.
public enum GraphicsMode: String, Sendable, CaseIterable, Codable {
    /// The kitty graphics protocol: real pixels, sent once and placed again.
    case kitty
    /// Sixel: real pixels, in xterm (vt340), foot, WezTerm, mlterm, and tmux with passthrough.
    case sixel
    /// Half and quadrant block symbols in colour: works in any colour terminal and font.
    case blocks
    /// Plain ASCII characters, for dumb terminals and logs.
    case ascii
}
