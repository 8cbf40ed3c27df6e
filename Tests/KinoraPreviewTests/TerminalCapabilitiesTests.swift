import Testing

@testable import KinoraPreview

@Suite struct TerminalCapabilitiesTests {
    private func replies(_ text: String) -> TerminalReplies { TerminalReplies(parsing: Array(text.utf8)) }

    @Test func repliesDecideThePixelProtocol() {
        let xterm = TerminalCapabilities.decide(
            environment: ["TERM": "xterm-256color"], replies: replies("\u{1B}[6;20;10t\u{1B}[?63;4;22c"))
        #expect(xterm.graphics == .sixel && xterm.depth == .indexed256 && xterm.cell.height == 20)
        let kitty = TerminalCapabilities.decide(
            environment: ["TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"],
            replies: replies("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[?62;c"))
        #expect(kitty.graphics == .kitty && kitty.depth == .truecolor)
        let plain = TerminalCapabilities.decide(
            environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor"],
            replies: replies("\u{1B}[?62;22c"))
        #expect(plain.graphics == .blocks && plain.depth == .truecolor)
    }

    @Test func tmuxNeedsPassthroughAndSaysHow() {
        let environment = ["TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"]
        let off = TerminalCapabilities.decide(environment: environment, replies: replies("\u{1B}[?1;2;4c"))
        #expect(off.graphics == .blocks && off.insideTmux)
        #expect(off.reason.contains("allow-passthrough"))
        let on = TerminalCapabilities.decide(
            environment: environment, replies: replies("\u{1B}[?1;2;4c"), tmuxPassthrough: true)
        #expect(on.graphics == .sixel)
    }

    @Test func environmentAloneAndOverrides() {
        #expect(TerminalCapabilities.decide(environment: ["TERM": "dumb"], replies: nil).graphics == .ascii)
        #expect(TerminalCapabilities.decide(environment: [:], replies: nil).graphics == .ascii)
        #expect(TerminalCapabilities.decide(environment: ["TERM": "foot"], replies: nil).graphics == .sixel)
        let forced = TerminalCapabilities.decide(
            environment: ["TERM": "xterm", "KINORA_GRAPHICS": "ascii"], replies: replies("\u{1B}[?63;4c"))
        #expect(forced.graphics == .ascii)
        let flag = TerminalCapabilities.decide(
            environment: ["TERM": "xterm", "KINORA_GRAPHICS": "ascii"], replies: nil, override: .kitty)
        #expect(flag.graphics == .kitty, "--graphics wins over the environment variable")
        let ssh = TerminalCapabilities.decide(
            environment: ["TERM": "xterm", "SSH_CONNECTION": "1 2 3 4"], replies: nil)
        #expect(ssh.overSSH && ssh.depth == .indexed16)
    }

    @Test func passthroughDoublesEveryEscape() {
        let wrapped = TmuxPassthrough.wrap(Array("\u{1B}Pq#0\u{1B}\\".utf8))
        #expect(wrapped == Array("\u{1B}Ptmux;\u{1B}\u{1B}Pq#0\u{1B}\u{1B}\\\u{1B}\\".utf8))
    }
}
