import Foundation
import KinoraCore
import KinoraEngine
import KinoraMedia
import KinoraNet

/// One take made on Replicate: check the mapping against the model's schema, send the pictures, create
/// the prediction and record its id at once, follow it by polling (a long `starting` is a cold start),
/// download the video and write it as the take. A cancelled or timed-out take is cancelled on Replicate,
/// unless Kinora is closing and leaves it to be collected next time.
struct ReplicateJob: Sendable {
    /// The backend's name, for messages.
    let backend: String
    /// The API.
    let client: ReplicateClient
    /// Request field → model input.
    let mapping: ReplicateMapping
    /// The model's schema, read once per backend.
    let schemas: ReplicateSchemaCache
    /// Seconds the whole take may take, cold start included.
    let timeout: Double
    /// Bytes a picture may have to go inline as a `data:` URI; larger ones go through the files API.
    let dataURILimit: Int
    /// The most an output may weigh.
    let maximumOutputBytes: Int64
    /// Seconds between polls: from the first value, doubling up to the second.
    let pollInterval: (first: Double, ceiling: Double)
    /// The take to make.
    let job: GenerationJob
    /// Where progress goes.
    let progress: @Sendable (GenerationProgress) -> Void

    private var request: TakeRequest { job.request }
    private var model: String { client.model.model }

    /// Makes the take; throws ``GenerationError/cancelled`` when the task is cancelled and a message
    /// naming Replicate for every failure. No output file is left behind on failure.
    func run() async throws -> GenerationResult {
        let state = RemoteJobState()
        let (model, timeout) = (self.model, self.timeout)
        return try await RemoteRun.run(
            job, endpoint: client.transport.endpoint, timeout: timeout, workPrefix: "replicate", state: state,
            stop: { await self.cancel(state) },
            timedOut: {
                GenerationError.failed(
                    reason:
                        "the Replicate model \(model) did not finish the take within \(Int(timeout.rounded())) s "
                        + "(the backend's timeout, a cold start included), so Kinora cancelled the prediction"
                        + (state.jobID.map { " \(TerminalText.sanitized($0))" } ?? "")
                        + ". Raise the backend's timeout, or try again when the model is warm.")
            }
        ) { work in
            try await self.remote(state: state, work: work)
        }
    }

    // MARK: The take

    /// Everything that talks to the API, in order.
    private func remote(state: RemoteJobState, work: URL) async throws -> GenerationResult {
        let total = job.frameCount
        progress(GenerationProgress(framesDone: 0, framesTotal: total))
        var framing: Framing?
        let id: String
        if let resuming = job.resuming {
            id = resuming.id
            state.jobID = id
            state.recorded = true
            // The take records the framing its source was sent with (if the source is still there).
            if mapping.inputs["image"] != nil, request.mode != .textToVideo, let source = job.sourceURL {
                framing = try? await framed(source, name: "source", work: work).framing
            }
            KinoraLog.logger.info(
                "replicate collects", metadata: ["backend": "\(backend)", "prediction": "\(id)"])
        } else {
            let schema = try await schemas.schema { try await client.schema() }
            try ReplicatePreflight(backend: backend, model: model, mapping: mapping, schema: schema)
                .check(request, hasEndImage: job.endImageURL != nil)
            var pictures: [String: String] = [:]
            if mapping.inputs["image"] != nil, request.mode != .textToVideo, let source = job.sourceURL {
                let prepared = try await picture(source, name: "source", work: work)
                pictures["image"] = prepared.uri
                framing = prepared.framing
            }
            if mapping.inputs["lastImage"] != nil, let end = job.endImageURL {
                pictures["lastImage"] = try await picture(end, name: "end", work: work).uri
            }
            try Task.checkCancellation()
            let inputs = ReplicateInputs(
                request: request, frameCount: total, mapping: mapping, schema: schema)
            let created = try await client.create(input: inputs.values(pictures: pictures))
            id = created.id
            state.jobID = id
            try await RemoteRun.record(
                RemoteJob(id: id, endpoint: client.display, submittedAt: Date()), of: job, state: state
            ) { await cancel(state) }
            KinoraLog.logger.info(
                "replicate prediction",
                metadata: ["backend": "\(backend)", "prediction": "\(TerminalText.sanitized(id))"])
        }
        let finished = try await follow(id, total: total, state: state)
        guard let url = finished.videoURL else {
            throw GenerationError.failed(
                reason:
                    "the Replicate model \(model) finished the prediction \(TerminalText.sanitized(id)) but "
                    + "gave no output URL; check the prediction on replicate.com")
        }
        let download = work.appendingPathComponent("output." + Self.safeExtension(url))
        try await client.transport.download(
            url, to: download, maxBytes: maximumOutputBytes, display: "the take's video")
        let size = PixelSize(width: request.size.width, height: request.size.height)
        let (rate, frames, output, name) = (request.fps, total, job.outputURL, model)
        let written = try await BlockingWork.run { flag in
            try ReplicateTakeWriter.write(
                from: download, to: output, size: size, rate: rate, frames: frames, model: name,
                cancelled: flag)
        }
        progress(GenerationProgress(framesDone: total, framesTotal: total))
        var timing: ModelTiming?
        if let madeRate = written.rate, let madeFrames = written.frames,
            madeRate != request.fps || madeFrames != total || written.size != request.size
        {
            timing = ModelTiming(
                frames: madeFrames, fps: madeRate, size: written.size == request.size ? nil : written.size)
        }
        return GenerationResult(
            frames: total, warning: referencesWarning, framing: framing, modelTiming: timing)
    }

