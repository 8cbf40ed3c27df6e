import Foundation
import KinoraMedia

/// A smooth guess at how near each part of a still is (0 far ... 1 near), for 2.5D parallax.
///
/// There is no depth model here, only cues a painter would use: lower in the frame is usually
/// nearer (the ground comes towards the camera), and the subject in front is usually the busiest,
/// sharpest and most colourful part (backgrounds are soft, hazy and muted). The cues are measured
/// on a coarse grid, mixed, heavily blurred so the warp bends rather than tears, and stretched to
/// fill `0...1`. It is computed once per source (a few milliseconds) and is deterministic.
struct DepthEstimate: Sendable, Equatable {
    /// Columns of the map (at least two).
    let width: Int
    /// Rows of the map (at least two).
    let height: Int
    /// `width × height` depths, row-major, each in `0...1`.
    let values: [Float]

    /// Cells along the longer side of the map.
    static let longSide = 96
    /// Weight of the "lower is nearer" cue.
    static let verticalWeight: Float = 0.5
    /// Weight of the local-contrast (detail, focus) cue.
    static let contrastWeight: Float = 0.3
    /// Weight of the saturation cue.
    static let saturationWeight: Float = 0.2

    /// Estimates the depth of `frame`.
    init(frame: RGBFrame) {
        precondition(frame.width > 0 && frame.height > 0, "depth needs a picture")
        let longest = max(frame.width, frame.height)
        let width = max(
            2,
            min(frame.width, Int((Double(frame.width) * Double(Self.longSide) / Double(longest)).rounded())))
        let height = max(
            2,
            min(frame.height, Int((Double(frame.height) * Double(Self.longSide) / Double(longest)).rounded()))
        )
        self.width = width
        self.height = height
        let cues = Self.measureCues(frame: frame, width: width, height: height)
        var contrast = cues.contrast
        var saturation = cues.saturation
        let light = max(1, max(width, height) / 48)
        Self.blur(&contrast, width: width, height: height, radius: light, passes: 2)
        Self.blur(&saturation, width: width, height: height, radius: light, passes: 2)
        Self.normalizeByMaximum(&contrast, floor: 2)
        Self.normalizeByMaximum(&saturation, floor: 0.05)
        var depth = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            let lowness = (Float(y) + 0.5) / Float(height)
            for x in 0..<width {
                let index = y * width + x
                depth[index] =
                    Self.verticalWeight * lowness + Self.contrastWeight * contrast[index]
                    + Self.saturationWeight * saturation[index]
            }
        }
        // Three box passes approximate a Gaussian about a tenth of the picture wide.
        Self.blur(&depth, width: width, height: height, radius: max(1, max(width, height) / 12), passes: 3)
        Self.stretch(&depth)
        values = depth
    }

    /// The depth at source position `(x, y)` of a source of `sourceSize`, interpolated.
    func depth(x: Double, y: Double, sourceSize: PixelSize) -> Float {
        let column = min(max(x * Double(width) / Double(sourceSize.width) - 0.5, 0), Double(width - 1))
        let row = min(max(y * Double(height) / Double(sourceSize.height) - 0.5, 0), Double(height - 1))
        let left = min(Int(column), width - 2)
        let top = min(Int(row), height - 2)
        let fx = Float(column - Double(left))
        let fy = Float(row - Double(top))
        let upper = values[top * width + left] * (1 - fx) + values[top * width + left + 1] * fx
        let lower = values[(top + 1) * width + left] * (1 - fx) + values[(top + 1) * width + left + 1] * fx
        return upper * (1 - fy) + lower * fy
    }

    /// Per cell: the standard deviation of luma (detail) and the mean saturation, from a regular
    /// subsample of the source (enough to measure, cheap enough to redo for every video frame).
    private static func measureCues(
        frame: RGBFrame, width: Int, height: Int
    ) -> (contrast: [Float], saturation: [Float]) {
        let cells = width * height
        var sum = [Float](repeating: 0, count: cells)
        var squares = [Float](repeating: 0, count: cells)
        var saturation = [Float](repeating: 0, count: cells)
        var counts = [Float](repeating: 0, count: cells)
        // About four samples per cell side: detail at a few source pixels' scale, not every pixel.
        let step = max(1, min(frame.width / width, frame.height / height) / 4)
        frame.pixels.withUnsafeBufferPointer { bytes in
            for y in stride(from: 0, to: frame.height, by: step) {
                let cellRow = y * height / frame.height * width
                for x in stride(from: 0, to: frame.width, by: step) {
                    let offset = (y * frame.width + x) * 3
                    let red = Float(bytes[offset])
                    let green = Float(bytes[offset + 1])
                    let blue = Float(bytes[offset + 2])
                    let luma = 0.299 * red + 0.587 * green + 0.114 * blue
                    let high = max(red, green, blue)
                    let low = min(red, green, blue)
                    let cell = cellRow + x * width / frame.width
                    sum[cell] += luma
                    squares[cell] += luma * luma
                    saturation[cell] += (high - low) / (high + 1)
                    counts[cell] += 1
                }
            }
        }
        var contrast = [Float](repeating: 0, count: cells)
        for cell in 0..<cells where counts[cell] > 0 {
            let mean = sum[cell] / counts[cell]
            contrast[cell] = max(0, squares[cell] / counts[cell] - mean * mean).squareRoot()
            saturation[cell] /= counts[cell]
        }
        return (contrast, saturation)
    }

    /// Divides by the largest value, unless it is below `floor` (a flat cue then counts as zero).
    private static func normalizeByMaximum(_ values: inout [Float], floor: Float) {
        let largest = values.max() ?? 0
        guard largest >= floor else {
            values = values.map { _ in 0 }
            return
        }
        values = values.map { $0 / largest }
    }

    /// Stretches the values to fill `0...1` (a flat map becomes all 0.5).
    private static func stretch(_ values: inout [Float]) {
        let low = values.min() ?? 0
        let high = values.max() ?? 0
        guard high - low > 1e-6 else {
            values = values.map { _ in 0.5 }
            return
        }
        values = values.map { min(max(($0 - low) / (high - low), 0), 1) }
    }

    /// Repeated separable box blur with clamped edges (three passes are close to a Gaussian).
    private static func blur(_ values: inout [Float], width: Int, height: Int, radius: Int, passes: Int) {
        var line = [Float](repeating: 0, count: max(width, height))
        for _ in 0..<passes {
            for y in 0..<height {
                for x in 0..<width {
                    line[x] = values[y * width + x]
                }
                boxLine(line, count: width, radius: radius) { x, value in values[y * width + x] = value }
            }
            for x in 0..<width {
                for y in 0..<height {
                    line[y] = values[y * width + x]
                }
                boxLine(line, count: height, radius: radius) { y, value in values[y * width + x] = value }
            }
        }
    }

    /// The running mean of `line[0..<count]` over `2 × radius + 1` clamped neighbours, handed to
    /// `write` one position at a time.
    private static func boxLine(_ line: [Float], count: Int, radius: Int, write: (Int, Float) -> Void) {
        let span = Float(2 * radius + 1)
        func at(_ index: Int) -> Float { line[min(max(index, 0), count - 1)] }
        var total: Float = 0
        for index in -radius...radius {
            total += at(index)
        }
        for index in 0..<count {
            write(index, total / span)
            total += at(index + radius + 1) - at(index - radius)
        }
    }
}
