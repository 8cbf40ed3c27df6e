import Foundation

/// Spreads per-row work over all cores in bands of whole rows.
///
/// Every output row belongs to exactly one band and is computed by the same code whichever band
/// or thread gets it, so results never depend on scheduling or on the number of cores.
enum RowBands {
    /// Fewest rows worth a band of their own; smaller bands cost more in dispatch than they save.
    private static let minimumRows = 8
    /// Cores to spread over, read once: asking Foundation allocates on every call.
    private static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// At most this many bands in the current task; tests lower it to check that the split
    /// does not change a single byte of the output.
    @TaskLocal static var limit = Int.max

    /// How many bands `rows` rows can be cut into at most: a few per core, so uneven bands still
    /// balance. Size per-band scratch by this.
    static func capacity(rows: Int) -> Int {
        guard rows > 0 else { return 0 }
        return max(1, min(cores * 4, rows / minimumRows))
    }

    /// How many bands `run` cuts `rows` rows into, within `capacity(rows:)` and `limit`.
    static func count(rows: Int) -> Int {
        min(capacity(rows: rows), max(1, limit))
    }

    /// The rows of band `band` out of `bands` covering `0..<rows`.
    static func range(band: Int, of bands: Int, rows: Int) -> Range<Int> {
        (rows * band / bands)..<(rows * (band + 1) / bands)
    }

    /// Calls `body(band, rows)` once per band of `0..<rows`, concurrently, and returns when all are
    /// done; `body` must only write rows it is given (and its band's own scratch).
    static func run(rows: Int, _ body: (_ band: Int, _ rows: Range<Int>) -> Void) {
        let bands = count(rows: rows)
        guard bands > 1 else {
            if bands == 1 { body(0, 0..<rows) }
            return
        }
        withoutActuallyEscaping(body) { work in
            // concurrentPerform is synchronous, and each band writes only its own rows: sharing the
            // closure across its threads is safe even though the type system cannot see that.
            nonisolated(unsafe) let shared = work
            DispatchQueue.concurrentPerform(iterations: bands) { band in
                shared(band, range(band: band, of: bands, rows: rows))
            }
        }
    }
}