    /// Polls the prediction until it ends: returns it when it succeeded, throws when it failed, was
    /// cancelled or is gone. Progress follows the model's logged percentage; a long `starting` is reported
    /// as a cold start.
    private func follow(_ id: String, total: Int, state: RemoteJobState) async throws -> ReplicatePrediction {
        var delay = pollInterval.first
        var startingSince: Date?
        var reportedColdStart = false
        var failures: [Date] = []
        var done = 0
        while true {
            try Task.checkCancellation()
            guard let prediction = try await poll(id, failures: &failures) else {
                state.finished = true
                if let resuming = job.resuming {
                    throw GenerationError.jobGone(endpoint: resuming.endpoint, id: resuming.id)
                }
                throw GenerationError.failed(
                    reason:
                        "\(ReplicateClient.service.name) at \(client.display) no longer knows the prediction "
                        + "\(TerminalText.sanitized(id)) (HTTP 404). Generate again.")
            }
            if [.succeeded, .failed, .canceled, .aborted].contains(prediction.status) {
                state.finished = true
            }
            switch prediction.status {
            case .succeeded:
                if prediction.dataRemoved && prediction.outputURLs.isEmpty {
                    // Replicate deletes an API prediction's output after an hour.
                    throw GenerationError.jobGone(endpoint: client.display, id: id)
                }
                return prediction
            case .aborted:
                throw GenerationError.failed(
                    reason:
                        "the prediction \(TerminalText.sanitized(id)) passed its deadline on Replicate before a "
                        + "machine could start it (status aborted). Generate again, or raise the backend's timeout."
                )
            case .failed:
                let said = client.transport.endpoint.quote(prediction.error ?? "", limit: 400)
                throw GenerationError.failed(
                    reason:
                        "the Replicate model \(model) failed on the prediction \(TerminalText.sanitized(id))"
                        + (said.isEmpty ? " without saying why" : ": \(said)")
                        + ". Check the shot's inputs and param settings, then generate again.")
            case .canceled:
                throw GenerationError.failed(
                    reason: "the prediction \(TerminalText.sanitized(id)) was cancelled on Replicate (at "
                        + "replicate.com or by another client) before it finished. Generate again.")
            case .starting:
                let since = startingSince ?? Date()
                startingSince = since
                let waited = Date().timeIntervalSince(since)
                if waited >= 10 * pollInterval.first {
                    if !reportedColdStart {
                        reportedColdStart = true
                        KinoraLog.logger.info(
                            "replicate cold start",
                            metadata: ["backend": "\(backend)", "prediction": "\(id)"])
                    }
                    progress(
                        GenerationProgress(
                            framesDone: done, framesTotal: total,
                            note:
                                "cold start: Replicate is booting a machine for \(model) (\(Int(waited)) s so far)"
                        ))
                }
            case .processing:
                startingSince = nil
                if let percent = prediction.loggedPercent {
                    done = max(done, min(total - 1, percent * total / 100))
                }
                progress(GenerationProgress(framesDone: done, framesTotal: total))
            }
            try await Task.sleep(for: .seconds(delay))
            delay = min(delay * 2, pollInterval.ceiling)
        }
    }

