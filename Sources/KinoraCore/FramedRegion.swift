import Foundation

/// The part of a source picture a framing shows: a rectangle of the frame's shape around the focus point,
/// at the framing's zoom, kept wholly inside the source. Engines move their camera inside it and prepare
/// stills from it, so every engine frames a shot the same way.
public struct FramedRegion: Sendable, Hashable {
    /// The left edge, in source pixels.
    public var x: Double
    /// The top edge, in source pixels.
    public var y: Double
    /// The width, in source pixels.
    public var width: Double
    /// The height, in source pixels.
    public var height: Double

    /// A region with the given edges.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The largest rectangle of `aspect` (width over height) in a source of `sourceWidth` × `sourceHeight`,
    /// shrunk by `framing.zoom` and centred on its focus point as far as the source allows.
    public init(framing: Framing, sourceWidth: Double, sourceHeight: Double, aspect: Double) {
        let cover = FramedRegion.cover(sourceWidth: sourceWidth, sourceHeight: sourceHeight, aspect: aspect)
        let zoom = framing.zoom.isFinite ? min(max(framing.zoom, 1), Framing.maximumZoom) : 1
        width = cover.width / zoom
        height = cover.height / zoom
        x = FramedRegion.clamp(framing.x * sourceWidth - width / 2, 0, sourceWidth - width)
        y = FramedRegion.clamp(framing.y * sourceHeight - height / 2, 0, sourceHeight - height)
    }

    /// The horizontal centre.
    public var centerX: Double { x + width / 2 }
    /// The vertical centre.
    public var centerY: Double { y + height / 2 }

    /// The largest centred rectangle of `aspect` inside the source (the cover crop).
    public static func cover(sourceWidth: Double, sourceHeight: Double, aspect: Double) -> FramedRegion {
        let width: Double
        let height: Double
        if sourceWidth / sourceHeight > aspect {
            height = sourceHeight
            width = sourceHeight * aspect
        } else {
            width = sourceWidth
            height = sourceWidth / aspect
        }
        return FramedRegion(
            x: (sourceWidth - width) / 2, y: (sourceHeight - height) / 2, width: width, height: height)
    }

    private static func clamp(_ value: Double, _ low: Double, _ high: Double) -> Double {
        guard low <= high else { return (low + high) / 2 }
        return min(max(value, low), high)
    }
}
