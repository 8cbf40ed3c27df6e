import Foundation

/// A separable Gaussian blur of `Float` planes; past the edges the border pixel repeats.
///
/// Eight pixels are blurred at once with their sums kept in registers across all taps; each
/// pixel sums its taps in the same order wherever it lies, so results are identical however rows
/// are split across threads.
struct GaussianBlur {
    /// Taps on each side of the centre.
    let radius: Int
    /// The `2 * radius + 1` normalised tap weights.
    private let taps: [Float]
    /// How much one pass scales the standard deviation of white noise: `sqrt(Σ w²)`.
    let noiseGain: Double

    /// A blur of standard deviation `sigma` pixels (≤ 0.05 gives an exact copy), cut at 3 sigma.
    init(sigma: Double) {
        guard sigma > 0.05 else {
            radius = 0
            taps = [1]
            noiseGain = 1
            return
        }
        let radius = max(1, Int((sigma * 3).rounded(.up)))
        let raw = (-radius...radius).map { Foundation.exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let total = raw.reduce(0, +)
        self.radius = radius
        taps = raw.map { Float($0 / total) }
        noiseGain = raw.map { ($0 / total) * ($0 / total) }.reduce(0, +).squareRoot()
    }

    /// Blurs every row of `source` into `destination` (same size, distinct planes).
    ///
    /// Output pixel `x` of row `y` is centred on source pixel `x - shift - rowShifts[y]`, so a
    /// positive shift moves the picture right; `rowShifts`, when given, holds one value per row.
    func horizontal(
        from source: Plane<Float>, to destination: Plane<Float>, shift: Int = 0,
        rowShifts: Plane<Int32>? = nil
    ) {
        let width = source.width
        let radius = radius
        RowBands.run(rows: source.height) { _, rows in
            withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Float>.self, capacity: 2 * radius + 1) {
                inputs in
                for y in rows {
                    let offset = shift + Int(rowShifts?.base[y] ?? 0)
                    let row = source.row(y)
                    let output = destination.row(y)
                    // Output `x` reads source `x - offset - radius + tap`; columns whose taps
                    // all fall inside the row read shifted row pointers, the rest clamp.
                    let start = -offset - radius
                    for tap in 0...(2 * radius) {
                        inputs[tap] = row + (start + tap)
                    }
                    let low = min(width, max(0, offset + radius))
                    let high = max(low, min(width, width + offset - radius))
                    blur(low..<high, inputs: UnsafeBufferPointer(inputs), into: output)
                    for edge in 0..<(low + width - high) {
                        let x = edge < low ? edge : high + edge - low
                        var sum: Float = 0
                        for tap in 0...(2 * radius) {
                            sum += taps[tap] * row[min(width - 1, max(0, x + start + tap))]
                        }
                        output[x] = sum
                    }
                }
            }
        }
    }

    /// Blurs every column of `source` into `destination` (same size, distinct planes).
    func vertical(from source: Plane<Float>, to destination: Plane<Float>) {
        let width = source.width
        let lastRow = source.height - 1
        let radius = radius
        RowBands.run(rows: source.height) { _, rows in
            withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Float>.self, capacity: 2 * radius + 1) {
                inputs in
                for y in rows {
                    for tap in 0...(2 * radius) {
                        inputs[tap] = source.row(min(lastRow, max(0, y - radius + tap)))
                    }
                    blur(0..<width, inputs: UnsafeBufferPointer(inputs), into: destination.row(y))
                }
            }
        }
    }

    /// Blurs `plane` in both directions in place, using `scratch` (same size) in between.
    func apply(to plane: Plane<Float>, scratch: Plane<Float>) {
        horizontal(from: plane, to: scratch)
        vertical(from: scratch, to: plane)
    }

    /// `output[x] = Σ taps[k] * inputs[k][x]` over `columns`, taps summed in order.
    @inline(__always)
    private func blur(
        _ columns: Range<Int>, inputs: UnsafeBufferPointer<UnsafeMutablePointer<Float>>,
        into output: UnsafeMutablePointer<Float>
    ) {
        var x = columns.lowerBound
        while x + 8 <= columns.upperBound {
            var sum = SIMD8<Float>(repeating: 0)
            for (tap, input) in inputs.enumerated() {
                sum += taps[tap] * UnsafeRawPointer(input + x).loadUnaligned(as: SIMD8<Float>.self)
            }
            UnsafeMutableRawPointer(output + x).storeBytes(of: sum, as: SIMD8<Float>.self)
            x += 8
        }
        while x < columns.upperBound {
            var sum: Float = 0
            for (tap, input) in inputs.enumerated() {
                sum += taps[tap] * input[x]
            }
            output[x] = sum
            x += 1
        }
    }
}
