import Foundation
import KinoraCore
import KinoraMedia

/// Where the camera looks in every frame of one move over a still: a ``Viewport`` per frame.
///
/// The path is worked out once from the seed (focal point, framings, wobble) and is then a pure
/// function of the frame index, so frames can be rendered in any order, or in parallel, and the
/// same seed always gives the same path. Every viewport has the output's shape and lies wholly
/// inside the source (after parallax, too), so a frame never shows a black border; a source of
/// another shape starts from the largest centred crop that covers the output.
struct CameraPath: Sendable, Equatable {
    /// The move.
    let motion: CameraMotion
    /// How far the camera moves: 0 keeps it still, 1 is the default amount, 2 the most.
    let intensity: Double
    /// How the move speeds up and slows down (hand-held wobble ignores it).
    let easing: Easing
    /// The seed of the focal point, framings and wobble.
    let seed: UInt64
    /// Frames in the move (at least one).
    let frameCount: Int
    /// The size of the source picture.
    let sourceSize: PixelSize
    /// The size of the rendered frames.
    let outputSize: PixelSize
    /// The part of the source the camera moves in (the shot's framing); the whole source when unframed.
    let region: FramedRegion
    /// Width of the largest centred crop of the source with the output's shape.
    let coverWidth: Double
    /// Height of that crop.
    let coverHeight: Double
    /// The seeded parameters of the move.
    let plan: Plan
    /// Whether the first frame shows the whole picture (the cover crop, unmoved) and the move eases in
    /// from it, so a take continuing another's last frame starts on exactly that frame.
    let opensOnWholePicture: Bool

    /// Works out the path of `motion` over a source of `sourceSize` framed for `outputSize`, moving inside
    /// `region` (the framing's part of the source; the whole source when `nil`).
    ///
    /// `intensity` is clamped to `0...2`; `frameCount` below one counts as one.
    init(
        motion: CameraMotion, intensity: Double = 1, easing: Easing = .easeInOut, seed: UInt64,
        frameCount: Int, sourceSize: PixelSize, outputSize: PixelSize, region: FramedRegion? = nil,
        opensOnWholePicture: Bool = false
    ) {
        precondition(sourceSize.width > 0 && sourceSize.height > 0, "the source must not be empty")
        precondition(outputSize.width > 0 && outputSize.height > 0, "the output must not be empty")
        self.motion = motion
        self.intensity = intensity.isNaN ? 1 : min(max(intensity, 0), 2)
        self.easing = easing
        self.seed = seed
        self.frameCount = max(1, frameCount)
        self.sourceSize = sourceSize
        self.outputSize = outputSize
        self.opensOnWholePicture = opensOnWholePicture
        let whole = FramedRegion(
            x: 0, y: 0, width: Double(sourceSize.width), height: Double(sourceSize.height))
        self.region = region ?? whole
        // The camera treats its region as the picture it moves over.
        let sourceWidth = self.region.width
        let sourceHeight = self.region.height
        let cover = FramedRegion.cover(
            sourceWidth: sourceWidth, sourceHeight: sourceHeight,
            aspect: Double(outputSize.width) / Double(outputSize.height))
        coverWidth = cover.width
        coverHeight = cover.height
        plan = Plan.make(
            motion: motion, intensity: self.intensity, seed: seed,
            source: (sourceWidth, sourceHeight), cover: (coverWidth, coverHeight))
    }

    /// Whether the move needs a depth map (truck and orbit slide near things further than far ones).
    var usesParallax: Bool {
        switch motion {
        case .truckLeft, .truckRight, .orbit: return intensity > 0
        default: return false
        }
    }

    /// Linear progress of frame `index`: 0 at the first frame, 1 at the last.
    func progress(at index: Int) -> Double {
        guard frameCount > 1 else { return 0 }
        return Double(min(max(index, 0), frameCount - 1)) / Double(frameCount - 1)
    }

    /// The viewport of frame `index` (clamped to the frames of the move).
    func viewport(at index: Int) -> Viewport {
        let frame = min(max(index, 0), frameCount - 1)
        let t = progress(at: frame)
        let eased = easing.apply(t)
        let pose = plan.pose(frame: frame, progress: t, eased: eased)
        let planned = place(pose)
        guard opensOnWholePicture else { return planned }
        // From the whole picture into the move over the first third, smoothly: both ends lie inside the
        // source, and so does every box between them.
        let ramp = min(1, t * 3)
        let weight = ramp * ramp * (3 - 2 * ramp)
        let start = Viewport(
            centerX: region.x + region.width / 2, centerY: region.y + region.height / 2, width: coverWidth,
            height: coverHeight)
        func mix(_ from: Double, _ to: Double) -> Double { from + (to - from) * weight }
        return Viewport(
            centerX: mix(start.centerX, planned.centerX), centerY: mix(start.centerY, planned.centerY),
            width: mix(start.width, planned.width), height: mix(start.height, planned.height),
            parallax: mix(0, planned.parallax), parallaxPivot: planned.parallaxPivot)
    }

    /// Sizes `pose` from the cover crop and keeps it (with its parallax reach) inside the source.
    private func place(_ pose: Pose) -> Viewport {
        let sourceWidth = region.width
        let sourceHeight = region.height
        let zoom = max(pose.zoom, 1)
        let width = coverWidth / zoom
        let height = coverHeight / zoom
        var viewport = Viewport(
            centerX: pose.centerX, centerY: pose.centerY, width: width, height: height,
            parallax: pose.parallax, parallaxPivot: pose.pivot)
        let margin = viewport.maximumParallaxShift
        viewport.centerX =
            region.x + Self.clamp(pose.centerX, width / 2 + margin, sourceWidth - width / 2 - margin)
        viewport.centerY = region.y + Self.clamp(pose.centerY, height / 2, sourceHeight - height / 2)
        return viewport
    }

    /// `value` limited to `low...high`, or the middle of the range when rounding made it empty.
    private static func clamp(_ value: Double, _ low: Double, _ high: Double) -> Double {
        guard low <= high else { return (low + high) / 2 }
        return min(max(value, low), high)
    }
}
