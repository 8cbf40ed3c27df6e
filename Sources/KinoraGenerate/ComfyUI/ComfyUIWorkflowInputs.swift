import Foundation
import KinoraCore
import KinoraEngine
import KinoraMedia

/// What a take's ComfyUI workflow reads and makes, wherever the workflow runs (a ComfyUI server, a RunPod
/// worker): the source, end and reference pictures prepared at the model's size and named by content,
/// the template filled with their names on the server, and the outputs written as the take.
struct ComfyUIWorkflowInputs: Sendable {
    /// The workflow to fill.
    let template: ComfyUITemplate
    /// The take to make.
    let job: GenerationJob

    private var request: TakeRequest { job.request }

    /// A file the workflow reads, ready to send: where it is, the name it goes under, its type.
    struct InputFile: Sendable {
        /// The prepared file in the work folder.
        var file: URL
        /// Its name on the server (a content hash, so the same picture is sent under the same name).
        var name: String
        /// `image/png` or `video/mp4`.
        var mimeType: String
    }

    /// Every file the workflow reads, prepared.
    struct Prepared: Sendable {
        /// The source picture or clip (`{{source}}`), unless text-to-video.
        var source: InputFile?
        /// The end picture (`{{end_image}}`), when the template takes one.
        var end: InputFile?
        /// The reference pictures (`{{reference_image_N}}`) the template takes, in order.
        var references: [InputFile]
        /// The framing used for the source picture.
        var framing: Framing?

        /// Every file, in the order they are sent (RunPod sends them all in one request).
        var all: [InputFile] { [source, end].compactMap { $0 } + references }
    }

    /// The files a finished workflow made, fetched into the work folder.
    enum LocalOutput: Sendable {
        /// One video file.
        case video(URL)
        /// Pictures in frame order.
        case frames([URL])
    }

    /// Prepares the source, end and reference pictures in `work`.
    func prepare(work: URL) async throws -> Prepared {
        let timing = modelTiming
        let size = modelSize
        var prepared = Prepared(source: nil, end: nil, references: [], framing: nil)
        if template.mode != .textToVideo {
            let source = try await prepareSource(work: work, timing: timing, size: size)
            prepared.source = InputFile(file: source.file, name: source.name, mimeType: source.mimeType)
            prepared.framing = source.framing
        }
        if template.usesEndImage {
            let end = try await endPicture(work: work, size: size)
            prepared.end = InputFile(file: end.file, name: end.name, mimeType: end.mimeType)
        }
        for (index, url) in job.referenceImageURLs.prefix(template.referenceImageCount).enumerated() {
            let destination = work.appendingPathComponent("reference-\(index + 1).png")
            let framed = try await framedPicture(url, framing: nil, size: size, to: destination)
            prepared.references.append(
                InputFile(
                    file: framed.upload.file, name: framed.upload.name, mimeType: framed.upload.mimeType))
        }
        return prepared
    }

    /// The template filled for this take, with the prepared files under the names the server gave them
    /// (`source`, `end`, `references`: "" where the template takes none).
    func workflow(source: String, end: String, references: [String]) throws -> ComfyUIJSON {
        let timing = modelTiming
        let size = modelSize
        var values = ComfyUITemplate.Values(
            prompt: request.enginePrompt, negativePrompt: request.negativePrompt, seed: request.seed,
            source: source, frames: timing.frames, fps: timing.fps.framesPerSecond,
            width: size.width, height: size.height, strength: request.settings.strength,
            parameters: request.settings.parameters)
        values.endImage = end
        values.referenceImages = references
        values.referenceText = (request.references ?? []).map { "\($0.name): \($0.promptText)" }
            .joined(separator: "; ")
        return try template.filled(with: values)
    }

    /// Writes the take from the fetched outputs to the job's output file; a model with its own frame
    /// rule is retimed from its rate to the take's (so a 16 fps Wan take plays at its speed).
    func write(_ output: LocalOutput) async throws {
        let timing = template.frameRule == nil ? nil : modelTiming
        let target = ComfyUITakeWriter.Target(
            url: job.outputURL, size: PixelSize(width: request.size.width, height: request.size.height),
            rate: request.fps, frames: job.frameCount, sourceRate: timing?.fps)
        switch output {
        case .video(let local):
            _ = try await BlockingWork.run { flag in
                try ComfyUITakeWriter.writeVideo(from: local, to: target, cancelled: flag)
            }
        case .frames(let locals):
            try await BlockingWork.run { flag in
                try ComfyUITakeWriter.writeFrames(from: locals, to: target, cancelled: flag)
            }
        }
    }

    /// What a finished take reports: its frames, where it was made, the framing, the model's own timing
    /// when it differs, and a warning for reference pictures the template could not take.
    func result(worker: String, framing: Framing?) -> GenerationResult {
        let timing = modelTiming
        let size = modelSize
        let resized = size != request.size
        let differs = timing.frames != job.frameCount || timing.fps != request.fps || resized
        let recorded = ModelTiming(frames: timing.frames, fps: timing.fps, size: resized ? size : nil)
        return GenerationResult(
            frames: job.frameCount, worker: worker, warning: unusedReferencesWarning, framing: framing,
            modelTiming: differs ? recorded : nil)
    }

