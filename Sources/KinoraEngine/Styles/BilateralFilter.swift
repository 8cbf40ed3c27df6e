import Foundation

/// A separable approximation of the bilateral filter on luma and chroma planes, guided by luma:
/// smooths within regions but not across edges, one horizontal and one vertical pass at a time.
///
/// The range weight is Tukey's biweight `(1 - d² / R²)²` of the luma difference `d`, zero beyond
/// `R`: it stops at edges as well as a Gaussian and needs neither a table nor a division. Eight
/// pixels are filtered at once with their sums kept in registers across all taps. Each pixel
/// sums its taps in one fixed order wherever it lies, so the result does not depend on how rows
/// are split across threads.
struct BilateralFilter {
    /// One neighbour row (or shifted row) a pass reads, with its spatial weight.
    private struct Tap {
        let luma: UnsafeMutablePointer<Float>
        let cb: UnsafeMutablePointer<Float>
        let cr: UnsafeMutablePointer<Float>
        let weight: Float
    }

    /// The destination of one output row.
    private struct Output {
        let luma: UnsafeMutablePointer<Float>
        let cb: UnsafeMutablePointer<Float>
        let cr: UnsafeMutablePointer<Float>
    }

    /// Taps on each side of the centre.
    let radius: Int
    /// The `2 * radius + 1` spatial (Gaussian) weights.
    private let spatial: [Float]
    /// `1 / R²` of the range kernel, in luma units.
    private let rangeFactor: Float

