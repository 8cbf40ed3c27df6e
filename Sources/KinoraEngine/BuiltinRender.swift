import Foundation
import KinoraCore
import KinoraMedia

/// One run of the built-in engine, its public entry point: picks the frame source for the mode,
/// applies the camera, style and grain to each frame and streams it into the encoder.
///
/// Blocking and CPU-heavy: run it on a thread of its own, not on the cooperative pool. The same
/// request and source give the same frames bit for bit.
public struct BuiltinRender: Sendable {
    /// Draws output frame `index` into a frame.
    typealias DrawFrame = (_ index: Int, _ frame: inout RGBFrame) throws -> Void

    /// The take to make.
    public let request: TakeRequest
    /// The shot's source file (a still for image-to-video, a video for video-to-video), resolved to an
    /// absolute path; `nil` for slates.
    public let sourceURL: URL?
    /// Where the video is written; nothing is left there on cancel or failure.
    public let outputURL: URL
    /// The picture the take ends on (first and last frames), resolved to an absolute path; `nil` when the
    /// shot has none.
    public let endImageURL: URL?
    /// The engine's own parameters, read from the request.
    let parameters: BuiltinParameters
    /// Told `(framesDone, framesTotal)` after every frame.
    let progress: @Sendable (_ framesDone: Int, _ framesTotal: Int) -> Void
    /// Polled once per frame; when it answers `true` the run stops with ``EngineError/cancelled``.
    let isCancelled: @Sendable () -> Bool

    private var size: PixelSize { PixelSize(width: request.size.width, height: request.size.height) }

