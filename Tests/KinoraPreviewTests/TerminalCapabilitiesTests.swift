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

    @Test func insideTmuxTheClientsFeaturesCountNotTmuxsOwnAnswer() {
        let environment = ["TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"]
        // tmux answers DA1 itself, without sixel; it knows its client's terminal draws them.
        let tmuxAnswer = replies("\u{1B}[?1;2c")
        let client = TerminalCapabilities.TmuxClient(sixel: true, kitty: false)
        let on = TerminalCapabilities.decide(
            environment: environment, replies: tmuxAnswer, tmuxPassthrough: true, tmuxClient: client)
        #expect(on.graphics == .sixel)
        let off = TerminalCapabilities.decide(
            environment: environment, replies: tmuxAnswer, tmuxClient: client)
        #expect(off.graphics == .blocks && off.hint?.contains("set -g allow-passthrough on") == true)
        let plain = TerminalCapabilities.decide(
            environment: environment, replies: tmuxAnswer, tmuxClient: .init(sixel: false, kitty: false))
        #expect(plain.hint == nil, "no hint when the terminal outside draws no pictures anyway")
        #expect(
            !TerminalProbe.queries(insideTmux: true).contains(UInt8(ascii: "_")),
            "no APC: tmux would title the pane")
    }

    @Test func unbelievableCellSizesAreIgnored() {
        let garbage = TerminalCapabilities.decide(
            environment: ["TERM": "xterm"], replies: replies("\u{1B}[6;5000;5000t\u{1B}[?62c"))
        #expect(garbage.cell == .init(width: 10, height: 20), "\(garbage.cell)")
        var huge = replies("\u{1B}[?62c")
        huge.kernelWindow = (80, 24, 80 * 300, 24 * 300)
        #expect(TerminalCapabilities.decide(environment: ["TERM": "xterm"], replies: huge).cell.width == 10)
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
