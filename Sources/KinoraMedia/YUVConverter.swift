import Dispatch

/// Converts RGB frames to planar 4:2:0 (yuv420p), BT.709, limited range: what an H.264 file holds.
///
/// Done here, on every core, rather than by ffmpeg's single-threaded swscale: the encoder then gets
/// half the bytes through the pipe and spends its time encoding.
struct YUVConverter {
    /// The frame size; both sides even.
    let size: PixelSize
    /// Bytes of one converted frame: a full-size luma plane and two quarter-size chroma planes.
    var byteCount: Int { size.width * size.height * 3 / 2 }

    // BT.709 in 16.16 fixed point, scaled for limited range (luma 16–235, chroma 16–240).
    private static let yR = 11966, yG = 40254, yB = 4064
    private static let uR = -6596, uG = -22189, uB = 28784
    private static let vR = 28784, vG = -26145, vB = -2639

    /// Writes `frame` as yuv420p into `output` (which holds `byteCount` bytes).
    func convert(_ frame: RGBFrame, into output: UnsafeMutableRawBufferPointer) {
        let width = size.width
        let height = size.height
        guard let base = output.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let lumaPlane = base
        let blue = base + width * height
        let red = blue + width * height / 4
        let planes = Planes(luma: lumaPlane, blue: blue, red: red)
        frame.pixels.withUnsafeBufferPointer { pixels in
            guard let rgb = pixels.baseAddress else { return }
            let source = Source(rgb: rgb)
            let pairs = height / 2
            let bands = min(8, max(1, pairs / 16))
            DispatchQueue.concurrentPerform(iterations: bands) { band in
                for pair in (pairs * band / bands)..<(pairs * (band + 1) / bands) {
                    convertRowPair(pair, width: width, source: source.rgb, planes: planes)
                }
            }
        }
    }

    private func convertRowPair(_ pair: Int, width: Int, source rgb: UnsafePointer<UInt8>, planes: Planes) {
        let top = pair * 2 * width
        let bottom = top + width
        for column in stride(from: 0, to: width, by: 2) {
            var sum = SIMD3<Int>(0, 0, 0)
            for index in [top + column, top + column + 1, bottom + column, bottom + column + 1] {
                let pixel = SIMD3<Int>(Int(rgb[index * 3]), Int(rgb[index * 3 + 1]), Int(rgb[index * 3 + 2]))
                let luma = 16 << 16 + Self.yR * pixel.x + Self.yG * pixel.y + Self.yB * pixel.z + 32768
                planes.luma[index] = UInt8(truncatingIfNeeded: luma >> 16)
                sum &+= pixel
            }
            // Chroma of the 2x2 block's average colour (the sums are 4x, hence the >> 18).
            let chroma = pair * (width / 2) + column / 2
            let u = (128 << 18 + Self.uR * sum.x + Self.uG * sum.y + Self.uB * sum.z + (1 << 17)) >> 18
            let v = (128 << 18 + Self.vR * sum.x + Self.vG * sum.y + Self.vB * sum.z + (1 << 17)) >> 18
            planes.blue[chroma] = UInt8(clamping: u)
            planes.red[chroma] = UInt8(clamping: v)
        }
    }

    /// The three output planes; each row pair writes only its own part.
    private struct Planes: @unchecked Sendable {
        let luma: UnsafeMutablePointer<UInt8>
        let blue: UnsafeMutablePointer<UInt8>
        let red: UnsafeMutablePointer<UInt8>
    }

    /// The read-only source pixels, shared by the bands.
    private struct Source: @unchecked Sendable {
        let rgb: UnsafePointer<UInt8>
    }
}
