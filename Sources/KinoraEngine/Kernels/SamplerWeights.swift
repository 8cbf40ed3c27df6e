/// Per-output-pixel filter windows along one axis for the current viewport: where each window
/// starts in the source and its weights, so the pixel loops do no filter maths.
///
/// Every window has the same length (``taps``) and lies wholly inside the source: taps that would
/// fall off an edge are folded onto the edge pixel (clamp-to-edge), so the loops need no bounds
/// checks and never read outside the source.
final class SamplerWeights {
    /// Window length: source pixels each output pixel reads.
    private(set) var taps = 1
    /// First source pixel of each window; never decreases from one output pixel to the next.
    let starts = SamplerBuffer<Int>(zero: 0)
    /// `count × taps` weights, window by window, each window summing to one.
    let weights = SamplerBuffer<Float>(zero: 0)
    /// Unfolded weights of one window, then the folded ones.
    private let scratch = SamplerBuffer<Double>(zero: 0)

    /// Creates an empty table; call ``rebuild(count:origin:step:sourceCount:filter:)`` per frame.
    init() {}

    /// Fills the table for `count` output pixels whose centres sample the source at
    /// `origin + (i + 0.5) × step`, over a source axis of `sourceCount` pixels.
    func rebuild(count: Int, origin: Double, step: Double, sourceCount: Int, filter: SamplerFilter) {
        precondition(count > 0 && sourceCount > 0, "sampling needs pixels on both sides")
        let taps = min(filter.taps, sourceCount)
        self.taps = taps
        starts.reserve(count)
        weights.reserve(count * taps)
        scratch.reserve(filter.taps + taps)
        let raw = scratch.base
        let folded = scratch.base + filter.taps
        for index in 0..<count {
            let position = origin + (Double(index) + 0.5) * step
            let (first, fraction) = filter.window(position: position)
            filter.weights(fraction: fraction, into: raw)
            let start = min(max(first, 0), sourceCount - taps)
            folded.update(repeating: 0, count: taps)
            var total = 0.0
            for k in 0..<filter.taps {
                let pixel = min(max(first + k, 0), sourceCount - 1)
                folded[pixel - start] += raw[k]
                total += raw[k]
            }
            // The filters sum to one already; dividing removes rounding drift (and is exact for 1).
            let scale = total > 1e-12 ? 1 / total : 0
            let window = weights.base + index * taps
            for k in 0..<taps {
                window[k] = Float(folded[k] * scale)
            }
            starts.base[index] = start
        }
    }
}
