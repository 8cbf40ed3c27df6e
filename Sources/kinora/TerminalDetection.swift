import Foundation
import KinoraMedia
import KinoraPreview

/// What this terminal can show, decided once per run from the environment, tmux's settings and the
/// terminal's `replies` (nil when stdout is not a terminal: nothing is sent to it then).
enum TerminalDetection {
    /// The capabilities for a run, with `override` (`--graphics`) taking precedence.
    static func capabilities(replies: TerminalReplies?, override: GraphicsMode?) -> TerminalCapabilities {
        let environment = ProcessInfo.processInfo.environment
        let insideTmux = environment["TMUX"] != nil
        let passthrough =
            insideTmux
            && ["on", "all"].contains(
                ExternalProgram.firstLine(of: ["tmux", "show", "-gv", "allow-passthrough"]) ?? "")
        return TerminalCapabilities.decide(
            environment: environment, replies: replies, tmuxPassthrough: passthrough, override: override)
    }
}
