import Foundation

/// Deterministic pseudo-random numbers (SplitMix64), so one seed gives the same take bit for bit on
/// every run and every machine.
///
/// Each consumer takes its own `stream` (motion path, grain, a style's texture ...) so adding a
/// random draw to one never shifts the numbers another sees.
struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator for `seed`, on the independent sub-sequence `stream`.
    init(seed: UInt64, stream: UInt64 = 0) {
        state = seed &+ stream &* 0xD1B5_4A32_D192_ED03
        _ = next()
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in `0..<1` with 53 bits of precision.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform number in `range`.
    mutating func next(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUnit()
    }

    /// A standard normal number (Box–Muller), for grain and hand-held wobble.
    mutating func nextGaussian() -> Double {
        let u1 = max(nextUnit(), 1e-300)
        let u2 = nextUnit()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// A stateless hash of `(seed, a, b, c)` to `0..<1`: the same inputs always give the same number,
    /// which is what per-pixel, per-frame noise needs to be reproducible and parallel.
    static func hashUnit(seed: UInt64, _ a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0) -> Double {
        var generator = SeededRandom(
            seed: seed ^ (a &* 0x9E37_79B9_7F4A_7C15), stream: b &* 0x632B_E59B_D9B4_E019 &+ c)
        return generator.nextUnit()
    }
}
