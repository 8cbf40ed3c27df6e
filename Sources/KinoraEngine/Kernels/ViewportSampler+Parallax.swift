import Dispatch
import Foundation

extension ViewportSampler {
    /// Sub-pixel positions of the parallax pass's precomputed filter weights (1/256 pixel apart,
    /// far below anything visible).
    static let parallaxPhases = 256

    /// Renders a viewport with parallax (2.5D truck and orbit) by backward warping: each output
    /// pixel samples the source at its viewport position shifted sideways by
    /// `parallax × (depth − pivot)`, with depth read at the unshifted position.
    ///
    /// A backward warp reads a colour for every output pixel, so it never leaves holes; depth is
    /// heavily smoothed, so the warp stretches rather than tears. Rows are filtered vertically
    /// first (the shift is horizontal only), then each pixel is filtered horizontally at its own
    /// shifted position with precomputed weights.
    func renderParallax(_ viewport: Viewport, depth: DepthEstimate, into output: UnsafeMutablePointer<UInt8>)
    {
        let stepX = viewport.width / Double(outputWidth)
        let stepY = viewport.height / Double(outputHeight)
        rows.rebuild(
            count: outputHeight, origin: viewport.minY, step: stepY, sourceCount: sourceHeight,
            filter: SamplerFilter(scale: stepY))
        let filter = SamplerFilter(scale: stepX)
        let phases = Self.parallaxPhases
        let taps = filter.taps
        // Source columns any output pixel may touch, with room for rounding.
        let reach = viewport.maximumParallaxShift + filter.radius + 2
        let low = Int((viewport.minX - reach).rounded(.down))
        let high = Int((viewport.maxX + reach).rounded(.up)) + taps
        let span = high - low
        // Tables: weights per phase, then each output column's depth-map fraction.
        parallaxWeights.reserve(phases * taps + outputWidth)
        parallaxColumns.reserve(outputWidth)
        fillParallaxTables(viewport: viewport, filter: filter, depth: depth, stepX: stepX)
        // Per band: one vertically filtered row of `span` pixels, then a row of depth.
        let depthCells = (depth.width + 3) / 4
        let stride = span + depthCells
        scratch.reserve(stride * bands)
        depth.values.withUnsafeBufferPointer { depthValues in
            guard let depthValues = depthValues.baseAddress else { return }
            let pass = ParallaxPass(
                pixels: pixels.base, sourceWidth: sourceWidth, sourceHeight: sourceHeight,
                outputWidth: outputWidth, outputHeight: outputHeight, rowStarts: rows.starts.base,
                rowWeights: rows.weights.base, rowTaps: rows.taps, phaseWeights: parallaxWeights.base,
                taps: taps, depthFractions: parallaxWeights.base + phases * taps,
                depthColumns: parallaxColumns.base, depth: depthValues, depthWidth: depth.width,
                depthHeight: depth.height, low: low, span: span,
                origin: viewport.minX - filter.radius - 0.5, stepX: stepX, originY: viewport.minY,
                stepY: stepY, parallax: viewport.parallax, pivot: viewport.parallaxPivot,
                scratch: scratch.base, scratchStride: stride, output: output, bands: bands)
            Self.forEachBand(bands, pass) { pass, band in
                pass.run(band: band)
            }
        }
    }

    /// Precomputes the filter weights of every phase and each output column's depth-map column.
    private func fillParallaxTables(
        viewport: Viewport, filter: SamplerFilter, depth: DepthEstimate, stepX: Double
    ) {
        let phases = Self.parallaxPhases
        let taps = filter.taps
        let weights = parallaxWeights.base
        for phase in 0..<phases {
            let fraction = Double(phase) / Double(phases)
            // Pixel k of the window has its centre k + 1 - fraction - radius from the sample.
            func raw(_ k: Int) -> Double {
                filter.weight(distance: Double(k) + 1 - fraction - filter.radius)
            }
            var total = 0.0
            for k in 0..<taps {
                total += raw(k)
            }
            let scale = total > 1e-12 ? 1 / total : 0
            for k in 0..<taps {
                weights[phase * taps + k] = Float(raw(k) * scale)
            }
        }
        let fractions = weights + phases * taps
        let columnsPerPixel = Double(depth.width) / Double(sourceWidth)
        for x in 0..<outputWidth {
            let position = viewport.minX + (Double(x) + 0.5) * stepX
            let column = min(max(position * columnsPerPixel - 0.5, 0), Double(depth.width - 1))
            let index = min(Int(column), depth.width - 2)
            parallaxColumns.base[x] = index
            fractions[x] = Float(column - Double(index))
        }
    }

