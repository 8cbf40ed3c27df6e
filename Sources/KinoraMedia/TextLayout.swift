import Foundation
import KinoraCore

/// Prepares text from people (labels, prompts) for ``TextRasterizer``: cleans it so nothing but
/// printable characters reaches ffmpeg's drawtext, and wraps it to lines that fit a width.
///
/// Widths are estimated without the font, from each character's rough advance in DejaVu Sans,
/// the widest of the faces fontconfig usually offers (Noto Sans CJK's Latin is narrower), so a
/// line that fits the estimate fits the picture.
public enum TextLayout {
    /// About how wide `text` is drawn, in ems (multiply by the font size for pixels).
    public static func ems(_ text: some StringProtocol) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ems(of: $1) }
    }

    /// About how wide one character is drawn, in ems: Chinese and Japanese one em, Latin letters by
    /// their shape, marks nothing.
    static func ems(of scalar: Unicode.Scalar) -> Double {
        switch TerminalText.width(of: scalar) {
        case 0: return 0
        case 2: return 1
        default: break
        }
        switch scalar {
        case " ", "i", "j", "l", "I", "J", ".", ",", ":", ";", "'", "!", "|": return 0.32
        case "f", "t", "r", "(", ")", "[", "]", "-", "\"", "/": return 0.42
        case "m", "w", "M", "W", "@", "%", "…", "—": return 1
        case "a"..."z": return 0.64
        // Capitals, digits and other scripts' letters.
        default: return 0.8
        }
    }

    /// `text` as one line drawtext can draw: control characters, bidi overrides and invisible
    /// format characters removed, line breaks and tabs turned into spaces, runs of spaces collapsed.
    ///
    /// drawtext would break lines at a newline and draw a box for other controls.
    public static func drawable(_ text: String) -> String {
        var cleaned = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            let isSpace =
                properties.isWhitespace || properties.generalCategory == .lineSeparator
                || properties.generalCategory == .paragraphSeparator
            if isSpace {
                if !lastWasSpace { cleaned.append(" ") }
                lastWasSpace = true
                continue
            }
            switch properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned: continue
            default: break
            }
            cleaned.append(scalar)
            lastWasSpace = false
        }
        if cleaned.last == " " { cleaned.removeLast() }
        return String(cleaned)
    }

    /// `text` (made ``drawable(_:)``) broken into at most `maxLines` lines no wider than `width`
    /// pixels at `fontSize`; words stay whole unless one is longer than a line, Chinese and Japanese
    /// break between any two characters, and a cut ends in `…`.
    public static func wrap(_ text: String, width: Int, fontSize: Int, maxLines: Int) -> [String] {
        guard maxLines > 0 else { return [] }
        let limit = Double(width) / Double(max(1, fontSize))
        let source = drawable(text)
        var lines: [String] = []
        // The line being filled is always source[lineStart..<index], `used` ems wide.
        var lineStart = source.startIndex
        var index = source.startIndex
        var used = 0.0
        while index < source.endIndex {
            let character = source[index]
            let added = ems(String(character))
            // A lone character wider than a line still takes a line of its own.
            if lineStart == index || used + added <= limit {
                used += added
                index = source.index(after: index)
                continue
            }
            if lines.count == maxLines - 1 {
                return lines + [fitted(source[lineStart...], ems: limit)]
            }
            if character == " " {
                lines.append(String(source[lineStart..<index]))
                index = source.index(after: index)
                lineStart = index
            } else if TerminalText.displayWidth(String(character)) == 1,
                let space = source[lineStart..<index].lastIndex(of: " ")
            {
                // Carry the word begun on this line over to the next.
                lines.append(String(source[lineStart..<space]))
                lineStart = source.index(after: space)
            } else {
                lines.append(trimmingTrailingSpace(source[lineStart..<index]))
                lineStart = index
            }
            used = ems(source[lineStart..<index])
        }
        if lineStart < source.endIndex { lines.append(String(source[lineStart...])) }
        return lines
    }

    /// `text` (made ``drawable(_:)``) on one line no wider than `width` pixels at `fontSize`,
    /// ending in `…` when cut.
    public static func line(_ text: String, width: Int, fontSize: Int) -> String {
        fitted(Substring(drawable(text)), ems: Double(width) / Double(max(1, fontSize)))
    }

    /// `text` cut to at most `limit` ems with `…` at the end, or whole when it fits.
    private static func fitted(_ text: Substring, ems limit: Double) -> String {
        guard ems(text) > limit else { return String(text) }
        let room = limit - ems(of: "…")
        var used = 0.0
        var end = text.startIndex
        while end < text.endIndex, used + ems(String(text[end])) <= room {
            used += ems(String(text[end]))
            end = text.index(after: end)
        }
        return trimmingTrailingSpace(text[..<end]) + "…"
    }

    private static func trimmingTrailingSpace(_ text: Substring) -> String {
        String(text.last == " " ? text.dropLast() : text)
    }
}

extension TextRasterizer {
    /// Masks (one byte a pixel, 255 = ink) for several pictures of one `size`, each from its own
    /// blocks (tops measured from that picture's top), drawn in as few ffmpeg runs as possible.
    ///
    /// The pictures are stacked one above another with a gap between them and cut apart again, so
    /// a page of captions costs one process instead of one each. Every line is made
    /// ``TextLayout/drawable(_:)`` first. A line wider than `size` is clipped at its edges; an odd
    /// width centres lines half a pixel to the right.
    public static func masks(_ pictures: [[Block]], size: PixelSize) throws -> [[UInt8]] {
        guard size.width > 0, size.height > 0 else { return pictures.map { _ in [] } }
        // A line that runs past its picture's bottom falls into the gap, not onto the next picture.
        let gap = 2 * (pictures.joined().map(\.fontSize).max() ?? 0)
        let pitch = size.height + gap
        let picturesPerRun = max(1, stackHeightLimit / pitch)
        let bytesPerPicture = size.width * size.height
        var masks: [[UInt8]] = []
        masks.reserveCapacity(pictures.count)
        for first in stride(from: 0, to: pictures.count, by: picturesPerRun) {
            let group = pictures[first..<min(first + picturesPerRun, pictures.count)]
            var stacked: [Block] = []
            for (slot, blocks) in group.enumerated() {
                stacked += blocks.map {
                    Block(
                        lines: $0.lines.map(TextLayout.drawable), fontSize: $0.fontSize,
                        top: $0.top + slot * pitch)
                }
            }
            // Even sides: ffmpeg's colour source is 4:2:0 and drops an odd last row or column.
            let stackSize = PixelSize(
                width: (size.width + 1) / 2 * 2, height: (pitch * group.count - gap + 1) / 2 * 2)
            let stack = try mask(stacked, size: stackSize)
            for slot in 0..<group.count {
                var picture: [UInt8] = []
                picture.reserveCapacity(bytesPerPicture)
                for row in (slot * pitch)..<(slot * pitch + size.height) {
                    picture += stack[(row * stackSize.width)..<(row * stackSize.width + size.width)]
                }
                masks.append(picture)
            }
        }
        return masks
    }

    /// The tallest stack of pictures drawn in one run, well inside ffmpeg's frame size limits.
    static let stackHeightLimit = 8192
}