    /// A filter of spatial standard deviation `spatialSigma` pixels (cut at 2 sigma) that ignores
    /// neighbours more than `rangeCutoff` luma levels away.
    init(spatialSigma: Double, rangeCutoff: Double) {
        let radius = max(1, Int((spatialSigma * 2).rounded()))
        let sigma = max(0.3, spatialSigma)
        self.radius = radius
        spatial = (-radius...radius).map { Float(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
        rangeFactor = Float(1 / max(1e-3, rangeCutoff * rangeCutoff))
    }

    /// One horizontal pass from `source` to `destination`.
    func horizontal(from source: YCbCr.Planes, to destination: YCbCr.Planes) {
        let width = source.luma.width
        let radius = radius
        RowBands.run(rows: source.luma.height) { _, rows in
            withUnsafeTemporaryAllocation(of: Tap.self, capacity: 2 * radius) { taps in
                for y in rows {
                    let centre = Tap(
                        luma: source.luma.row(y), cb: source.cb.row(y), cr: source.cr.row(y),
                        weight: spatial[radius])
                    let output = Output(
                        luma: destination.luma.row(y), cb: destination.cb.row(y), cr: destination.cr.row(y))
                    // Pixels whose taps stay inside the row read shifted row pointers; the few
                    // within `radius` of either end clamp their taps one by one.
                    for slot in 0..<(2 * radius) {
                        let offset = Self.offset(ofTap: slot, radius: radius)
                        taps[slot] = Tap(
                            luma: centre.luma + offset, cb: centre.cb + offset, cr: centre.cr + offset,
                            weight: spatial[radius + offset])
                    }
                    let low = min(width, radius)
                    let high = max(low, width - radius)
                    filter(low..<high, centre: centre, taps: UnsafeBufferPointer(taps), into: output)
                    for edge in 0..<(low + width - high) {
                        let x = edge < low ? edge : high + edge - low
                        filterClamped(x, width: width, centre: centre, into: output)
                    }
                }
            }
        }
    }

    /// One vertical pass from `source` to `destination`.
    func vertical(from source: YCbCr.Planes, to destination: YCbCr.Planes) {
        let width = source.luma.width
        let lastRow = source.luma.height - 1
        let radius = radius
        RowBands.run(rows: source.luma.height) { _, rows in
            withUnsafeTemporaryAllocation(of: Tap.self, capacity: 2 * radius) { taps in
                for y in rows {
                    let centre = Tap(
                        luma: source.luma.row(y), cb: source.cb.row(y), cr: source.cr.row(y),
                        weight: spatial[radius])
                    for slot in 0..<(2 * radius) {
                        let offset = Self.offset(ofTap: slot, radius: radius)
                        let row = min(lastRow, max(0, y + offset))
                        taps[slot] = Tap(
                            luma: source.luma.row(row), cb: source.cb.row(row), cr: source.cr.row(row),
                            weight: spatial[radius + offset])
                    }
                    let output = Output(
                        luma: destination.luma.row(y), cb: destination.cb.row(y), cr: destination.cr.row(y))
                    filter(0..<width, centre: centre, taps: UnsafeBufferPointer(taps), into: output)
                }
            }
        }
    }

    /// Filters `columns` of one row: each output pixel is the weighted mean of the centre and
    /// the same column of every tap, centre first, then the taps in order.
    @inline(__always)
    private func filter(
        _ columns: Range<Int>, centre: Tap, taps: UnsafeBufferPointer<Tap>, into output: Output
    ) {
        let rangeFactor = rangeFactor
        var x = columns.lowerBound
        // Eight pixels at a time, the sums in registers.
        while x + 8 <= columns.upperBound {
            let centreLuma = Self.load(centre.luma + x)
            var total = SIMD8<Float>(repeating: centre.weight)
            var luma = centreLuma * centre.weight
            var cb = Self.load(centre.cb + x) * centre.weight
            var cr = Self.load(centre.cr + x) * centre.weight
            for tap in taps {
                let neighbour = Self.load(tap.luma + x)
                let difference = neighbour - centreLuma
                var falloff = 1 - difference * difference * rangeFactor
                falloff.replace(with: 0, where: falloff .< 0)
                let weight = tap.weight * falloff * falloff
                total += weight
                luma += weight * neighbour
                cb += weight * Self.load(tap.cb + x)
                cr += weight * Self.load(tap.cr + x)
            }
            let inverse = 1 / total
            Self.store(luma * inverse, to: output.luma + x)
            Self.store(cb * inverse, to: output.cb + x)
            Self.store(cr * inverse, to: output.cr + x)
            x += 8
        }
        // The rest one by one, with the same operations in the same order.
        while x < columns.upperBound {
            let centreLuma = centre.luma[x]
            var total = centre.weight
            var luma = centreLuma * centre.weight
            var cb = centre.cb[x] * centre.weight
            var cr = centre.cr[x] * centre.weight
            for tap in taps {
                let neighbour = tap.luma[x]
                let weight = Self.weight(
                    neighbour - centreLuma, spatial: tap.weight, rangeFactor: rangeFactor)
                total += weight
                luma += weight * neighbour
                cb += weight * tap.cb[x]
                cr += weight * tap.cr[x]
            }
            let inverse = 1 / total
            output.luma[x] = luma * inverse
            output.cb[x] = cb * inverse
            output.cr[x] = cr * inverse
            x += 1
        }
    }

    /// Filters column `x` of a row in a horizontal pass, clamping taps to the row's ends.
    @inline(__always)
    private func filterClamped(_ x: Int, width: Int, centre: Tap, into output: Output) {
        let centreLuma = centre.luma[x]
        var total = centre.weight
        var luma = centreLuma * centre.weight
        var cb = centre.cb[x] * centre.weight
        var cr = centre.cr[x] * centre.weight
        for offset in -radius...radius where offset != 0 {
            let index = min(width - 1, max(0, x + offset))
            let neighbour = centre.luma[index]
            let weight = Self.weight(
                neighbour - centreLuma, spatial: spatial[radius + offset], rangeFactor: rangeFactor)
            total += weight
            luma += weight * neighbour
            cb += weight * centre.cb[index]
            cr += weight * centre.cr[index]
        }
        let inverse = 1 / total
        output.luma[x] = luma * inverse
        output.cb[x] = cb * inverse
        output.cr[x] = cr * inverse
    }

    /// The offset of tap `slot` from the centre: `-radius...-1`, then `1...radius`.
    @inline(__always)
    private static func offset(ofTap slot: Int, radius: Int) -> Int {
        slot < radius ? slot - radius : slot - radius + 1
    }

    /// The range weight of a luma difference, times the spatial weight.
    @inline(__always)
    private static func weight(_ difference: Float, spatial: Float, rangeFactor: Float) -> Float {
        let falloff = max(0, 1 - difference * difference * rangeFactor)
        return spatial * falloff * falloff
    }

    /// Eight floats from `pointer`, which need not be aligned.
    @inline(__always)
    private static func load(_ pointer: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// Writes eight floats to `pointer`, which need not be aligned.
    @inline(__always)
    private static func store(_ value: SIMD8<Float>, to pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
    }
}
