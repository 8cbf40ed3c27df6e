import KinoraMedia
import Testing

@testable import KinoraPreview

/// Replies recorded from real terminals to Kinora's query batch (DA1, XTVERSION, the kitty graphics
/// query, CSI 16 t, CSI 14 t, DECRQM 2026), parsed as they arrive.
@Suite struct TerminalRepliesTests {
    private func parse(_ text: String) -> TerminalReplies {
        TerminalReplies(parsing: Array(text.utf8))
    }

    @Test func xtermAsVT340() {
        let replies = parse(
            "\u{1B}P>|XTerm(379)\u{1B}\\\u{1B}[6;20;10t\u{1B}[4;480;800t\u{1B}[?2026;0$y\u{1B}[?63;1;2;4;6;9;15;16;22;28c"
        )
        #expect(replies.answered && replies.sixel && !replies.kittyGraphics)
        #expect(replies.version == "XTerm(379)")
        #expect(replies.cellSize?.width == 10 && replies.cellSize?.height == 20)
        #expect(replies.windowPixels?.width == 800 && replies.windowPixels?.height == 480)
        #expect(!replies.synchronizedOutput, "mode 2026 answered 0: not recognised")
    }

    @Test func foot() {
        let replies = parse("\u{1B}P>|foot(1.16.2)\u{1B}\\\u{1B}[6;17;8t\u{1B}[?2026;2$y\u{1B}[?62;4;22c")
        #expect(replies.sixel && replies.synchronizedOutput && replies.version == "foot(1.16.2)")
        #expect(replies.cellSize?.width == 8 && replies.cellSize?.height == 17)
    }

    @Test func kitty() {
        let replies = parse(
            "\u{1B}_Gi=31;OK\u{1B}\\\u{1B}P>|kitty(0.26.5)\u{1B}\\\u{1B}[6;21;10t\u{1B}[?2026;2$y\u{1B}[?62;c"
        )
        #expect(replies.kittyGraphics && !replies.sixel && replies.synchronizedOutput)
        #expect(replies.version == "kitty(0.26.5)")
    }

    @Test func wezTerm() {
        let replies = parse(
            "\u{1B}_Gi=31;OK\u{1B}\\\u{1B}P>|WezTerm 20230712-072601-f4abf8fd\u{1B}\\\u{1B}[?2026;2$y\u{1B}[?65;4;6;18;22c"
        )
        #expect(replies.kittyGraphics && replies.sixel && replies.version?.hasPrefix("WezTerm") == true)
    }

    @Test func tmuxAnswersForItself() {
        let replies = parse("\u{1B}P>|tmux 3.3a\u{1B}\\\u{1B}[?1;2c")
        #expect(
            replies.answered && !replies.sixel && !replies.kittyGraphics && replies.version == "tmux 3.3a")
    }

    @Test func silenceAndGarbage() {
        #expect(parse("") == TerminalReplies())
        let garbage = parse("hello\u{1B}[?\u{1B}P>|\u{07}\u{1B}[99;x\u{1B}_Gi=1;ENOENT\u{1B}\\\u{1B}")
        #expect(!garbage.answered && !garbage.sixel && !garbage.kittyGraphics && garbage.version == nil)
        let hostile = parse("\u{1B}P>|evil\u{1B}]2;title\u{07}\u{1B}\\")
        #expect(hostile.version?.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } ?? true)
    }

    @Test func theCellSizeComesFromTheKernelFirstThenTheReplies() {
        // xterm answers neither CSI 16 t nor 14 t by default, but the kernel knows its pixels.
        var xterm = parse("\u{1B}[?63;1;2;4;6;9;15;16;22;28c")
        #expect(xterm.bestCellSize == nil)
        xterm.kernelWindow = (100, 40, 800, 680)
        #expect(xterm.bestCellSize == PixelSize(width: 8, height: 17))
        var foot = parse("\u{1B}[6;20;10t\u{1B}[4;480;800t")
        foot.kernelWindow = (80, 24, 0, 0)
        #expect(
            foot.bestCellSize == PixelSize(width: 10, height: 20), "CSI 16 t when the kernel has no pixels")
        var onlyWindow = parse("\u{1B}[4;480;800t")
        onlyWindow.kernelWindow = (80, 24, 0, 0)
        #expect(onlyWindow.bestCellSize == PixelSize(width: 10, height: 20), "CSI 14 t over the cells")
        let capabilities = TerminalCapabilities.decide(
            environment: ["TERM": "xterm-256color"], replies: xterm)
        #expect(capabilities.cell == PixelSize(width: 8, height: 17) && capabilities.graphics == .sixel)
    }
}
