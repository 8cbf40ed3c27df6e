import KinoraMedia

/// Mixes frames, for frame-blended retiming.
enum FrameBlend {
    /// `a` mixed with `b` by `amount` (0: all `a`, 1: all `b`), written into `output`.
    static func mix(_ a: RGBFrame, _ b: RGBFrame, amount: Double, into output: inout RGBFrame) {
        let weight = Int32((amount * 256).rounded())
        if weight <= 0 {
            output = a
            return
        }
        if weight >= 256 {
            output = b
            return
        }
        a.pixels.withUnsafeBufferPointer { first in
            b.pixels.withUnsafeBufferPointer { second in
                output.pixels.withUnsafeMutableBufferPointer { out in
                    for index in 0..<out.count {
                        let x = Int32(first[index])
                        let y = Int32(second[index])
                        out[index] = UInt8(truncatingIfNeeded: (x * (256 - weight) + y * weight + 128) >> 8)
                    }
                }
            }
        }
    }
}
