import Foundation
import KinoraCore
import KinoraMedia

/// Gives frames one of the built-in looks, mixed with the untouched picture by a strength.
///
/// A processor holds the lookup tables and scratch memory of its look for one frame size, so make
/// one per shot and reuse it for every frame: nothing is allocated per frame. The same seed, frame
/// index and input always give the same bytes, whatever the number of cores. One processor is
/// not for use from several threads at once; each call already spreads its work over all cores.
public final class StyleProcessor {
    /// The look applied.
    public let style: VisualStyle
    /// How much of the look, 0...1: 0 leaves frames unchanged, 1 gives the full look.
    public let strength: Double
    /// Drives the look's random parts: grain, paper, tape noise, the halftone screen.
    public let seed: UInt64
    /// The frame size the tables and scratch memory are laid out for.
    public private(set) var size: PixelSize

    /// The look's per-frame work; `nil` when there is nothing to do.
    private var filter: (any StyleFilter)?
    /// A copy of the incoming frame for the strength mix; unused at full strength.
    private var original: Plane<UInt8>
    /// The strength as a fixed-point weight in 0...256.
    private let mixWeight: Int

    /// A processor for `style` at `strength` (clamped to 0...1), seeded by `seed`, ready for frames
    /// of `size` (frames of another size work too, after a one-off re-layout).
    public init(style: VisualStyle, strength: Double, seed: UInt64, size: PixelSize) {
        self.style = style
        self.strength = strength.isNaN ? 0 : min(1, max(0, strength))
        self.seed = seed
        self.size = size
        mixWeight = Int((self.strength * 256).rounded())
        original = Plane(width: 0, height: 0, value: 0)
        configure(for: size)
    }

    /// Applies the look to `frame` in place; `frameIndex` only moves the deliberately animated
    /// parts (the tape noise and grain of `vhs`), every other look ignores it.
    public func apply(to frame: inout RGBFrame, frameIndex: Int) {
        guard mixWeight > 0, frame.width > 0, frame.height > 0 else { return }
        if frame.size != size {
            size = frame.size
            configure(for: size)
        }
        guard let filter else { return }
        let byteCount = size.rgbByteCount
        let weight = mixWeight
        let original = original
        frame.pixels.withUnsafeMutableBufferPointer { buffer in
            guard let pixels = buffer.baseAddress, buffer.count == byteCount else { return }
            if weight < 256 {
                original.base.update(from: pixels, count: byteCount)
            }
            filter.apply(to: pixels, frameIndex: frameIndex)
            if weight < 256 {
                Self.mix(
                    pixels, with: original.base, weight: weight, rows: size.height, rowBytes: size.width * 3)
            }
        }
    }

    /// Builds the filter and scratch memory for frames of `size`.
    private func configure(for size: PixelSize) {
        let width = max(0, size.width)
        let height = max(0, size.height)
        filter =
            mixWeight > 0 && width > 0 && height > 0
            ? Self.makeFilter(style, seed: seed, width: width, height: height) : nil
        original = Plane(width: filter != nil && mixWeight < 256 ? width * 3 : 0, height: height, value: 0)
    }

    /// The filter that draws `style`, or `nil` for the unchanged picture.
    private static func makeFilter(
        _ style: VisualStyle, seed: UInt64, width: Int, height: Int
    ) -> (any StyleFilter)? {
        switch style {
        case .none: nil
        case .noir: ColorGrade(look: .noir, width: width, height: height)
        case .sepia: ColorGrade(look: .sepia, width: width, height: height)
        case .tealOrange: ColorGrade(look: .tealOrange, width: width, height: height)
        case .bleachBypass: ColorGrade(look: .bleachBypass, width: width, height: height)
        case .toon: ToonFilter(width: width, height: height)
        case .sketch: SketchFilter(width: width, height: height, seed: seed)
        case .pixel: PixelFilter(width: width, height: height)
        case .halftone: HalftoneFilter(width: width, height: height, seed: seed)
        case .vhs: VHSFilter(width: width, height: height, seed: seed)
        }
    }

    /// `styled = (original * (256 - weight) + styled * weight) / 256`, rounded, byte by byte.
    private static func mix(
        _ styled: UnsafeMutablePointer<UInt8>, with original: UnsafeMutablePointer<UInt8>,
        weight: Int, rows: Int, rowBytes: Int
    ) {
        let keep = UInt16(256 - weight)
        let take = UInt16(weight)
        RowBands.run(rows: rows) { _, band in
            let start = band.lowerBound * rowBytes
            for index in start..<(band.upperBound * rowBytes) {
                let sum = UInt16(original[index]) &* keep &+ UInt16(styled[index]) &* take &+ 128
                styled[index] = UInt8(truncatingIfNeeded: sum >> 8)
            }
        }
    }
}
