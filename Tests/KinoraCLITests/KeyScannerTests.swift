import Testing

@testable import kinora

/// The playback session's key reading: the keys that stop it, never the terminal's replies.
@Suite struct KeyScannerTests {
    @Test func stopKeysAreKeysNotReplies() {
        var keys = KeyScanner()
        #expect(keys.stopKey(in: Array("q".utf8)) == .quit)
        #expect(keys.stopKey(in: [0x03]) == .interrupt)
        #expect(keys.stopKey(in: [0x1B]) == nil, "a lone ESC may be the start of a late reply")
        #expect(keys.stopKey(in: Array("[?62;4c".utf8)) == nil, "the rest of a reply split across reads")
        #expect(keys.stopKey(in: Array("\u{1B}P>|XTerm(379) q\u{1B}".utf8)) == nil, "a q inside a DCS reply")
        #expect(keys.stopKey(in: Array("\\".utf8)) == nil)
        #expect(keys.stopKey(in: Array("\u{1B}[A q".utf8)) == .quit, "an arrow key, then q")
        #expect(keys.stopKey(in: Array(" x".utf8)) == nil)
    }
}