    /// Prepares a run of `request` from `sourceURL` into `outputURL`, reading and checking the request's
    /// `param.NAME` values (throws ``EngineError/badParameter(reason:)``). Nothing runs yet.
    public init(
        request: TakeRequest, sourceURL: URL?, outputURL: URL, endImageURL: URL? = nil,
        progress: @escaping @Sendable (_ framesDone: Int, _ framesTotal: Int) -> Void = { _, _ in },
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws {
        self.request = request
        self.sourceURL = sourceURL
        self.outputURL = outputURL
        self.endImageURL = endImageURL
        self.parameters = try BuiltinParameters(request.settings.parameters)
        self.progress = progress
        self.isCancelled = isCancelled
    }

    /// Checks the request's `param.NAME` values without preparing a run, so a bad one is refused before
    /// anything is queued.
    public static func check(_ request: TakeRequest) throws {
        _ = try BuiltinParameters(request.settings.parameters)
    }

    /// How many frames the take has.
    public var frameCount: Int { max(1, request.fps.frames(in: request.duration)) }

    /// What a run made: its frames, the framing the camera used and what the person should know.
    public struct Outcome: Sendable, Hashable {
        /// Frames written.
        public var frames: Int
        /// The framing of the source the camera moved in, and why (`nil` for slates and videos).
        public var framing: Framing?
        /// What the take is not (a text-to-video shot made as a slate), or `nil`.
        public var warning: String?
    }

    /// What a text-to-video take on the built-in engine says about itself.
    public static let textToVideoWarning =
        "the built-in engine cannot read prompts: this take is a slate of the prompt, not a picture made "
        + "from it (use a ComfyUI or plug-in engine for text-to-video)"

    /// Makes every frame and finishes the file; on cancel or failure no output is left behind.
    public func run() throws -> Outcome {
        let total = frameCount
        let prepared = try prepareWithFraming()
        let draw = prepared.draw
        let writer = try FrameWriter(url: outputURL, size: size, frameRate: request.fps)
        do {
            try render(draw) { index, frame in
                try writer.write(frame)
                progress(index + 1, total)
            }
            try writer.finish()
        } catch {
            writer.cancel()
            try? FileManager.default.removeItem(at: outputURL)
            if isCancelled() { throw EngineError.cancelled }
            throw error
        }
        let warning = request.mode == .textToVideo ? Self.textToVideoWarning : nil
        return Outcome(frames: total, framing: prepared.framing, warning: warning)
    }

    /// Makes the take's frames in order with `draw`, handing each to `deliver`; checks for a cancel
    /// before each frame.
    func render(_ draw: DrawFrame, deliver: (_ index: Int, _ frame: RGBFrame) throws -> Void) throws {
        var frame = RGBFrame(width: size.width, height: size.height)
        for index in 0..<frameCount {
            if isCancelled() { throw EngineError.cancelled }
            try draw(index, &frame)
            try deliver(index, frame)
        }
    }

    /// The whole per-frame work: the mode's frame source, then the style, then the grain. `still`
    /// replaces the decoded source picture of an image-to-video shot and `endStill` its end picture
    /// (tests make theirs in memory, so no decoder stands between them and the engine).
    func prepare(still: RGBFrame? = nil, endStill: RGBFrame? = nil) throws -> DrawFrame {
        try prepareWithFraming(still: still, endStill: endStill).draw
    }

    /// ``prepare(still:endStill:)`` with the framing the camera uses.
    func prepareWithFraming(still: RGBFrame? = nil, endStill: RGBFrame? = nil) throws -> (
        draw: DrawFrame, framing: Framing?
    ) {
        let (source, framing) = try makeFrameSource(total: frameCount, still: still, endStill: endStill)
        // A frame taken from a take with this look is styled and grained already; again would show a seam.
        let carriesLook = request.sourceHasLook == true
        let style =
            request.settings.style == .none || carriesLook
            ? nil
            : StyleProcessor(
                style: request.settings.style, strength: request.settings.strength, seed: request.seed,
                size: size)
        let grain = carriesLook ? 0 : parameters.grain
        let seed = request.seed
        let draw: DrawFrame = { index, frame in
            try source(index, &frame)
            style?.apply(to: &frame, frameIndex: index)
            if grain > 0 {
                FilmGrain.apply(to: &frame, amount: grain, seed: seed, frame: index)
            }
        }
        return (draw, framing)
    }

    /// A function that draws output frame `index` into a frame, for the shot's mode.
    private func makeFrameSource(total: Int, still: RGBFrame?, endStill: RGBFrame?) throws -> (
        DrawFrame, Framing?
    ) {
        switch request.mode {
        case .slate, .textToVideo:
            let slate = try SlateRenderer(
                label: request.settings.parameters["label"] ?? "", prompt: request.prompt,
                duration: request.duration,
                size: size, seed: request.seed,
                note: request.mode == .textToVideo ? "text-to-video slate" : nil)
            return ({ index, frame in slate.render(frame: index, of: total, into: &frame) }, nil)
        case .imageToVideo:
            let source = try still ?? loadStill(sourceURL, path: request.source, what: "source image")
            let sourceFraming = framing(for: source)
            let camera = cameraMove(over: source, framing: sourceFraming, total: total)
            guard request.endImage != nil || endStill != nil else {
                return ({ index, frame in camera.render(frame: index, into: &frame) }, sourceFraming)
            }
            // First and last frames: the same move over both pictures, dissolving from the first to the
            // last across the take, so frame 0 is the plain take of the source and the last frame the
            // plain take of the end picture.
            let end = try endStill ?? loadStill(endImageURL, path: request.endImage, what: "end picture")
            let endCamera = cameraMove(over: end, framing: framing(for: end), total: total)
            var first = RGBFrame(width: size.width, height: size.height)
            var last = RGBFrame(width: size.width, height: size.height)
            return (
                { index, frame in
                    let progress = total > 1 ? Double(index) / Double(total - 1) : 1
                    let amount = progress * progress * (3 - 2 * progress)
                    camera.render(frame: index, into: &first)
                    endCamera.render(frame: index, into: &last)
                    FrameBlend.mix(first, last, amount: amount, into: &frame)
                }, sourceFraming
            )
        case .videoToVideo:
            return (try videoFrames(total: total), nil)
        }
    }

    /// The framing of `picture`: the person's, else the automatic one for its shape (centred, or weighted
    /// towards the upper third of a picture taller than the frame).
    private func framing(for picture: RGBFrame) -> Framing {
        request.framing
            ?? Framing.automatic(
                sourceWidth: picture.width, sourceHeight: picture.height, frameWidth: size.width,
                frameHeight: size.height)
    }

    /// The camera move of the request over `picture`, inside its framing; a centred automatic framing
    /// leaves the camera the whole picture to travel over (a panorama is panned across).
    private func cameraMove(over picture: RGBFrame, framing: Framing, total: Int) -> CameraMoveRenderer {
        CameraMoveRenderer(
            source: picture, outputSize: size, motion: request.settings.motion,
            intensity: parameters.intensity, easing: parameters.easing, seed: request.seed, frameCount: total,
            framing: framing.basis == .centre ? nil : framing,
            opensOnWholePicture: request.opensOnSource == true)
    }

    /// A still (the source or the end picture), decoded large enough for the camera to move in without
    /// softening and never larger than it is (``FramedStill/decode(_:outputSize:zoom:)``).
    private func loadStill(_ url: URL?, path: String?, what: String) throws -> RGBFrame {
        guard let url else {
            throw EngineError.badSource(path: path ?? "(none)", reason: "the shot has no \(what)")
        }
        return try FramedStill.decode(url, outputSize: size, zoom: request.framing?.zoom ?? 1)
    }

    /// Output frames from the source video's range: retimed with frame blending, then moved by the camera.
    private func videoFrames(total: Int) throws -> DrawFrame {
        guard let url = sourceURL else {
            throw EngineError.badSource(
                path: request.source ?? "(none)", reason: "the shot has no source video")
        }
        let info = try probeSource(url)
        guard let length = info.duration, info.video != nil, !info.isStillImage else {
            throw EngineError.badSource(path: url.path, reason: "it is not a video")
        }
        let start = request.inPoint ?? 0
        let end = request.outPoint ?? length
        if let problem = ShotSource.rangeProblem(inPoint: start, outPoint: end, mediaDuration: length) {
            throw EngineError.badSource(path: url.path, reason: problem)
        }
        let source = SourceFrames(
            url: url, size: size, start: start, end: end, fps: request.fps.framesPerSecond, info: info)
        let timing = Retiming(
            sourceFrames: source.count, speed: parameters.speed, playback: parameters.playback)
        let camera: CameraMoveRenderer? =
            request.settings.motion == .static
            ? nil
            : CameraMoveRenderer(
                source: RGBFrame(width: size.width, height: size.height), outputSize: size,
                motion: request.settings.motion, intensity: parameters.intensity, easing: parameters.easing,
                seed: request.seed, frameCount: total)
        var blended = RGBFrame(width: size.width, height: size.height)
        return { index, frame in
            let position = timing.sourcePosition(index)
            let base = Int(position.rounded(.down))
            let amount = position - Double(base)
            let first = try source.frame(base)
            if amount > 0.001 {
                FrameBlend.mix(first, try source.frame(base + 1), amount: amount, into: &blended)
            } else {
                blended = first
            }
            if let camera {
                camera.render(frame: index, source: blended, into: &frame)
            } else {
                frame = blended
            }
        }
    }

    private func probeSource(_ url: URL) throws -> MediaInfo {
        do {
            return try MediaProbe.probe(url)
        } catch let error as MediaError {
            throw EngineError.badSource(path: url.path, reason: error.userMessage)
        }
    }
}
