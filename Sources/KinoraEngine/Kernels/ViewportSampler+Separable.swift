import Foundation

extension ViewportSampler {
    /// Renders a viewport without parallax as two separable passes, band by band.
    ///
    /// The cheaper order is taken: when the viewport has more rows than the output (shrinking),
    /// rows are filtered vertically first, so the per-pixel horizontal pass runs on output rows
    /// only; when it has fewer (enlarging), source rows are filtered horizontally first into a
    /// small ring, so that pass runs on source rows only. The vertical pass is a plain weighted
    /// sum of whole rows either way.
    func renderSeparable(_ viewport: Viewport, into output: UnsafeMutablePointer<UInt8>) {
        let stepX = viewport.width / Double(outputWidth)
        let stepY = viewport.height / Double(outputHeight)
        columns.rebuild(
            count: outputWidth, origin: viewport.minX, step: stepX, sourceCount: sourceWidth,
            filter: SamplerFilter(scale: stepX))
        rows.rebuild(
            count: outputHeight, origin: viewport.minY, step: stepY, sourceCount: sourceHeight,
            filter: SamplerFilter(scale: stepY))
        let verticalFirst = stepY > 1
        let firstColumn = columns.starts.base[0]
        let span = columns.starts.base[outputWidth - 1] + columns.taps - firstColumn
        // Vertical first: one row of the columns in use. Horizontal first: a ring of filtered
        // rows as deep as the vertical window.
        let stride = verticalFirst ? span : rows.taps * outputWidth
        scratch.reserve(stride * bands)
        let pass = SeparablePass(
            pixels: pixels.base, sourceWidth: sourceWidth, outputWidth: outputWidth,
            outputHeight: outputHeight, columnStarts: columns.starts.base,
            columnWeights: columns.weights.base,
            columnTaps: columns.taps, rowStarts: rows.starts.base, rowWeights: rows.weights.base,
            rowTaps: rows.taps, firstColumn: firstColumn, span: span, verticalFirst: verticalFirst,
            scratch: scratch.base, scratchStride: stride, output: output, bands: bands)
        Self.forEachBand(bands, pass) { pass, band in
            pass.run(band: band)
        }
    }

    /// One frame's separable resampling, shared by the bands that run it.
    ///
    /// The tables and the source are only read; each band writes its own output rows and its own
    /// scratch, so the pass may be used from several threads at once.
    struct SeparablePass: @unchecked Sendable {
        /// The source pixels.
        let pixels: UnsafeMutablePointer<SIMD4<Float>>
        /// Source pixels per row.
        let sourceWidth: Int
        /// Output pixels per row.
        let outputWidth: Int
        /// Output rows.
        let outputHeight: Int
        /// See ``SamplerWeights/starts``, horizontal.
        let columnStarts: UnsafeMutablePointer<Int>
        /// See ``SamplerWeights/weights``, horizontal.
        let columnWeights: UnsafeMutablePointer<Float>
        /// Horizontal window length.
        let columnTaps: Int
        /// See ``SamplerWeights/starts``, vertical.
        let rowStarts: UnsafeMutablePointer<Int>
        /// See ``SamplerWeights/weights``, vertical.
        let rowWeights: UnsafeMutablePointer<Float>
        /// Vertical window length.
        let rowTaps: Int
        /// The first source column any output pixel reads.
        let firstColumn: Int
        /// Source columns read, from `firstColumn`.
        let span: Int
        /// Whether rows are filtered vertically first (see ``renderSeparable(_:into:)``).
        let verticalFirst: Bool
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
            if verticalFirst {
                runVerticalFirst(rows: firstRow..<endRow, scratch: bandScratch)
            } else {
                runHorizontalFirst(rows: firstRow..<endRow, scratch: bandScratch)
            }
        }

        /// Vertical pass into one row, then the horizontal pass straight into bytes.
        private func runVerticalFirst(rows: Range<Int>, scratch: UnsafeMutablePointer<SIMD4<Float>>) {
            // Indexed by source column.
            let row = scratch - firstColumn
            for y in rows {
                Self.sumRows(
                    pixels + rowStarts[y] * sourceWidth, pitch: sourceWidth,
                    weights: rowWeights + y * rowTaps,
                    taps: rowTaps, columns: firstColumn..<(firstColumn + span), into: row)
                let destination = output + y * 3 * outputWidth
                forEachColumn(of: row) { x, pixel in
                    SamplerOutput.store(pixel, to: destination + 3 &* x)
                } last: { x, pixel in
                    SamplerOutput.storeLast(pixel, to: destination + 3 &* x)
                }
            }
        }

        /// Horizontal pass of each needed source row into a ring, then the vertical pass into bytes.
        private func runHorizontalFirst(rows: Range<Int>, scratch: UnsafeMutablePointer<SIMD4<Float>>) {
            // Source rows are filtered once each, in order, into ring slot `row % rowTaps`; the
            // windows only move down, so a slot is reused only once its row is no longer needed.
            var nextSourceRow = Int.min
            for y in rows {
                let start = rowStarts[y]
                var sourceRow = max(nextSourceRow, start)
                while sourceRow < start + rowTaps {
                    let slot = scratch + (sourceRow % rowTaps) * outputWidth
                    forEachColumn(of: pixels + sourceRow * sourceWidth) { x, pixel in
                        slot[x] = pixel
                    } last: { x, pixel in
                        slot[x] = pixel
                    }
                    sourceRow += 1
                }
                nextSourceRow = sourceRow
                blendRing(
                    scratch, first: start, weights: rowWeights + y * rowTaps,
                    into: output + y * 3 * outputWidth)
            }
        }

