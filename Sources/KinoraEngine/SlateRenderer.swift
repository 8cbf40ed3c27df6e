import Foundation
import KinoraCore
import KinoraMedia

/// Draws a text-only shot as a title card: label, wrapped prompt and duration over a seeded, slowly
/// drifting gradient, so a storyboard can be watched before it has pictures.
final class SlateRenderer {
    private let size: PixelSize
    private let mask: [UInt8]
    private let colours: (top: SIMD3<Float>, bottom: SIMD3<Float>)
    private let drift: Double

    /// Prepares the card: the text is drawn once, the background per frame. A `note` (what the card stands
    /// in for, such as a text-to-video shot) follows the duration at the bottom.
    init(label: String, prompt: String, duration: Double, size: PixelSize, seed: UInt64, note: String? = nil)
        throws
    {
        self.size = size
        let unit = max(8, size.height / 18)
        let promptLines = SlateRenderer.wrap(
            TerminalText.sanitized(prompt), fontSize: unit, width: size.width * 8 / 10, maxLines: 6)
        let promptTop = size.height / 2 - promptLines.count * unit * 13 / 20
        mask = try TextRasterizer.mask(
            [
                .init(lines: [TerminalText.sanitized(label)], fontSize: unit * 2, top: size.height / 10),
                .init(lines: promptLines, fontSize: unit, top: promptTop),
                .init(
                    lines: [String(format: "%.1f s", duration) + (note.map { " · \($0)" } ?? "")],
                    fontSize: unit * 2 / 3,
                    top: size.height * 85 / 100),
            ], size: size)
        var random = SeededRandom(seed: seed, stream: 0x51A7E)
        let hue = random.nextUnit()
        colours = (
            SlateRenderer.colour(hue: hue, lightness: 0.22),
            SlateRenderer.colour(hue: hue + 0.12, lightness: 0.08)
        )
        drift = random.next(in: 0...(2 * Double.pi))
    }

    /// Frame `index` of `count`: the gradient turns slowly while the text stays put.
    func render(frame index: Int, of count: Int, into output: inout RGBFrame) {
        let width = size.width
        let height = size.height
        let angle = drift + 0.35 * Double(index) / Double(max(count, 1))
        let dx = Float(cos(angle)) / Float(width)
        let dy = Float(sin(angle)) / Float(height)
        let (top, bottom) = colours
        mask.withUnsafeBufferPointer { ink in
            output.pixels.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    for x in 0..<width {
                        let t = min(max(0.5 + Float(x - width / 2) * dx + Float(y - height / 2) * dy, 0), 1)
                        let background = top + (bottom - top) * t
                        let alpha = Float(ink[y * width + x]) / 255
                        let pixel = background * (1 - alpha) + SIMD3<Float>(repeating: 240) * alpha
                        let offset = (y * width + x) * 3
                        out[offset] = UInt8(pixel.x)
                        out[offset + 1] = UInt8(pixel.y)
                        out[offset + 2] = UInt8(pixel.z)
                    }
                }
            }
        }
    }

    /// Breaks `text` into lines no wider than `width` pixels, measuring wide (CJK) characters as one em
    /// and others as about half; words stay whole unless a single word is too long.
    static func wrap(_ text: String, fontSize: Int, width: Int, maxLines: Int) -> [String] {
        let columns = max(4, Int(Double(width) / (Double(fontSize) * 0.55)))
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for character in paragraph {
                let candidate = line + String(character)
                if TerminalText.displayWidth(candidate) <= columns {
                    line = candidate
                    continue
                }
                if character == " " {
                    lines.append(line)
                    line = ""
                } else if let space = line.lastIndex(of: " "),
                    TerminalText.displayWidth(String(character)) == 1
                {
                    lines.append(String(line[..<space]))
                    line = String(line[line.index(after: space)...]) + String(character)
                } else {
                    lines.append(line)
                    line = String(character)
                }
            }
            lines.append(line)
        }
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines))
            lines[maxLines - 1] = TerminalText.truncated(lines[maxLines - 1] + " …", toWidth: columns)
        }
        return lines
    }

    private static func colour(hue: Double, lightness: Double) -> SIMD3<Float> {
        let h = hue.truncatingRemainder(dividingBy: 1) * 6
        let chroma = lightness * 0.9
        let x = chroma * (1 - abs(h.truncatingRemainder(dividingBy: 2) - 1))
        let (r, g, b): (Double, Double, Double) =
            switch Int(h) {
            case 0: (chroma, x, 0)
            case 1: (x, chroma, 0)
            case 2: (0, chroma, x)
            case 3: (0, x, chroma)
            case 4: (x, 0, chroma)
            default: (chroma, 0, x)
            }
        let base = lightness * 0.35
        return SIMD3(Float((r + base) * 255), Float((g + base) * 255), Float((b + base) * 255))
    }
}
