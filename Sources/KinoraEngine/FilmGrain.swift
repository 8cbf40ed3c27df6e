import KinoraMedia

/// Seeded film grain: the same seed and frame always give the same grain, and each frame differs.
enum FilmGrain {
    /// Adds grain of `amount` (0–1, where 1 is heavy) to `frame`.
    static func apply(to frame: inout RGBFrame, amount: Double, seed: UInt64, frame index: Int) {
        let strength = Int32(amount * 24)
        guard strength > 0 else { return }
        var random = SeededRandom(seed: seed, stream: 0x6A41_0000 &+ UInt64(index))
        frame.pixels.withUnsafeMutableBufferPointer { pixels in
            var offset = 0
            while offset < pixels.count {
                // One draw feeds four pixels: grain is luma noise, the same on R, G and B.
                let bits = random.next()
                for lane in 0..<4 where offset < pixels.count {
                    let noise = Int32(truncatingIfNeeded: (bits >> (UInt64(lane) * 16)) & 0xFF) - 128
                    let delta = noise * strength / 128
                    for channel in 0..<3 {
                        let value = Int32(pixels[offset + channel]) + delta
                        pixels[offset + channel] = UInt8(clamping: value)
                    }
                    offset += 3
                }
            }
        }
    }
}
