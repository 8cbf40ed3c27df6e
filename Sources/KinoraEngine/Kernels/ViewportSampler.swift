import Dispatch
import Foundation
import KinoraMedia

/// Renders a viewport of a source picture into an output frame with proper filtering: exact area
/// averaging when shrinking, Catmull-Rom when enlarging, sub-pixel accurate either way.
///
/// The source is converted once to `Float`, one `SIMD4` per pixel (red, green, blue, and an unused
/// lane), so every filter tap is a single vector multiply-add for all three channels. A frame is
/// two separable passes over bands of output rows that run on all cores. Each band has its own
/// scratch, and every output byte is computed by one fixed sequence of operations whichever
/// thread runs it, so frames are bit-identical on every run. Scratch memory is kept between
/// frames: after the first few frames rendering allocates nothing.
///
/// Not thread-safe: one render at a time per instance (each render already uses every core).
final class ViewportSampler {
    /// Source width in pixels.
    let sourceWidth: Int
    /// Source height in pixels.
    let sourceHeight: Int
    /// Output width in pixels.
    let outputWidth: Int
    /// Output height in pixels.
    let outputHeight: Int
    /// Bands of output rows rendered concurrently (results do not depend on it).
    let bands: Int
    /// The source, row-major, as `(red, green, blue, 0)` floats in `0...255`.
    let pixels: SamplerBuffer<SIMD4<Float>>
    /// Horizontal filter windows of the current frame.
    let columns = SamplerWeights()
    /// Vertical filter windows of the current frame.
    let rows = SamplerWeights()
    /// Per-band scratch rows.
    let scratch = SamplerBuffer<SIMD4<Float>>(zero: .zero)
    /// Per-frame weight and depth tables of the parallax pass.
    let parallaxWeights = SamplerBuffer<Float>(zero: 0)
    /// Per-frame depth-map columns of the parallax pass.
    let parallaxColumns = SamplerBuffer<Int>(zero: 0)

    /// A sampler of `source` into frames of `outputSize`, cutting frames into `bands` bands of rows
    /// (by default a few per core; tests pass other counts to show results do not depend on it).
    init(source: RGBFrame, outputSize: PixelSize, bands: Int? = nil) {
        precondition(source.width > 0 && source.height > 0, "the source must not be empty")
        precondition(outputSize.width > 0 && outputSize.height > 0, "the output must not be empty")
        sourceWidth = source.width
        sourceHeight = source.height
        outputWidth = outputSize.width
        outputHeight = outputSize.height
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        // A few bands per core balance uneven progress; bands much shorter than ~24 rows would
        // spend more on re-filtering the source rows they share than they gain.
        let automatic = max(1, min(cores * 4, outputSize.height / 24))
        self.bands = min(max(1, bands ?? automatic), outputSize.height)
        pixels = SamplerBuffer<SIMD4<Float>>(zero: .zero)
        pixels.reserve(source.width * source.height)
        load(source)
    }

    /// Replaces the source with `frame`, which must have the same size (video: one call per frame).
    func load(_ frame: RGBFrame) {
        precondition(
            frame.width == sourceWidth && frame.height == sourceHeight,
            "a new source frame must keep the size \(sourceWidth)x\(sourceHeight)")
        let width = sourceWidth
        let height = sourceHeight
        let destination = SamplerPointer(pixels.base)
        frame.pixels.withUnsafeBufferPointer { bytes in
            guard let bytes = bytes.baseAddress else { return }
            let source = SamplerPointer(UnsafeMutablePointer(mutating: bytes))
            let chunks = max(1, min(bands, height))
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let first = width * (height * chunk / chunks)
                let end = width * (height * (chunk + 1) / chunks)
                let bytes = source.pointer
                let pixels = destination.pointer
                for index in first..<end {
                    pixels[index] = SIMD4(
                        Float(bytes[3 * index]), Float(bytes[3 * index + 1]), Float(bytes[3 * index + 2]), 0)
                }
            }
        }
    }

    /// Renders `viewport` into `output`, which must be an `outputSize` frame.
    ///
    /// With a depth map it uses the parallax pass, otherwise the faster separable one. A move with
    /// parallax passes depth for every frame, even where its parallax crosses zero, so all its
    /// frames are filtered alike.
    func render(_ viewport: Viewport, depth: DepthEstimate?, into output: inout RGBFrame) {
        precondition(
            output.width == outputWidth && output.height == outputHeight,
            "the output frame has the wrong size")
        output.pixels.withUnsafeMutableBufferPointer { bytes in
            guard let bytes = bytes.baseAddress else { return }
            if let depth {
                renderParallax(viewport, depth: depth, into: bytes)
            } else {
                renderSeparable(viewport, into: bytes)
            }
        }
    }

    /// Runs `body` once per band, concurrently when there is more than one.
    static func forEachBand<Pass: Sendable>(_ bands: Int, _ pass: Pass, _ body: @Sendable (Pass, Int) -> Void)
    {
        if bands == 1 {
            body(pass, 0)
        } else {
            DispatchQueue.concurrentPerform(iterations: bands) { band in
                body(pass, band)
            }
        }
    }
}
