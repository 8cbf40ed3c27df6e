/// A Fountain file's lines: CRLF and CR line ends read as LF, the boneyard (`/* … */`, over any number of
/// lines) removed while every line keeps its number.
enum FountainLines {
    /// The lines of `text`; a boneyard left open is kept as text, with a warning.
    static func split(_ text: String, warnings: inout [String]) -> [FountainReader.Line] {
        let bytes = Array(text.utf8)
        var kept = [UInt8]()
        kept.reserveCapacity(bytes.count)
        var index = 0
        var lineNumber = 1
        var openBoneyards = true
        while index < bytes.count {
            let byte = bytes[index]
            let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
            if byte == 0x0D {
                kept.append(0x0A)
                lineNumber += 1
                index += next == 0x0A ? 2 : 1
            } else if byte == 0x0A {
                kept.append(0x0A)
                lineNumber += 1
                index += 1
            } else if byte == 0x2F, next == 0x2A, openBoneyards {
                guard let close = closing(bytes, from: index + 2) else {
                    warnings.append(
                        "line \(lineNumber): a boneyard /* is never closed with */; the rest was kept as text"
                    )
                    openBoneyards = false
                    continue
                }
                lineNumber += appendLineEnds(bytes[index..<close], to: &kept)
                index = close + 2
            } else {
                kept.append(byte)
                index += 1
            }
        }
        var lines: [FountainReader.Line] = []
        var number = 1
        for slice in kept.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lines.append(FountainReader.Line(number: number, text: String(decoding: slice, as: UTF8.self)))
            number += 1
        }
        return lines
    }

    /// The index of the `*/` that closes a boneyard opened before `start`, if any.
    private static func closing(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 0x2A && bytes[index + 1] == 0x2F { return index }
            index += 1
        }
        return nil
    }

    /// Appends one LF per line end in `removed` (CRLF counts once) and returns how many.
    private static func appendLineEnds(_ removed: ArraySlice<UInt8>, to kept: inout [UInt8]) -> Int {
        var count = 0
        var index = removed.startIndex
        while index < removed.endIndex {
            let byte = removed[index]
            if byte == 0x0D || byte == 0x0A {
                kept.append(0x0A)
                count += 1
                if byte == 0x0D, index + 1 < removed.endIndex, removed[index + 1] == 0x0A { index += 1 }
            }
            index += 1
        }
        return count
    }
}
