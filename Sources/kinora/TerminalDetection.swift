import Foundation
import KinoraMedia
import KinoraPreview

/// What this terminal can show, decided once per run from the environment, tmux's settings and the
/// terminal's `replies` (nil when stdout is not a terminal: nothing is sent to it then).
enum TerminalDetection {
    /// The capabilities for a run. `graphics` is `--graphics` as typed: a mode, `auto` (detect, even
    /// when KINORA_GRAPHICS says otherwise) or nil (KINORA_GRAPHICS, else detect).
    static func capabilities(replies: TerminalReplies?, graphics: String?) -> TerminalCapabilities {
        var environment = ProcessInfo.processInfo.environment
        if graphics?.lowercased() == "auto" { environment["KINORA_GRAPHICS"] = nil }
        if let value = environment["KINORA_GRAPHICS"], value.lowercased() != "auto",
            GraphicsMode(rawValue: value.lowercased()) == nil
        {
            Output.error(
                "KINORA_GRAPHICS=\(value) is not a picture mode (auto, kitty, sixel, blocks, ascii); detecting instead."
            )
        }
        let insideTmux = environment["TMUX"] != nil
        return TerminalCapabilities.decide(
            environment: environment, replies: replies, tmuxPassthrough: insideTmux && passthroughIsOn(),
            tmuxClient: insideTmux ? tmuxClient() : nil,
            override: graphics.flatMap { GraphicsMode(rawValue: $0.lowercased()) })
    }

    /// Whether tmux lets escape sequences through to the outer terminal for this pane (the pane's own
    /// setting, else its window's, session's or the global one).
    private static func passthroughIsOn() -> Bool {
        let value =
            ExternalProgram.firstLine(of: ["tmux", "show", "-Apv", "allow-passthrough"])
            ?? ExternalProgram.firstLine(of: ["tmux", "show", "-gv", "allow-passthrough"]) ?? ""
        return ["on", "all"].contains(value.trimmingCharacters(in: .whitespaces))
    }

    /// What tmux learnt of its client's terminal: its features (tmux asks the terminal itself) and name.
    private static func tmuxClient() -> TerminalCapabilities.TmuxClient? {
        guard
            let line = ExternalProgram.firstLine(of: [
                "tmux", "display", "-p", "#{client_termfeatures}|#{client_termname}",
            ]),
            line != "|"
        else { return nil }
        let parts = line.split(separator: "|", omittingEmptySubsequences: false)
        let features = parts.first?.split(separator: ",") ?? []
        let name = parts.count > 1 ? String(parts[1]) : ""
        return TerminalCapabilities.TmuxClient(
            sixel: features.contains("sixel"), kitty: name == "xterm-kitty")
    }
}
