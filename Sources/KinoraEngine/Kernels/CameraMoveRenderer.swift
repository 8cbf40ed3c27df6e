import Foundation
import KinoraCore
import KinoraMedia

/// Renders a camera move (push-in, pan, truck, orbit, hand-held, Ken Burns ...) over a still, or
/// over a video frame by frame, into output frames of a fixed size.
///
/// The path comes from ``CameraPath`` (seeded; the same seed gives byte-identical frames on every
/// run), the pixels from a filtered, sub-pixel accurate resampler that uses all cores. Frames may
/// be rendered in any order.
///
/// Thread safety: an instance keeps scratch memory between frames, so it is not `Sendable`; render
/// from one task at a time, and make one renderer per concurrent job. Each render already spreads
/// its rows over every core.
///
/// Memory: the source is held as 16 bytes per pixel (four `Float` lanes), so a 2048x1152 source
/// takes about 38 MB; decode stills no larger than the move needs (about twice the output).
public final class CameraMoveRenderer {
    /// The camera path the frames follow.
    let path: CameraPath
    /// The size of the source (and of every video frame handed to it later).
    public let sourceSize: PixelSize
    /// The size of the rendered frames.
    public let outputSize: PixelSize
    /// The resampler, holding the current source as planar floats.
    private let sampler: ViewportSampler
    /// Depth of the current source; only for moves with parallax.
    private var depth: DepthEstimate?

    /// Prepares a `motion` over `source`, to be rendered as `frameCount` frames of `outputSize`.
    ///
    /// Converts the source to floats (and estimates its depth for truck and orbit) once, here.
    /// `intensity` is clamped to `0...2` (1 is the default amount of movement). With a `framing` the
    /// camera moves inside the framed part of the source (``FramedRegion``); without one, over all of it.
    /// `opensOnWholePicture` starts the move on the whole picture (a shot continuing another's last
    /// frame must begin on exactly that frame) and eases into the move over its first third.
    public init(
        source: RGBFrame, outputSize: PixelSize, motion: CameraMotion, intensity: Double = 1,
        easing: Easing = .easeInOut, seed: UInt64, frameCount: Int, framing: Framing? = nil,
        opensOnWholePicture: Bool = false
    ) {
        let region = framing.map {
            FramedRegion(
                framing: $0, sourceWidth: Double(source.width), sourceHeight: Double(source.height),
                aspect: Double(outputSize.width) / Double(outputSize.height))
        }
        path = CameraPath(
            motion: motion, intensity: intensity, easing: easing, seed: seed, frameCount: frameCount,
            sourceSize: source.size, outputSize: outputSize, region: region,
            opensOnWholePicture: opensOnWholePicture)
        sourceSize = source.size
        self.outputSize = outputSize
        sampler = ViewportSampler(source: source, outputSize: outputSize)
        depth = path.usesParallax ? DepthEstimate(frame: source) : nil
    }

    /// Frames in the move.
    public var frameCount: Int { path.frameCount }

    /// Renders frame `index` (clamped to the move) into a new frame.
    public func render(frame index: Int) -> RGBFrame {
        var output = RGBFrame(width: outputSize.width, height: outputSize.height)
        render(frame: index, into: &output)
        return output
    }

    /// Renders frame `index` into `output`, reusing its storage when it already has the output
    /// size (otherwise it is replaced by a frame of the right size).
    public func render(frame index: Int, into output: inout RGBFrame) {
        if output.width != outputSize.width || output.height != outputSize.height {
            output = RGBFrame(width: outputSize.width, height: outputSize.height)
        }
        sampler.render(path.viewport(at: index), depth: depth, into: &output)
    }

    /// Renders frame `index` of the move over `source`, a new frame of a video, into `output`.
    ///
    /// `source` must have the size the renderer was made with. It replaces the current source, so
    /// later calls without a source render over it. For truck and orbit the depth is re-estimated
    /// from every frame: it is cheap (a coarse, subsampled grid) and follows moving subjects, and
    /// its heavy blur keeps it from flickering much; frames with identical pixels always get
    /// identical depth, so results stay reproducible.
    public func render(frame index: Int, source: RGBFrame, into output: inout RGBFrame) {
        precondition(source.size == sourceSize, "a video frame must keep the source size \(sourceSize)")
        sampler.load(source)
        if path.usesParallax {
            depth = DepthEstimate(frame: source)
        }
        render(frame: index, into: &output)
    }
}
