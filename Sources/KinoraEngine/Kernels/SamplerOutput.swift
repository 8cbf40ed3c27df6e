/// Packing of filtered pixels (RGB in the first three lanes, `0...255`) into rgb24 bytes.
enum SamplerOutput {
    /// Rounds `pixel` to bytes (ties to even), clamped to `0...255`, and writes R, G, B to
    /// `destination` plus one byte of junk after them (the next pixel's red, written later).
    ///
    /// One four-byte store instead of three: callers use ``storeLast(_:to:)`` for the last
    /// pixel of a row, whose next byte may belong to another band's row.
    @inline(__always)
    static func store(_ pixel: SIMD4<Float>, to destination: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(destination).storeBytes(of: pack(pixel), as: UInt32.self)
    }

    /// Writes exactly the three bytes of `pixel` to `destination`.
    @inline(__always)
    static func storeLast(_ pixel: SIMD4<Float>, to destination: UnsafeMutablePointer<UInt8>) {
        let packed = pack(pixel)
        destination[0] = UInt8(truncatingIfNeeded: packed)
        destination[1] = UInt8(truncatingIfNeeded: packed >> 8)
        destination[2] = UInt8(truncatingIfNeeded: packed >> 16)
    }

    /// The four lanes rounded and clamped to bytes, first lane in the lowest byte.
    @inline(__always)
    static func pack(_ pixel: SIMD4<Float>) -> UInt32 {
        // Mask-and-select compiles to a few vector instructions (unlike pointwiseMin/Max).
        var clamped = pixel.replacing(with: 0, where: pixel .< 0)
        clamped.replace(with: 255, where: clamped .> 255)
        // Adding 1.5 × 2^23 leaves the rounded integer in the low mantissa bits: no trapping
        // conversion, and it stays in vector registers.
        let biased = clamped + SIMD4(repeating: 12_582_912)
        let bytes = SIMD4<UInt8>(truncatingIfNeeded: unsafeBitCast(biased, to: SIMD4<UInt32>.self))
        return unsafeBitCast(bytes, to: UInt32.self)
    }
}
