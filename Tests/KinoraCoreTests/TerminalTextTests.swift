import Testing

@testable import KinoraCore

@Suite struct TerminalTextTests {
    @Test func controlCharactersBecomeVisible() {
        let text = TerminalText.sanitized("a\u{1B}[31mred\u{07}\0\u{9B}2J\u{7F}\u{202E}b\tc")
        #expect(text == "a^[[31mred^G^@<U+009B>2J^?<U+202E>b c")
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) })
    }

    @Test func newlinesDependOnContext() {
        #expect(TerminalText.sanitized("a\nb") == "a ⏎ b")
        #expect(TerminalText.sanitized("a\nb", multiline: true) == "a\nb")
    }

    @Test func wideAndZeroWidthCharactersAreMeasured() {
        #expect(TerminalText.displayWidth("abc") == 3)
        #expect(TerminalText.displayWidth("火箭") == 4)
        #expect(TerminalText.displayWidth("e\u{301}") == 1)
        #expect(TerminalText.displayWidth("a\u{200B}b") == 2)
        #expect(TerminalText.truncated("火箭升空", toWidth: 5) == "火箭…")
        #expect(TerminalText.padded("火", toWidth: 4) == "火  ")
    }
}
