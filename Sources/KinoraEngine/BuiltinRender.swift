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
        request: TakeRequest, sourceURL: URL?, outputURL: URL,
        progress: @escaping @Sendable (_ framesDone: Int, _ framesTotal: Int) -> Void = { _, _ in },
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws {
        self.request = request
        self.sourceURL = sourceURL
        self.outputURL = outputURL
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

    /// Makes every frame and finishes the file, returning the number of frames written; on cancel or
    /// failure no output is left behind.
    public func run() throws -> Int {
        let total = frameCount
        let draw = try prepare()
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
        return total
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
    /// replaces the decoded source picture of an image-to-video shot (tests make theirs in memory, so
    /// no decoder stands between them and the engine).
    func prepare(still: RGBFrame? = nil) throws -> DrawFrame {
        let source = try makeFrameSource(total: frameCount, still: still)
        let style =
            request.settings.style == .none
            ? nil
            : StyleProcessor(
                style: request.settings.style, strength: request.settings.strength, seed: request.seed,
                size: size)
        let grain = parameters.grain
        let seed = request.seed
        return { index, frame in
            try source(index, &frame)
            style?.apply(to: &frame, frameIndex: index)
            if grain > 0 {
                FilmGrain.apply(to: &frame, amount: grain, seed: seed, frame: index)
            }
        }
    }

    /// A function that draws output frame `index` into a frame, for the shot's mode.
    private func makeFrameSource(total: Int, still: RGBFrame?) throws -> DrawFrame {
        switch request.mode {
        case .slate, .textToVideo:
            let slate = try SlateRenderer(
                label: request.settings.parameters["label"] ?? "", prompt: request.prompt,
                duration: request.duration,
                size: size, seed: request.seed)
            return { index, frame in slate.render(frame: index, of: total, into: &frame) }
        case .imageToVideo:
            let source = try still ?? loadStill()
            let camera = CameraMoveRenderer(
                source: source, outputSize: size, motion: request.settings.motion,
                intensity: parameters.intensity,
                easing: parameters.easing, seed: request.seed, frameCount: total)
            return { index, frame in camera.render(frame: index, into: &frame) }
        case .videoToVideo:
            return try videoFrames(total: total)
        }
    }

    /// The source still, decoded large enough for the camera to move in without softening (twice the
    /// output's cover size at most) and never larger than it is.
    private func loadStill() throws -> RGBFrame {
        guard let url = sourceURL else {
            throw EngineError.badSource(
                path: request.source ?? "(none)", reason: "the shot has no source image")
        }
        let info = try probeSource(url)
        guard let video = info.video, info.isStillImage else {
            throw EngineError.badSource(path: url.path, reason: "it is not a still image")
        }
        let native = (Double(video.displayWidth), Double(video.displayHeight))
        let cover = max(Double(size.width) / native.0, Double(size.height) / native.1)
        let scale = min(1, 2 * cover)
        let decoded = PixelSize(
            width: max(2, Int((native.0 * scale).rounded())),
            height: max(2, Int((native.1 * scale).rounded())))
        return try FrameDecoder.decodeImage(url: url, size: decoded, fit: .stretch, info: info)
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
