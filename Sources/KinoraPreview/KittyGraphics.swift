import CZlib
import Foundation
import KinoraMedia

/// The kitty graphics protocol: pictures are transmitted once under an id (zlib-compressed RGB) and
/// then placed, moved and removed by id, so showing a picture again costs a few bytes.
///
/// Re-transmitting an id deletes the image and all its placements, so a changing picture (playback)
/// uses a new id per frame and removes the old placement after placing the new one (no flicker).
public enum KittyGraphics {
    /// An image id unlikely to be in use: ids live as long as the terminal, so a fixed one would
    /// replace an earlier run's picture (or another program's) in the scrollback.
    public static func freshID() -> UInt32 {
        // Room above it for a long playback's frames.
        UInt32.random(in: 0x0100_0000...0x7F00_0000)
    }

    /// Base64 bytes per escape sequence, as the protocol asks.
    static let chunkSize = 4096

    /// Stores `frame` in the terminal as image `id` without showing it (`a=t`), zlib-compressed.
    public static func transmit(_ frame: RGBFrame, id: UInt32) -> [UInt8] {
        let packed = compressed(frame.pixels)
        let payload = Data(packed ?? frame.pixels).base64EncodedData()
        let first = "a=t,f=24,\(packed == nil ? "" : "o=z,")s=\(frame.width),v=\(frame.height),i=\(id),q=2"
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + payload.count / chunkSize * 16 + 64)
        var start = payload.startIndex
        repeat {
            let end = min(start + chunkSize, payload.endIndex)
            let more = end < payload.endIndex ? 1 : 0
            let keys = start == payload.startIndex ? "\(first),m=\(more)" : "m=\(more)"
            out += Array("\u{1B}_G\(keys);".utf8)
            out += payload[start..<end]
            out += [0x1B, UInt8(ascii: "\\")]
            start = end
        } while start < payload.endIndex
        return out
    }

    /// Shows image `id` at the cursor, scaled to `columns` × `rows` cells, as placement `placement`
    /// (placing the same pair again moves it). The cursor stays where it was (`C=1`).
    public static func place(id: UInt32, placement: UInt32 = 1, columns: Int, rows: Int) -> [UInt8] {
        Array("\u{1B}_Ga=p,i=\(id),p=\(placement),c=\(columns),r=\(rows),C=1,q=2\u{1B}\\".utf8)
    }

    /// Removes image `id` from the screen; `freeData` also frees the stored picture in the terminal.
    public static func delete(id: UInt32, freeData: Bool) -> [UInt8] {
        Array("\u{1B}_Ga=d,d=\(freeData ? "I" : "i"),i=\(id),q=2\u{1B}\\".utf8)
    }

    /// `bytes` compressed with zlib (the `o=z` format: a zlib stream, not raw deflate); nil when zlib
    /// fails (out of memory), and the picture then goes uncompressed.
    static func compressed(_ bytes: [UInt8]) -> [UInt8]? {
        var length = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        // Level 1: pictures are mostly smooth, and speed matters more than the last few percent.
        let status = out.withUnsafeMutableBufferPointer { target in
            bytes.withUnsafeBufferPointer { source in
                compress2(target.baseAddress, &length, source.baseAddress, uLong(bytes.count), 1)
            }
        }
        guard status == Z_OK else { return nil }
        out.removeSubrange(Int(length)...)
        return out
    }
}