        /// Filters `row` (indexed by source column) horizontally and hands each output column's
        /// pixel to `body`, the last one to `last`.
        ///
        /// Hot loops here use wrapping arithmetic (`&+`, `&*`): indices are bounded by the frame
        /// sizes, and overflow checks per tap would cost more than the taps.
        @inline(__always)
        private func forEachColumn(
            of row: UnsafePointer<SIMD4<Float>>, _ body: (Int, SIMD4<Float>) -> Void,
            last: (Int, SIMD4<Float>) -> Void
        ) {
            let taps = columnTaps
            let end = outputWidth - 1
            switch taps {
            case 3:
                for x in 0..<end {
                    let s = columnStarts[x]
                    let w = columnWeights + 3 &* x
                    body(x, w[0] * row[s] + w[1] * row[s &+ 1] + w[2] * row[s &+ 2])
                }
            case 4:
                for x in 0..<end {
                    let s = columnStarts[x]
                    let w = columnWeights + 4 &* x
                    body(x, (w[0] * row[s] + w[1] * row[s &+ 1]) + (w[2] * row[s &+ 2] + w[3] * row[s &+ 3]))
                }
            default:
                for x in 0..<end {
                    body(
                        x, Self.tapSum(row + columnStarts[x], weights: columnWeights + taps &* x, taps: taps))
                }
            }
            last(end, Self.tapSum(row + columnStarts[end], weights: columnWeights + taps * end, taps: taps))
        }

        /// Sums the ring rows of the window starting at source row `first` with `weights` and
        /// writes the result as bytes to `destination`.
        private func blendRing(
            _ ring: UnsafeMutablePointer<SIMD4<Float>>, first: Int, weights: UnsafeMutablePointer<Float>,
            into destination: UnsafeMutablePointer<UInt8>
        ) {
            let taps = rowTaps
            let end = outputWidth - 1
            func slot(_ k: Int) -> UnsafeMutablePointer<SIMD4<Float>> {
                ring + ((first + k) % taps) * outputWidth
            }
            switch taps {
            case 3:
                let (r0, r1, r2) = (slot(0), slot(1), slot(2))
                let (w0, w1, w2) = (weights[0], weights[1], weights[2])
                for x in 0..<end {
                    SamplerOutput.store(w0 * r0[x] + w1 * r1[x] + w2 * r2[x], to: destination + 3 &* x)
                }
            case 4:
                let (r0, r1, r2, r3) = (slot(0), slot(1), slot(2), slot(3))
                let (w0, w1, w2, w3) = (weights[0], weights[1], weights[2], weights[3])
                for x in 0..<end {
                    SamplerOutput.store(
                        (w0 * r0[x] + w1 * r1[x]) + (w2 * r2[x] + w3 * r3[x]), to: destination + 3 &* x)
                }
            default:
                for x in 0..<end {
                    var sum = weights[0] * slot(0)[x]
                    for k in 1..<taps {
                        sum += weights[k] * slot(k)[x]
                    }
                    SamplerOutput.store(sum, to: destination + 3 &* x)
                }
            }
            // The last pixel always by the generic sum, stored without touching the next row.
            var sum = weights[0] * slot(0)[end]
            for k in 1..<taps {
                sum += weights[k] * slot(k)[end]
            }
            SamplerOutput.storeLast(sum, to: destination + 3 * end)
        }

        /// `Σ weights[k] × pixels[k]` for `k` in `0..<taps`, in that order.
        @inline(__always)
        static func tapSum(
            _ pixels: UnsafePointer<SIMD4<Float>>, weights: UnsafePointer<Float>, taps: Int
        ) -> SIMD4<Float> {
            switch taps {
            case 3:
                return weights[0] * pixels[0] + weights[1] * pixels[1] + weights[2] * pixels[2]
            case 4:
                return (weights[0] * pixels[0] + weights[1] * pixels[1])
                    + (weights[2] * pixels[2] + weights[3] * pixels[3])
            default:
                var sum = weights[0] * pixels[0]
                for k in 1..<max(taps, 1) {
                    sum += weights[k] * pixels[k]
                }
                return sum
            }
        }

        /// Writes `Σ weights[k] × top[k × pitch + x]` for `x` in `columns` to `destination[x]`:
        /// one row of a vertical pass.
        @inline(__always)
        static func sumRows(
            _ top: UnsafePointer<SIMD4<Float>>, pitch: Int, weights: UnsafePointer<Float>, taps: Int,
            columns: Range<Int>, into destination: UnsafeMutablePointer<SIMD4<Float>>
        ) {
            switch taps {
            case 3:
                let (r1, r2) = (top + pitch, top + 2 * pitch)
                let (w0, w1, w2) = (weights[0], weights[1], weights[2])
                for x in columns {
                    destination[x] = w0 * top[x] + w1 * r1[x] + w2 * r2[x]
                }
            case 4:
                let (r1, r2, r3) = (top + pitch, top + 2 * pitch, top + 3 * pitch)
                let (w0, w1, w2, w3) = (weights[0], weights[1], weights[2], weights[3])
                for x in columns {
                    destination[x] = (w0 * top[x] + w1 * r1[x]) + (w2 * r2[x] + w3 * r3[x])
                }
            default:
                let w0 = weights[0]
                for x in columns {
                    destination[x] = w0 * top[x]
                }
                for k in 1..<max(taps, 1) {
                    let wk = weights[k]
                    let row = top + k * pitch
                    for x in columns {
                        destination[x] += wk * row[x]
                    }
                }
            }
        }
    }
}