    /// Reads the prediction, riding out a connection that drops or a 5xx for fifteen of the slowest polls
    /// (a network blip must not stop following a take the model is still making; a longer outage keeps
    /// it to collect later); `failures` holds when the recent ones happened.
    private func poll(_ id: String, failures: inout [Date]) async throws -> ReplicatePrediction? {
        while true {
            do {
                let prediction = try await client.prediction(id)
                failures.removeAll()
                return prediction
            } catch let error as RemoteError where error.kind == .unreachable || error.kind == .serverError {
                failures.append(Date())
                // Fifteen of the slowest polls (30 s by default); a longer outage keeps the take for later.
                guard let first = failures.first, Date().timeIntervalSince(first) < 15 * pollInterval.ceiling
                else {
                    throw error
                }
                KinoraLog.logger.warning(
                    "replicate poll retried", metadata: ["prediction": "\(id)", "reason": "\(error.message)"])
                try await Task.sleep(for: .seconds(min(2, 0.25 * Double(failures.count))))
            }
        }
    }

    // MARK: Pictures

    /// The still at `url` framed (by the shot's framing, or automatically) at the take's size, as a PNG
    /// `data:` URI when it is small enough, else uploaded through the files API.
    private func picture(_ url: URL, name: String, work: URL) async throws -> (uri: String, framing: Framing)
    {
        let (destination, used) = try await framed(url, name: name, work: work)
        let data = try Data(contentsOf: destination)
        if data.count <= dataURILimit {
            return ("data:image/png;base64," + data.base64EncodedString(), used)
        }
        let hash = try ContentHash.sha256(of: destination)
        let uploaded = try await client.upload(
            destination, name: "kinora-\(hash.prefix(16)).png", contentType: "image/png")
        return (uploaded, used)
    }

    /// The still at `url` framed at the take's size, written as `name.png` in `work`, and the framing used.
    private func framed(_ url: URL, name: String, work: URL) async throws -> (file: URL, framing: Framing) {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?
            .intValue
        guard let bytes else { throw GenerationError.badSource(path: url.path, reason: "it does not exist") }
        guard bytes > 0 else { throw GenerationError.badSource(path: url.path, reason: "it is empty") }
        let destination = work.appendingPathComponent("\(name).png")
        let size = PixelSize(width: request.size.width, height: request.size.height)
        let framing = request.framing
        let backend = self.backend
        let used = try await BlockingWork.run { _ in
            do {
                return try FramedStill.write(url, framing: framing, size: size, to: destination)
            } catch let error as EngineError {
                throw GenerationError(error, backend: backend)
            }
        }
        return (destination, used)
    }

    // MARK: Helpers

    /// What the take should say about cast pictures a hosted model's inputs cannot take.
    private var referencesWarning: String? {
        let pictured = job.references.filter { !$0.imageURLs.isEmpty }
        guard !pictured.isEmpty else { return nil }
        return "the Replicate model \(model) takes no reference pictures: "
            + pictured.map { "@" + $0.reference.name }.joined(separator: ", ") + " reached it only as words"
    }

    /// Cancels the prediction on Replicate, outside the cancelled task so the request is not cancelled with
    /// it; a failure to cancel is logged, not thrown (the take has failed already).
    private func cancel(_ state: RemoteJobState) async {
        guard let id = state.jobID, !state.finished else { return }
        let client = self.client
        await Task {
            do {
                try await client.cancel(id)
            } catch {
                KinoraLog.logger.warning(
                    "replicate cancel failed",
                    metadata: [
                        "prediction": "\(id)",
                        "reason": "\((error as? RemoteError)?.message ?? "\(type(of: error))")",
                    ])
            }
        }.value
    }

    /// The output's file extension, letters and digits only (`mp4` when it has none).
    private static func safeExtension(_ url: URL) -> String {
        let ext = url.pathExtension.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return ext.isEmpty || ext.count > 5 ? "mp4" : ext
    }
}