    /// A file name safe to use in the work folder.
    static func safeName(_ name: String) -> String {
        let cleaned = String(
            name.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" })
        return String(cleaned.suffix(80))
    }

    /// What the take should say about reference pictures the template could not take.
    private var unusedReferencesWarning: String? {
        let unused = job.references.filter { reference in
            guard !reference.imageURLs.isEmpty else { return false }
            let first = job.referenceImageURLs.firstIndex(of: reference.imageURLs[0]) ?? 0
            return first >= template.referenceImageCount
        }
        guard !unused.isEmpty else { return nil }
        let names = unused.map { "@" + $0.reference.name }.joined(separator: ", ")
        return template.referenceImageCount == 0
            ? "the template \(template.name) takes no reference pictures: \(names) reached it only as words"
            : "the template \(template.name) takes \(template.referenceImageCount) reference picture"
                + (template.referenceImageCount == 1 ? "" : "s") + ": \(names) reached it only as words"
    }

    /// The size the template's model makes for this take (the nearest its rule allows, or the take's own);
    /// the take is scaled back to the project's size when it is written.
    var modelSize: FrameSize {
        template.sizeRule?.size(for: request.size) ?? request.size
    }

    /// The frames the template's model makes for this take (its rule, or the take's own frames).
    var modelTiming: ModelTiming {
        guard let rule = template.frameRule else {
            return ModelTiming(frames: job.frameCount, fps: request.fps)
        }
        return rule.timing(duration: request.duration, rate: request.fps)
    }

    /// The end picture to upload, framed like the source (the person's framing, or its own automatic one)
    /// at the model's size and named by content.
    private func endPicture(work: URL, size: FrameSize) async throws -> (
        file: URL, name: String, mimeType: String
    ) {
        guard let url = job.endImageURL else {
            throw GenerationError.badSource(
                path: request.endImage ?? "(none)",
                reason: "the template \(template.name) needs an end picture and the shot has none")
        }
        return try await framedPicture(
            url, framing: request.framing, size: size, to: work.appendingPathComponent("end.png")
        ).upload
    }

    /// The still at `url` framed by `framing` (the shot's, or automatic when `nil`) at the model's `size`
    /// (so a portrait keeps its head instead of the template cropping its middle), written to
    /// `destination` as a PNG named by content.
    private func framedPicture(_ url: URL, framing: Framing?, size: FrameSize, to destination: URL)
        async throws -> (
            upload: (file: URL, name: String, mimeType: String), framing: Framing
        )
    {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?
            .intValue
        guard let bytes else { throw GenerationError.badSource(path: url.path, reason: "it does not exist") }
        guard bytes > 0 else { throw GenerationError.badSource(path: url.path, reason: "it is empty") }
        let used = try await BlockingWork.run { _ in
            do {
                return try FramedStill.write(
                    url, framing: framing, size: PixelSize(width: size.width, height: size.height),
                    to: destination)
            } catch let error as EngineError {
                throw GenerationError(error, backend: "comfyui")
            }
        }
        let hash = try ContentHash.sha256(of: destination)
        return ((destination, "kinora-\(hash.prefix(16)).png", "image/png"), used)
    }

    /// The file to upload: the still as it is, or the video source cut to the shot's range at the model's
    /// size, frame count and rate; named by content so the same source is uploaded under the same name.
    private func prepareSource(work: URL, timing: ModelTiming, size modelSize: FrameSize) async throws -> (
        file: URL, name: String, mimeType: String, framing: Framing?
    ) {
        guard let url = job.sourceURL else {
            throw GenerationError.badSource(
                path: request.source ?? "(none)",
                reason: "the shot has no source; ComfyUI templates animate one")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
        guard let size else { throw GenerationError.badSource(path: url.path, reason: "it does not exist") }
        guard size > 0 else { throw GenerationError.badSource(path: url.path, reason: "it is empty") }
        let hash = try request.sourceHash ?? ContentHash.sha256(of: url)
        switch request.mode {
        case .videoToVideo:
            let clip = work.appendingPathComponent("source.mp4")
            let target = ComfyUITakeWriter.Target(
                url: clip, size: PixelSize(width: modelSize.width, height: modelSize.height),
                rate: timing.fps, frames: timing.frames)
            let (inPoint, outPoint) = (request.inPoint, request.outPoint)
            let (start, end) = try await BlockingWork.run { flag in
                let info: MediaInfo
                do {
                    info = try MediaProbe.probe(url)
                } catch let error as MediaError {
                    throw GenerationError.badSource(path: url.path, reason: error.userMessage)
                }
                guard let length = info.duration, info.video != nil, !info.isStillImage else {
                    throw GenerationError.badSource(path: url.path, reason: "it is not a video")
                }
                let start = inPoint ?? 0
                let end = outPoint ?? length
                if let problem = ShotSource.rangeProblem(inPoint: start, outPoint: end, mediaDuration: length)
                {
                    throw GenerationError.badSource(path: url.path, reason: problem)
                }
                try ComfyUITakeWriter.writeClip(from: url, range: (start, end), to: target, cancelled: flag)
                return (start, end)
            }
            let key = "\(hash) \(start) \(end) \(timing.fps) \(modelSize) \(timing.frames)"
            let name = "kinora-" + String(ContentHash.sha256(of: Data(key.utf8)).prefix(16)) + ".mp4"
            return (clip, name, "video/mp4", nil)
        case .imageToVideo, .slate, .textToVideo:
            let framed = try await framedPicture(
                url, framing: request.framing, size: modelSize, to: work.appendingPathComponent("source.png"))
            return (framed.upload.file, framed.upload.name, framed.upload.mimeType, framed.framing)
        }
    }

}