    /// One frame's parallax warp, shared by the bands that run it.
    ///
    /// Inputs are only read; each band writes its own output rows and its own scratch.
    struct ParallaxPass: @unchecked Sendable {
        /// The source pixels.
        let pixels: UnsafeMutablePointer<SIMD4<Float>>
        /// Source pixels per row.
        let sourceWidth: Int
        /// Source rows.
        let sourceHeight: Int
        /// Output pixels per row.
        let outputWidth: Int
        /// Output rows.
        let outputHeight: Int
        /// See ``SamplerWeights/starts``, vertical.
        let rowStarts: UnsafeMutablePointer<Int>
        /// See ``SamplerWeights/weights``, vertical.
        let rowWeights: UnsafeMutablePointer<Float>
        /// Vertical window length.
        let rowTaps: Int
        /// Horizontal weights, `taps` per phase.
        let phaseWeights: UnsafeMutablePointer<Float>
        /// Horizontal window length.
        let taps: Int
        /// Per output column: fraction between its two depth-map columns.
        let depthFractions: UnsafeMutablePointer<Float>
        /// Per output column: its left depth-map column.
        let depthColumns: UnsafeMutablePointer<Int>
        /// The depth map, row-major.
        let depth: UnsafePointer<Float>
        /// Depth-map columns (at least two).
        let depthWidth: Int
        /// Depth-map rows (at least two).
        let depthHeight: Int
        /// First source column held in a band's filtered row.
        let low: Int
        /// Source columns held in a band's filtered row.
        let span: Int
        /// Where output column `x`'s window placement starts: `origin + (x + 0.5) × stepX`.
        let origin: Double
        /// Source pixels per output column.
        let stepX: Double
        /// Top edge of the viewport.
        let originY: Double
        /// Source pixels per output row.
        let stepY: Double
        /// See ``Viewport/parallax``.
        let parallax: Double
        /// See ``Viewport/parallaxPivot``.
        let pivot: Double
        /// Scratch of all bands.
        let scratch: UnsafeMutablePointer<SIMD4<Float>>
        /// Scratch pixels per band.
        let scratchStride: Int
        /// The output's rgb24 bytes.
        let output: UnsafeMutablePointer<UInt8>
        /// Bands the output rows are cut into.
        let bands: Int

        /// Renders the output rows of band `band`.
        func run(band: Int) {
            let firstRow = outputHeight * band / bands
            let endRow = outputHeight * (band + 1) / bands
            guard firstRow < endRow else { return }
            let bandScratch = scratch + band * scratchStride
            // Indexed by source column.
            let filtered = bandScratch - low
            let depthRow = UnsafeMutableRawPointer(bandScratch + span).assumingMemoryBound(to: Float.self)
            for y in firstRow..<endRow {
                filterColumns(y: y, into: filtered)
                interpolateDepth(y: y, into: depthRow)
                warpRow(y: y, filtered: filtered, depthRow: depthRow)
            }
        }

        /// Filters the source vertically for output row `y` into `filtered[low..<low + span]`,
        /// repeating the edge columns outside the source.
        private func filterColumns(y: Int, into filtered: UnsafeMutablePointer<SIMD4<Float>>) {
            let first = min(max(low, 0), sourceWidth - 1)
            let end = max(min(low + span, sourceWidth), first + 1)
            SeparablePass.sumRows(
                pixels + rowStarts[y] * sourceWidth, pitch: sourceWidth, weights: rowWeights + y * rowTaps,
                taps: rowTaps, columns: first..<end, into: filtered)
            // Clamp to edge, as the separable pass does by folding weights.
            let left = filtered[first]
            for x in low..<first {
                filtered[x] = left
            }
            let right = filtered[end - 1]
            for x in end..<(low + span) {
                filtered[x] = right
            }
        }

        /// Interpolates the depth map vertically at output row `y`'s centre.
        private func interpolateDepth(y: Int, into depthRow: UnsafeMutablePointer<Float>) {
            let position = originY + (Double(y) + 0.5) * stepY
            let scaled = position * Double(depthHeight) / Double(sourceHeight) - 0.5
            let row = min(max(scaled, 0), Double(depthHeight - 1))
            let index = min(Int(row), depthHeight - 2)
            let fraction = Float(row - Double(index))
            let upper = depth + index * depthWidth
            let lower = upper + depthWidth
            for x in 0..<depthWidth {
                depthRow[x] = upper[x] + (lower[x] - upper[x]) * fraction
            }
        }

        /// Samples each output pixel of row `y` at its shifted position.
        private func warpRow(
            y: Int, filtered: UnsafeMutablePointer<SIMD4<Float>>, depthRow: UnsafeMutablePointer<Float>
        ) {
            // One loop per common window length, so the tap loop is unrolled in each.
            switch taps {
            case 3: warpRow(y: y, filtered: filtered, depthRow: depthRow, taps: 3)
            case 4: warpRow(y: y, filtered: filtered, depthRow: depthRow, taps: 4)
            default: warpRow(y: y, filtered: filtered, depthRow: depthRow, taps: taps)
            }
        }

        /// ``warpRow(y:filtered:depthRow:)`` for windows of `taps` pixels.
        @inline(__always)
        private func warpRow(
            y: Int, filtered: UnsafeMutablePointer<SIMD4<Float>>, depthRow: UnsafeMutablePointer<Float>,
            taps: Int
        ) {
            let phases = ViewportSampler.parallaxPhases
            let phaseScale = Double(phases)
            let phaseMask = phases - 1
            let phaseShift = phases.trailingZeroBitCount
            // Truncation rounds down only for positive numbers: lift placements (which may be a few
            // pixels left of the source) well above zero first, instead of calling floor per pixel.
            let lift = 1 << 24
            let liftedOrigin = origin * phaseScale + 0.5 + Double(lift)
            let destination = output + y * 3 * outputWidth
            let end = outputWidth - 1
            for x in 0...end {
                let column = depthColumns[x]
                let near = depthRow[column]
                let depth = near + (depthRow[column + 1] - near) * depthFractions[x]
                let offset = (Double(x) + 0.5) * stepX + parallax * (Double(depth) - pivot)
                let quantized = Int(liftedOrigin + offset * phaseScale) - lift
                let first = (quantized >> phaseShift) &+ 1
                let pixel = SeparablePass.tapSum(
                    filtered + first, weights: phaseWeights + (quantized & phaseMask) &* taps, taps: taps)
                if x < end {
                    SamplerOutput.store(pixel, to: destination + 3 &* x)
                } else {
                    SamplerOutput.storeLast(pixel, to: destination + 3 &* x)
                }
            }
        }
    }
}
