import Foundation
import KinoraCore
import KinoraMedia
import Testing

@testable import KinoraEngine

/// Every look except `none`.
private let looks = VisualStyle.allCases.filter { $0 != .none }
/// Looks that must not move on a still picture (everything but the tape noise of `vhs`).
private let stillLooks = looks.filter { $0 != .vhs }

/// Makes and measures the synthetic test frame.
private enum Sample {
    static let width = 320
    static let height = 180
    /// Centre and radius of the dark blue disc.
    static let disc = (x: 90.0, y: 80.0, radius: 45.0)
    /// The bright yellow rectangle, as column and row ranges.
    static let box = (columns: 190..<290, rows: 35..<125)
    /// Rows of the grey ramp (black at the left, white at the right).
    static let ramp = 150..<180

    /// A colour gradient with a dark disc, a bright rectangle and a grey ramp along the bottom.
    static let frame = make(scale: 1)
    /// The same picture at half the size, for the tests that only compare outputs with each
    /// other: a quarter of the pixels keeps the debug-build tests quick.
    static let small = make(scale: 2)

    /// The test picture, `scale` times smaller than `width` × `height`.
    static func make(scale: Int) -> RGBFrame {
        let width = Self.width / scale
        let height = Self.height / scale
        var frame = RGBFrame(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                var colour = RGB(
                    red: UInt8(40 + x * 160 / width), green: UInt8(60 + y * 140 / height),
                    blue: UInt8(150 - x * 60 / width))
                let dx = Double(x * scale) - disc.x
                let dy = Double(y * scale) - disc.y
                if dx * dx + dy * dy <= disc.radius * disc.radius {
                    colour = RGB(red: 25, green: 30, blue: 110)
                }
                if box.columns.contains(x * scale) && box.rows.contains(y * scale) {
                    colour = RGB(red: 245, green: 215, blue: 70)
                }
                if ramp.contains(y * scale) {
                    let grey = UInt8(x * 255 / (width - 1))
                    colour = RGB(red: grey, green: grey, blue: grey)
                }
                frame[x, y] = colour
            }
        }
        return frame
    }

    /// `input` with `style` applied once by a fresh processor.
    static func styled(
        _ style: VisualStyle, strength: Double = 1, seed: UInt64 = 7, frameIndex: Int = 0,
        input: RGBFrame = frame
    ) -> RGBFrame {
        let processor = StyleProcessor(style: style, strength: strength, seed: seed, size: input.size)
        var output = input
        processor.apply(to: &output, frameIndex: frameIndex)
        return output
    }

    /// Mean absolute difference per byte, 0...255.
    static func difference(_ first: RGBFrame, _ second: RGBFrame) -> Double {
        let total = zip(first.pixels, second.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
        return Double(total) / Double(max(1, first.pixels.count))
    }

    /// How many bytes differ (frames of different sizes differ everywhere); a count keeps failure
    /// messages short, where comparing frames would print every byte.
    static func changedBytes(_ first: RGBFrame, _ second: RGBFrame) -> Int {
        guard first.size == second.size else { return max(first.pixels.count, second.pixels.count) }
        return zip(first.pixels, second.pixels).filter { $0.0 != $0.1 }.count
    }

    /// BT.601 luma of one pixel, 0...255.
    static func luma(_ frame: RGBFrame, _ x: Int, _ y: Int) -> Double {
        let colour = frame[x, y]
        return 0.299 * Double(colour.red) + 0.587 * Double(colour.green) + 0.114 * Double(colour.blue)
    }

    /// Mean luma over a rectangle.
    static func meanLuma(_ frame: RGBFrame, columns: Range<Int>, rows: Range<Int>) -> Double {
        var total = 0.0
        for y in rows {
            for x in columns {
                total += luma(frame, x, y)
            }
        }
        return total / Double(columns.count * rows.count)
    }

    /// Points on the outlines of the rectangle and the disc, a few pixels apart, each with the
    /// outward normal of its edge.
    static let edges: [(x: Int, y: Int, normal: (x: Double, y: Double))] = {
        var edges: [(x: Int, y: Int, normal: (x: Double, y: Double))] = []
        for x in stride(from: box.columns.lowerBound + 3, to: box.columns.upperBound - 3, by: 6) {
            edges.append((x, box.rows.lowerBound, (0, -1)))
            edges.append((x, box.rows.upperBound - 1, (0, 1)))
        }
        for y in stride(from: box.rows.lowerBound + 3, to: box.rows.upperBound - 3, by: 6) {
            edges.append((box.columns.lowerBound, y, (-1, 0)))
            edges.append((box.columns.upperBound - 1, y, (1, 0)))
        }
        for step in 0..<48 {
            let angle = Double(step) / 48 * 2 * Double.pi
            let normal = (x: Foundation.cos(angle), y: Foundation.sin(angle))
            let x = Int((disc.x + disc.radius * normal.x).rounded())
            let y = Int((disc.y + disc.radius * normal.y).rounded())
            edges.append((x, y, normal))
        }
        return edges
    }()

    /// Share of `edges` drawn as a dark line: the darkest pixel within one pixel of the edge is
    /// below `ratio` times the darker of the two sides, measured four pixels in and out.
    static func lineShare(_ frame: RGBFrame, ratio: Double) -> Double {
        let lined = edges.filter { edge in
            var darkest = 255.0
            for dy in -1...1 {
                for dx in -1...1 {
                    darkest = min(darkest, luma(frame, edge.x + dx, edge.y + dy))
                }
            }
            let inner = luma(
                frame, Int((Double(edge.x) - 4 * edge.normal.x).rounded()),
                Int((Double(edge.y) - 4 * edge.normal.y).rounded()))
            let outer = luma(
                frame, Int((Double(edge.x) + 4 * edge.normal.x).rounded()),
                Int((Double(edge.y) + 4 * edge.normal.y).rounded()))
            return darkest < ratio * min(inner, outer)
        }
        return Double(lined.count) / Double(edges.count)
    }

    /// The number of distinct colours in `frame`.
    static func colourCount(_ frame: RGBFrame) -> Int {
        var seen = Set<Int>()
        for offset in stride(from: 0, to: frame.pixels.count, by: 3) {
            let packed = Int(frame.pixels[offset]) << 16 | Int(frame.pixels[offset + 1]) << 8
            seen.insert(packed | Int(frame.pixels[offset + 2]))
        }
        return seen.count
    }
}

