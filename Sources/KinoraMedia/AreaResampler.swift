/// Resizes a picture that arrives one RGB row at a time by area averaging: every output pixel is
/// the mean of the source area it covers, pixels cut by its edges counted by the fraction inside.
///
/// This is what ffmpeg's `area` scaler does when shrinking, done on a stream. Source rows are
/// summed down into one row of column sums (weighted by how much of each falls in the output row
/// being built); when an output row is complete its column sums are averaged across once. So
/// memory is one row of sums, O(source width), whatever the source height, and the per-pixel work
/// is one multiply-add. Enlarging an axis works too (each output pixel then takes its source
/// pixel, blended with the next where it straddles two). All weights are exact integers: a
/// source pixel spans `target` units and an output pixel `source` units on each axis, so the
/// result does not depend on floating-point rounding.
struct AreaResampler {
    /// One source pixel's share of one output pixel along a row.
    private struct Share {
        /// The source pixel's first byte in its row.
        let sourceOffset: Int
        /// The output pixel's first byte in its row.
        let targetOffset: Int
        /// The length of their overlap, in units where a source pixel is `target.width` long.
        let weight: UInt64
    }

    /// The size of the picture coming in.
    let source: PixelSize
    /// The size of the picture going out.
    let target: PixelSize
    private let shares: [Share]
    /// Source rows summed down, weighted by their overlap with the output row being built (at
    /// most 255 x source.height per entry).
    private var columnSums: [UInt32]
    /// The output row being finished: column sums averaged across.
    private var rowSums: [UInt64]
    private var finished: [UInt8]
    private var sourceRow = 0
    private var targetRow = 0

    /// The tallest source whose column sums (at most 255 x its height) fit 32 bits: 16.8 million
    /// rows, past libpng's limit of a million and libjpeg's of 65500.
    static let maximumSourceHeight = Int(UInt32.max / 255)

    /// Prepares to turn `source`-sized rows into `target`-sized ones (both at least 1x1, the
    /// source at most ``maximumSourceHeight`` high).
    init(source: PixelSize, target: PixelSize) {
        precondition(source.width > 0 && source.height > 0 && target.width > 0 && target.height > 0)
        precondition(source.height <= Self.maximumSourceHeight, "column sums must fit 32 bits")
        self.source = source
        self.target = target
        shares = Self.shares(from: source.width, to: target.width)
        columnSums = [UInt32](repeating: 0, count: source.width * 3)
        rowSums = [UInt64](repeating: 0, count: target.width * 3)
        finished = [UInt8](repeating: 0, count: target.width * 3)
    }

    /// How many output rows have been finished so far.
    var rowsFinished: Int { targetRow }

    /// Takes the next source row (`source.width * 3` bytes) and calls `finish` with the index and
    /// bytes of each output row it completes (none, one or, when enlarging, several).
    mutating func add(
        row: UnsafeBufferPointer<UInt8>, finish: (Int, UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        precondition(row.count >= source.width * 3 && sourceRow < source.height, "row out of place")
        // On the vertical axis a source row spans target.height units, an output row source.height.
        var position = sourceRow * target.height
        let end = position + target.height
        while position < end {
            let targetEnd = (targetRow + 1) * source.height
            let stop = min(end, targetEnd)
            addDown(row, weight: UInt32(stop - position))
            position = stop
            if stop == targetEnd {
                finishRow()
                try finished.withUnsafeBufferPointer { try finish(targetRow, $0) }
                targetRow += 1
            }
        }
        sourceRow += 1
    }

    /// Which source pixels cover which output pixels along one axis, and by how much.
    private static func shares(from sourceLength: Int, to targetLength: Int) -> [Share] {
        var shares: [Share] = []
        shares.reserveCapacity(sourceLength + targetLength)
        var sourceIndex = 0
        var targetIndex = 0
        var position = 0
        while sourceIndex < sourceLength && targetIndex < targetLength {
            let sourceEnd = (sourceIndex + 1) * targetLength
            let targetEnd = (targetIndex + 1) * sourceLength
            let stop = min(sourceEnd, targetEnd)
            shares.append(
                Share(
                    sourceOffset: sourceIndex * 3, targetOffset: targetIndex * 3,
                    weight: UInt64(stop - position)))
            position = stop
            if stop == sourceEnd { sourceIndex += 1 }
            if stop == targetEnd { targetIndex += 1 }
        }
        return shares
    }

    /// Adds `row`, weighted by its overlap with the output row being built, to the column sums.
    private mutating func addDown(_ row: UnsafeBufferPointer<UInt8>, weight: UInt32) {
        columnSums.withUnsafeMutableBufferPointer { sums in
            for index in sums.indices {
                sums[index] &+= UInt32(row[index]) &* weight
            }
        }
    }

    /// Averages the column sums across into rounded bytes in `finished`, and clears them for the
    /// next output row.
    private mutating func finishRow() {
        let area = UInt64(source.width) * UInt64(source.height)
        let half = area / 2
        rowSums.withUnsafeMutableBufferPointer { across in
            across.update(repeating: 0)
            columnSums.withUnsafeMutableBufferPointer { sums in
                shares.withUnsafeBufferPointer { shares in
                    for share in shares {
                        let from = share.sourceOffset
                        let to = share.targetOffset
                        across[to] &+= UInt64(sums[from]) &* share.weight
                        across[to + 1] &+= UInt64(sums[from + 1]) &* share.weight
                        across[to + 2] &+= UInt64(sums[from + 2]) &* share.weight
                    }
                }
                sums.update(repeating: 0)
            }
            finished.withUnsafeMutableBufferPointer { bytes in
                for index in across.indices {
                    bytes[index] = UInt8(truncatingIfNeeded: (across[index] &+ half) / area)
                }
            }
        }
    }
}
