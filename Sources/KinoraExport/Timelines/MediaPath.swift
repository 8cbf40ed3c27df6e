import Foundation

/// How timelines name a take file: its absolute path, and a `file://` URL whose path is percent-encoded the
/// same way on every platform, so editors find the file whatever characters its folders hold.
enum MediaPath {
    /// The file's absolute path.
    static func path(of url: URL) -> String { url.standardizedFileURL.path }

    /// `file://` + `host` + the percent-encoded absolute path (`file:///…`, or `file://localhost/…` as
    /// Final Cut Pro 7 writes it). Only ASCII letters, digits, `-._~` and `/` stay as they are.
    static func fileURL(of url: URL, host: String = "") -> String {
        var out = "file://" + host
        for byte in path(of: url).utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// The file's name (`t3.mp4`).
    static func fileName(of url: URL) -> String { url.lastPathComponent }
}