@Suite("Style processor")
struct StyleTests {
    @Test("every look changes the picture and keeps its size", arguments: looks)
    func changesPicture(style: VisualStyle) {
        let output = Sample.styled(style)
        #expect(output.size == Sample.frame.size)
        #expect(output.pixels.count == Sample.frame.pixels.count)
        // Mean absolute difference per byte, out of 255: at least 8 (the mildest looks, VHS and
        // teal-orange, measure about 15 on this frame).
        #expect(Sample.difference(output, Sample.frame) > 8)
    }

    @Test("none leaves the picture exactly as it was")
    func noneIsIdentity() {
        #expect(Sample.changedBytes(Sample.styled(.none), Sample.frame) == 0)
    }

    @Test("strength 0 gives the input exactly", arguments: looks)
    func zeroStrength(style: VisualStyle) {
        #expect(
            Sample.changedBytes(Sample.styled(style, strength: 0, input: Sample.small), Sample.small) == 0)
    }

    @Test("strength 0.5 lies between the input and the full look", arguments: looks)
    func halfStrength(style: VisualStyle) {
        let input = Sample.small
        let full = Sample.styled(style, input: input)
        let half = Sample.styled(style, strength: 0.5, input: input)
        let outside = input.pixels.indices.filter { index in
            let source = input.pixels[index]
            let target = full.pixels[index]
            return half.pixels[index] < min(source, target) || half.pixels[index] > max(source, target)
        }
        #expect(outside.isEmpty)
        let ratio = Sample.difference(half, input) / Sample.difference(full, input)
        #expect(ratio > 0.4 && ratio < 0.6)
    }

    @Test("the same seed, frame and input give the same bytes, also on a reused processor", arguments: looks)
    func deterministic(style: VisualStyle) {
        let processor = StyleProcessor(style: style, strength: 1, seed: 11, size: Sample.small.size)
        var first = Sample.small
        processor.apply(to: &first, frameIndex: 4)
        var other = Sample.small
        processor.apply(to: &other, frameIndex: 9)
        var again = Sample.small
        processor.apply(to: &again, frameIndex: 4)
        #expect(Sample.changedBytes(again, first) == 0)
        let fresh = Sample.styled(style, seed: 11, frameIndex: 4, input: Sample.small)
        #expect(Sample.changedBytes(fresh, first) == 0)
    }

    @Test("the result does not depend on how rows are split across threads", arguments: looks)
    func independentOfThreads(style: VisualStyle) {
        let split = Sample.styled(style, frameIndex: 3, input: Sample.small)
        #expect(RowBands.count(rows: Sample.small.height) > 3)
        for limit in [1, 3] {
            let output = RowBands.$limit.withValue(limit) {
                Sample.styled(style, frameIndex: 3, input: Sample.small)
            }
            #expect(Sample.changedBytes(output, split) == 0, "bands limited to \(limit)")
        }
    }

    @Test("different seeds give different VHS noise and sketch paper", arguments: [VisualStyle.vhs, .sketch])
    func seedsMatter(style: VisualStyle) {
        let first = Sample.styled(style, seed: 1, input: Sample.small)
        let second = Sample.styled(style, seed: 2, input: Sample.small)
        #expect(Sample.difference(first, second) > 0.5)
    }

    @Test("VHS noise moves from frame to frame")
    func vhsAnimates() {
        let first = Sample.styled(.vhs, frameIndex: 0, input: Sample.small)
        let second = Sample.styled(.vhs, frameIndex: 1, input: Sample.small)
        #expect(Sample.difference(first, second) > 0.5)
    }

    @Test("a still picture stays still", arguments: stillLooks)
    func temporallyStable(style: VisualStyle) {
        let processor = StyleProcessor(style: style, strength: 1, seed: 5, size: Sample.small.size)
        var first = Sample.small
        processor.apply(to: &first, frameIndex: 0)
        var later = Sample.small
        processor.apply(to: &later, frameIndex: 10)
        #expect(Sample.changedBytes(later, first) == 0)
    }

    @Test("noir is grey")
    func noirIsGrey() {
        let output = Sample.styled(.noir)
        let coloured = stride(from: 0, to: output.pixels.count, by: 3).filter { offset in
            let red = Int(output.pixels[offset])
            let green = Int(output.pixels[offset + 1])
            let blue = Int(output.pixels[offset + 2])
            return abs(red - green) > 1 || abs(green - blue) > 1
        }
        #expect(coloured.isEmpty)
        // High contrast: the ramp's quarter grey (63) gets much darker, and the step from the
        // quarter to the three-quarter grey (191) grows despite the vignette.
        let row = Sample.ramp.lowerBound + 10
        let quarter = Sample.luma(output, Sample.width / 4, row)
        let threeQuarters = Sample.luma(output, Sample.width * 3 / 4, row)
        #expect(quarter < 45)
        #expect(threeQuarters - quarter > 1.2 * 128)
    }

    @Test("sepia is a warm monochrome")
    func sepiaIsWarm() {
        let output = Sample.styled(.sepia)
        // Warm everywhere, even on the blue disc: red ≥ green ≥ blue.
        let cool = stride(from: 0, to: output.pixels.count, by: 3).filter { (offset: Int) -> Bool in
            let pixel = output.pixels[offset..<(offset + 3)].map { Int($0) }
            return pixel[0] < pixel[1] || pixel[1] < pixel[2]
        }
        #expect(cool.isEmpty)
        let disc = output[Int(Sample.disc.x), Int(Sample.disc.y)]
        #expect(disc.red > disc.blue + 10)
    }

    @Test("teal-orange tints shadows teal and highlights orange at about the same luma")
    func tealOrange() {
        let output = Sample.styled(.tealOrange)
        let row = Sample.ramp.lowerBound + 10
        let shadow = output[Sample.width / 4, row]
        let highlight = output[Sample.width * 3 / 4, row]
        #expect(shadow.green > shadow.red && shadow.blue > shadow.red)
        #expect(highlight.red > highlight.blue + 20)
        var lumaChange = 0.0
        for y in 0..<Sample.height {
            for x in 0..<Sample.width {
                lumaChange += abs(Sample.luma(output, x, y) - Sample.luma(Sample.frame, x, y))
            }
        }
        #expect(lumaChange / Double(Sample.width * Sample.height) < 6)
    }

    @Test("bleach bypass lowers saturation")
    func bleachDesaturates() {
        func saturation(_ frame: RGBFrame) -> Double {
            var total = 0
            for offset in stride(from: 0, to: frame.pixels.count, by: 3) {
                let channels = frame.pixels[offset..<(offset + 3)]
                total += Int(channels.max() ?? 0) - Int(channels.min() ?? 0)
            }
            return Double(total) / Double(frame.pixels.count / 3)
        }
        #expect(saturation(Sample.styled(.bleachBypass)) < 0.8 * saturation(Sample.frame))
    }

    @Test("pixel uses only the palette, in blocks on a fixed grid")
    func pixelPaletteAndBlocks() {
        let palette: Set<Int> = [
            0x000000, 0x1D2B53, 0x7E2553, 0x008751, 0xAB5236, 0x5F574F, 0xC2C3C7, 0xFFF1E8,
            0xFF004D, 0xFFA300, 0xFFEC27, 0x00E436, 0x29ADFF, 0x83769C, 0xFF77A8, 0xFFCCAA,
        ]
        let output = Sample.styled(.pixel)
        var used = Set<Int>()
        var broken = 0
        for y in 0..<output.height {
            for x in 0..<output.width {
                let colour = output[x, y]
                used.insert(Int(colour.red) << 16 | Int(colour.green) << 8 | Int(colour.blue))
                // Blocks are 2 pixels (320 / 160) from the top-left corner.
                if colour != output[x - x % 2, y - y % 2] { broken += 1 }
            }
        }
        #expect(used.isSubset(of: palette))
        #expect(used.count >= 4)
        #expect(broken == 0)
    }

    @Test("toon has fewer colours and ink along the shapes' edges")
    func toonPosteriseAndInk() {
        let output = Sample.styled(.toon)
        #expect(Sample.colourCount(output) * 4 < Sample.colourCount(Sample.frame))
        // Ink is far darker than both sides of every edge (about a tenth); the input has no
        // such lines at all.
        #expect(Sample.lineShare(Sample.frame, ratio: 0.9) == 0)
        #expect(Sample.lineShare(output, ratio: 0.5) > 0.95)
        // No ink inside the flat rectangle.
        #expect(Sample.meanLuma(output, columns: 210..<270, rows: 55..<105) > 180)
    }

    @Test("sketch is mostly paper with dark strokes at edges")
    func sketchStrokes() {
        let output = Sample.styled(.sketch)
        var light = 0
        for y in 0..<output.height {
            for x in 0..<output.width where Sample.luma(output, x, y) > 200 {
                light += 1
            }
        }
        #expect(Double(light) / Double(output.width * output.height) > 0.6)
        // Strokes along the edges are well darker than the paper or shading on either side.
        #expect(Sample.lineShare(output, ratio: 0.8) > 0.9)
        // Flat areas are paper.
        #expect(Sample.meanLuma(output, columns: 210..<270, rows: 55..<105) > 215)
    }

    @Test("halftone prints dots that grow with darkness")
    func halftoneDots() {
        let output = Sample.styled(.halftone)
        let dark = Sample.meanLuma(output, columns: 70..<110, rows: 60..<100)
        let bright = Sample.meanLuma(output, columns: 210..<270, rows: 55..<105)
        #expect(dark + 80 < bright)
        // A flat mid grey prints as dots on paper, not as flat grey.
        var values: [Double] = []
        for x in 150..<170 {
            for y in Sample.ramp.lowerBound + 5..<Sample.ramp.lowerBound + 25 {
                values.append(Sample.luma(output, x, y))
            }
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let spread = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count))
            .squareRoot()
        #expect(spread > 25)
    }

    @Test("tiny and odd sizes work, also when the frame size changes", arguments: looks)
    func oddSizes(style: VisualStyle) {
        let processor = StyleProcessor(
            style: style, strength: 1, seed: 3, size: PixelSize(width: 1, height: 1))
        for (width, height) in [(1, 1), (2, 1), (7, 3), (33, 17), (5, 40)] {
            var frame = RGBFrame(width: width, height: height, fill: RGB(red: 200, green: 90, blue: 30))
            frame[0, 0] = RGB(red: 0, green: 0, blue: 0)
            processor.apply(to: &frame, frameIndex: 1)
            #expect(frame.width == width && frame.height == height)
            #expect(frame.pixels.count == width * height * 3)
            #expect(processor.size == frame.size)
        }
    }
}
