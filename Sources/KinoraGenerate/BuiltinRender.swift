import Foundation
import KinoraCore
import KinoraMedia

/// One run of the built-in engine: picks the frame source for the mode, applies the camera, style and
/// grain to each frame and streams it into the encoder.
struct BuiltinRender {
    let job: GenerationJob
    let parameters: BuiltinParameters
    /// Set when the run is cancelled; polled once per frame.
    let cancelled: AtomicFlag
    let progress: @Sendable (GenerationProgress) -> Void

    private var request: TakeRequest { job.request }
    private var size: PixelSize { PixelSize(width: request.size.width, height: request.size.height) }

    /// Makes every frame and finishes the file; on cancel or failure no output is left behind.
    func run() throws -> GenerationResult {
        let total = job.frameCount
        let frames = try makeFrameSource(total: total)
        let style =
            request.settings.style == .none
            ? nil
            : StyleProcessor(
                style: request.settings.style, strength: request.settings.strength, seed: request.seed,
                size: size)
        let writer = try FrameWriter(url: job.outputURL, size: size, frameRate: request.fps)
        var frame = RGBFrame(width: size.width, height: size.height)
        do {
            for index in 0..<total {
                if cancelled.isSet { throw GenerationError.cancelled }
                try frames(index, &frame)
                style?.apply(to: &frame, frameIndex: index)
                if parameters.grain > 0 {
                    FilmGrain.apply(to: &frame, amount: parameters.grain, seed: request.seed, frame: index)
                }
                try writer.write(frame)
                progress(GenerationProgress(framesDone: index + 1, framesTotal: total))
            }
            try writer.finish()
        } catch {
            writer.cancel()
            try? FileManager.default.removeItem(at: job.outputURL)
            if cancelled.isSet { throw GenerationError.cancelled }
            throw error
        }
        return GenerationResult(frames: total)
    }

    /// A function that draws output frame `index` into a frame, for the shot's mode.
    private func makeFrameSource(total: Int) throws -> (Int, inout RGBFrame) throws -> Void {
        switch request.mode {
        case .slate:
            let slate = try SlateRenderer(
                label: request.settings.parameters["label"] ?? "", prompt: request.prompt,
                duration: request.duration,
                size: size, seed: request.seed)
            return { index, frame in slate.render(frame: index, of: total, into: &frame) }
        case .imageToVideo:
            let source = try loadStill()
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
        guard let url = job.sourceURL else {
            throw GenerationError.badSource(
                path: request.source ?? "(none)", reason: "the shot has no source image")
        }
        let info = try probeSource(url)
        guard let video = info.video, info.isStillImage else {
            throw GenerationError.badSource(path: url.path, reason: "it is not a still image")
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
    private func videoFrames(total: Int) throws -> (Int, inout RGBFrame) throws -> Void {
        guard let url = job.sourceURL else {
            throw GenerationError.badSource(
                path: request.source ?? "(none)", reason: "the shot has no source video")
        }
        let info = try probeSource(url)
        guard let length = info.duration, info.video != nil, !info.isStillImage else {
            throw GenerationError.badSource(path: url.path, reason: "it is not a video")
        }
        let start = request.inPoint ?? 0
        let end = request.outPoint ?? length
        if let problem = ShotSource.rangeProblem(inPoint: start, outPoint: end, mediaDuration: length) {
            throw GenerationError.badSource(path: url.path, reason: problem)
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
            throw GenerationError.badSource(path: url.path, reason: error.userMessage)
        }
    }
}
