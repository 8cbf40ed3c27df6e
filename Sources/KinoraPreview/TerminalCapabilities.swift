import KinoraMedia

/// What the terminal can show, decided from the environment first and then from its replies.
public struct TerminalCapabilities: Sendable, Equatable {
    /// How pictures are drawn.
    public var graphics: GraphicsMode
    /// Colours for text-cell pictures.
    public var depth: PictureRenderer.ColorDepth
    /// Inside tmux: pixel pictures must be wrapped for passthrough.
    public var insideTmux: Bool
    /// Over SSH: pictures are cached and playback keeps to a bandwidth budget.
    public var overSSH: Bool
    /// One character cell in pixels.
    public var cell: PixelSize
    /// Mode 2026 can bracket a frame so it appears at once.
    public var synchronizedOutput: Bool
    /// Why the mode was chosen, for `kinora doctor` and hints ("tmux allow-passthrough is off").
    public var reason: String
    /// What the user could change to get better pictures, worth saying once (nil when nothing).
    public var hint: String?

    /// What tmux knows of the terminal its client runs in (`client_termfeatures`, `client_termname`):
    /// inside tmux, the replies to queries are tmux's own.
    public struct TmuxClient: Sendable, Equatable {
        /// The outer terminal draws sixels.
        public var sixel: Bool
        /// The outer terminal is kitty.
        public var kitty: Bool

        /// A client that draws `sixel` or `kitty` pictures.
        public init(sixel: Bool, kitty: Bool) {
            self.sixel = sixel
            self.kitty = kitty
        }
    }

    /// Cell sizes outside these bounds are not believed (a garbled reply, a misconfigured terminal).
    static let believableCellWidths = 3...64
    /// Cell heights that are believed.
    static let believableCellHeights = 6...128

    /// Decides from `environment` (TERM, TERM_PROGRAM, COLORTERM, TMUX, KITTY_WINDOW_ID,
    /// SSH_CONNECTION, KINORA_GRAPHICS), the terminal's `replies` (nil when nothing was asked, such as
    /// when stdout is not a terminal), whether tmux lets pictures through and what its client can
    /// draw, and an explicit `override`.
    public static func decide(
        environment: [String: String], replies: TerminalReplies?, tmuxPassthrough: Bool = false,
        tmuxClient: TmuxClient? = nil, override: GraphicsMode? = nil
    ) -> TerminalCapabilities {
        let term = environment["TERM"] ?? ""
        let program = environment["TERM_PROGRAM"] ?? ""
        let colorTerm = environment["COLORTERM"] ?? ""
        let insideTmux = environment["TMUX"] != nil || term.hasPrefix("tmux") || term.hasPrefix("screen")
        let depth: PictureRenderer.ColorDepth =
            ["truecolor", "24bit"].contains(colorTerm) || term.hasSuffix("direct")
                || environment["KITTY_WINDOW_ID"] != nil
            ? .truecolor : term.contains("256color") ? .indexed256 : .indexed16
        var cell = PixelSize(width: 10, height: 20)
        if let size = replies?.bestCellSize, believableCellWidths.contains(size.width),
            believableCellHeights.contains(size.height)
        {
            cell = size
        }
        var result = TerminalCapabilities(
            graphics: .blocks, depth: depth, insideTmux: insideTmux,
            overSSH: environment["SSH_CONNECTION"] != nil,
            cell: cell, synchronizedOutput: replies?.synchronizedOutput ?? false, reason: "", hint: nil)
        if let chosen = override
            ?? environment["KINORA_GRAPHICS"].flatMap({ GraphicsMode(rawValue: $0.lowercased()) })
        {
            result.graphics = chosen
            result.reason = "asked for \(chosen.rawValue)"
            return result
        }
        if term.isEmpty || term == "dumb" {
            result.graphics = .ascii
            result.reason = "TERM is \(term.isEmpty ? "unset" : "dumb")"
            return result
        }
        var kitty = replies?.kittyGraphics ?? (environment["KITTY_WINDOW_ID"] != nil || term == "xterm-kitty")
        var sixel = replies?.sixel ?? ["foot", "mlterm"].contains(where: { term.hasPrefix($0) })
        if let tmuxClient {
            kitty = kitty || tmuxClient.kitty
            sixel = sixel || tmuxClient.sixel
        }
        let pixels: GraphicsMode? = kitty ? .kitty : sixel ? .sixel : nil
        switch (pixels, insideTmux) {
        case (let mode?, false):
            result.graphics = mode
            result.reason = "the terminal draws \(mode.rawValue) pictures"
        case (let mode?, true) where tmuxPassthrough:
            result.graphics = mode
            result.reason = "\(mode.rawValue) through tmux passthrough"
        case (_?, true):
            result.reason =
                "tmux allow-passthrough is off: `tmux set -g allow-passthrough on` lets pictures through"
            result.hint = result.reason + " (drawing blocks meanwhile)"
        case (nil, _):
            result.reason =
                "no pixel protocol answered\(program.isEmpty ? "" : " (\(program))"); using blocks"
        }
        return result
    }
}
