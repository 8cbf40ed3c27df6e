/// Wraps escape sequences so tmux hands them to the outer terminal: `ESC P tmux; … ESC \`, with every
/// ESC inside doubled. Only effective when tmux's `allow-passthrough` is on.
public enum TmuxPassthrough {
    /// `bytes` wrapped for passthrough.
    public static func wrap(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1B, UInt8(ascii: "P")] + Array("tmux;".utf8)
        out.reserveCapacity(bytes.count + bytes.count / 64 + 10)
        for byte in bytes {
            if byte == 0x1B { out.append(0x1B) }
            out.append(byte)
        }
        out += [0x1B, UInt8(ascii: "\\")]
        return out
    }
}
