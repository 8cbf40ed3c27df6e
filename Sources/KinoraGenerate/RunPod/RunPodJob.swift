import Foundation
import KinoraCore
import KinoraNet
import Logging

/// One take made on a RunPod serverless endpoint running worker-comfyui: prepare the pictures, fill the
/// template, `POST /run` with the workflow and the pictures as base64 (the job's id recorded in the take
/// at once), follow `GET /status/{id}` with a backoff until the job ends, and write the take from the
/// worker's output. A cancelled or timed-out take is cancelled on RunPod with `POST /cancel/{id}` —
/// unless Kinora is closing, when the job is left to be collected next time.
struct RunPodJob: Sendable {
    /// The backend's settings.
    let backend: RunPodBackend
    /// HTTP to the endpoint.
    let transport: HTTPTransport
    /// The workflow to fill.
    let template: ComfyUITemplate
    /// The take to make.
    let job: GenerationJob
    /// Where progress goes.
    let progress: @Sendable (GenerationProgress) -> Void

    private var endpoint: RemoteEndpoint { backend.endpoint }
    private var templateDescription: String { "the template \(template.name) (\(template.file.path))" }

    /// Makes (or collects) the take; throws ``GenerationError/cancelled`` when the task is cancelled, and
    /// a message naming the endpoint for every failure. No output file is left behind on failure.
    func run() async throws -> GenerationResult {
        let state = RunPodRunState()
        return try await RemoteRun.run(
            job, endpoint: endpoint, timeout: backend.timeout, workPrefix: "runpod", state: state,
            stop: { await self.cancel(state) }, timedOut: { self.failure(self.timedOutMessage(state)) }
        ) { work in
            try await self.remote(state: state, work: work)
        }
    }

    // MARK: The take

    /// Everything that talks to the endpoint, in order.
    private func remote(state: RunPodRunState, work: URL) async throws -> GenerationResult {
        let total = job.frameCount
        progress(GenerationProgress(framesDone: 0, framesTotal: total))
        let inputs = ComfyUIWorkflowInputs(template: template, job: job)
        var status: RunPodStatus
        var framing: Framing?
        if let resuming = job.resuming {
            state.jobID = resuming.id
            state.recorded = true
            guard let first = try await fetchStatus(resuming.id) else {
                throw GenerationError.jobGone(endpoint: resuming.endpoint, id: resuming.id)
            }
            status = first
            // The framing is worked out again from the shot's pictures (the same each time); a source that
            // is gone since does not stop the job's output from being collected.
            framing = try? await inputs.prepare(work: work).framing
        } else {
            let prepared = try await inputs.prepare(work: work)
            framing = prepared.framing
            status = try await submit(inputs: inputs, prepared: prepared, state: state)
        }
        status = try await follow(status, state: state)
        try Task.checkCancellation()
        for warning in status.output?["errors"]?.array ?? [] {
            KinoraLog.logger.notice(
                "runpod worker warning",
                metadata: ["server": "\(endpoint.display)", "warning": "\(endpoint.quote(warning.text))"])
        }
        guard let output = RunPodOutput.pick(from: status.output) else {
            throw failure(
                "\(endpoint.service.name) at \(endpoint.display) finished job \(shown(status.id)) but its worker "
                    + "returned no video or pictures in output.images: \(templateDescription) has no output node "
                    + "whose files worker-comfyui returns. Give it a SaveVideo, SaveWEBM or SaveImage node "
                    + "(worker-comfyui does not return VideoHelperSuite's VHS_VideoCombine output).")
        }
        try await inputs.write(try await fetch(output, work: work))
        progress(GenerationProgress(framesDone: total, framesTotal: total))
        return inputs.result(worker: endpoint.display, framing: framing)
    }

    /// Sends the job with `POST /run` and records its id in the take before anything else; returns
    /// RunPod's first answer.
    private func submit(
        inputs: ComfyUIWorkflowInputs, prepared: ComfyUIWorkflowInputs.Prepared, state: RunPodRunState
    )
        async throws -> RunPodStatus
    {
        let workflow = try inputs.workflow(
            source: prepared.source?.name ?? "", end: prepared.end?.name ?? "",
            references: prepared.references.map(\.name))
        var images: [ComfyUIJSON] = []
        var sent: Set<String> = []
        for file in prepared.all where !sent.contains(file.name) {
            sent.insert(file.name)
            let bytes = try Data(contentsOf: file.file)
            images.append(
                .object(["name": .string(file.name), "image": .string(bytes.base64EncodedString())]))
        }
        let milliseconds = Int64(min(max(backend.timeout, 5), 7 * 24 * 3600) * 1000)
        let body = ComfyUIJSON.object([
            "input": .object(["workflow": workflow, "images": .array(images)]),
            "policy": .object(["executionTimeout": .int(milliseconds)]),
        ]).encoded()
        guard body.count <= backend.payloadLimit else {
            let files = prepared.all.map { file -> String in
                let size =
                    (try? FileManager.default.attributesOfItem(atPath: file.file.path)[.size] as? NSNumber)?
                    .intValue ?? 0
                return "\(file.mimeType == "video/mp4" ? "the source clip" : "a picture") of "
                    + RemoteEndpoint.size(size)
            }
            throw failure(
                "the job for this take is \(RemoteEndpoint.size(body.count)) with its pictures as base64"
                    + (files.isEmpty ? "" : " (\(files.joined(separator: ", ")))")
                    + ", over RunPod's limit of \(RemoteEndpoint.size(backend.payloadLimit)) for POST /run, so "
                    + "nothing was sent to \(endpoint.service.name) at \(endpoint.display). Use a shorter source "
                    + "clip (set the shot's in and out points) or a smaller size.")
        }
        try Task.checkCancellation()
        let answer = try await sendRun(body)
        try check(answer, display: "POST /run")
        guard let status = RunPodStatus(answer.body) else {
            throw endpoint.malformed(route: "POST /run", body: answer.body)
        }
        state.jobID = status.id
        try await RemoteRun.record(
            RemoteJob(id: status.id, endpoint: endpoint.display, submittedAt: Date()), of: job, state: state
        ) { await cancel(state) }
        KinoraLog.logger.info(
            "runpod job submitted", metadata: ["server": "\(endpoint.display)", "job": "\(shown(status.id))"])
        return status
    }

    /// Sends `POST /run`. RunPod names the job only in its answer, so a request already under way is
    /// let finish (for up to ``runGrace`` seconds) when the take is cancelled or times out: the job it
    /// made is then known, recorded and cancelled (or left to collect), never left running unseen.
    private func sendRun(_ body: Data) async throws -> HTTPTransport.Answer {
        let transport = self.transport
        let request = Task {
            try await transport.send(
                .POST, "/run", body: body, contentType: "application/json", display: "POST /run")
        }
        return try await withTaskCancellationHandler {
            try await request.value
        } onCancel: {
            Task {
                try? await Task.sleep(for: .seconds(Self.runGrace))
                request.cancel()
            }
        }
    }

    /// Seconds a `POST /run` under way may still take once the take is cancelled.
    static let runGrace = 10.0

    /// Polls the job until it ends, with a backoff; returns its finished status, or throws for a job that
    /// failed, was cancelled elsewhere, timed out on RunPod or was forgotten.
    private func follow(_ first: RunPodStatus, state: RunPodRunState) async throws -> RunPodStatus {
        var status = first
        var delay = backend.pollInterval
        let queuedSince = Date()
        var noticed = false
        while true {
            state.lastState = status.state
            if [.completed, .failed, .cancelled, .timedOut].contains(status.state) { state.finished = true }
            switch status.state {
            case .completed:
                return status
            case .failed:
                throw failure(
                    "\(endpoint.service.name) at \(endpoint.display) failed job \(shown(status.id)) running "
                        + "\(templateDescription)"
                        + (status.errorText.isEmpty
                            ? " without saying why"
                            : ": \(endpoint.quote(status.errorText, limit: 400))")
                        + ". Check the worker's log in RunPod's console (models, custom nodes, memory), then "
                        + "generate again.")
            case .cancelled:
                throw failure(
                    "job \(shown(status.id)) was cancelled on \(endpoint.service.name) at \(endpoint.display) "
                        + "(through RunPod's console or API) before it finished. Generate again.")
            case .timedOut:
                let ran = status.executionTime.map { " after \(RemoteRun.seconds($0 / 1000)) s" } ?? ""
                throw failure(
                    "RunPod's execution timeout stopped job \(shown(status.id)) on \(endpoint.service.name) at "
                        + "\(endpoint.display)\(ran) (or it expired in the queue before a worker took it). Raise "
                        + "the backend's timeout (Kinora asks RunPod for it per job) and the endpoint's "
                        + "execution timeout in RunPod's console, or make a shorter take.")
            case .inProgress:
                if !state.started {
                    state.started = true
                    let total = job.frameCount
                    progress(GenerationProgress(framesDone: total / 10, framesTotal: total))
                }
            case .inQueue:
                state.queuedSeconds = Date().timeIntervalSince(queuedSince)
                if !noticed, state.queuedSeconds >= backend.queueNotice {
                    noticed = true
                    state.queueReason = await queueReason()
                    KinoraLog.logger.notice(
                        "runpod job waiting in the queue",
                        metadata: [
                            "server": "\(endpoint.display)", "job": "\(shown(status.id))",
                            "seconds": "\(Int(state.queuedSeconds))", "why": "\(state.queueReason)",
                        ])
                }
                if noticed {
                    progress(
                        GenerationProgress(
                            framesDone: 0, framesTotal: job.frameCount,
                            note:
                                "waiting in RunPod's queue: \(state.queueReason) (\(Int(state.queuedSeconds)) s so far)"
                        ))
                }
            case .other(let name):
                KinoraLog.logger.info(
                    "runpod job state",
                    metadata: ["job": "\(shown(status.id))", "state": "\(endpoint.quote(name))"])
            }
            try await Task.sleep(for: .seconds(delay))
            delay = min(delay * 2, backend.maximumPollInterval)
            guard let next = try await fetchStatus(status.id) else {
                if let resuming = job.resuming {
                    throw GenerationError.jobGone(endpoint: resuming.endpoint, id: resuming.id)
                }
                throw failure(
                    "\(endpoint.service.name) at \(endpoint.display) no longer knows job \(shown(status.id)) "
                        + "(GET /status answered HTTP 404: its time to live ran out, or it was purged from the "
                        + "queue). Generate again.")
            }
            status = next
        }
    }

    /// The job's status (`GET /status/{id}`), or `nil` when RunPod answers 404 (it does not know the job).
    private func fetchStatus(_ id: String) async throws -> RunPodStatus? {
        let route = "/status/" + Self.pathComponent(id)
        // A finished job's answer holds the take itself as base64 (worker-comfyui's default).
        var failures = 0
        var answer: HTTPTransport.Answer
        while true {
            do {
                answer = try await transport.send(.GET, route, display: "GET /status", maxBytes: 64 << 20)
                break
            } catch let error as RemoteError where error.kind == .tooLarge {
                throw RemoteError(
                    .tooLarge,
                    message: "\(endpoint.service.name) at \(endpoint.display) answered GET /status for job "
                        + "\(shown(id)) with more than 64 MB (the take inline as base64). Set BUCKET_ENDPOINT_URL "
                        + "on the worker so it hands the output over through S3 instead.")
            } catch let error as RemoteError where RemoteRun.passingFaults.contains(error.kind) {
                // A blip is ridden out for a few seconds; a longer outage keeps the job for later.
                failures += 1
                guard failures < 5 else { throw error }
                try await Task.sleep(for: .seconds(Double(failures)))
            }
        }
        if answer.status == 404 { return nil }
        try check(answer, display: "GET /status")
        guard let status = RunPodStatus(answer.body) else {
            throw endpoint.malformed(route: "GET /status", body: answer.body)
        }
        return status
    }

    /// Why a job waits in the queue, from `GET /health`: no worker up yet (a cold start), or every worker
    /// busy; "" when the endpoint does not say.
    private func queueReason() async -> String {
        guard let answer = try? await transport.send(.GET, "/health", display: "GET /health", timeout: 10),
            answer.status == 200, let health = ComfyUIJSON.parse(answer.body)
        else { return "" }
        let workers = health["workers"]
        let count = { (key: String) in Int(workers?[key]?.number ?? 0) }
        let up = count("idle") + count("running") + count("ready")
        if count("initializing") > 0 || up == 0 {
            return "no worker was ready yet (a cold start: RunPod is starting one and loading the models)"
        }
        return "all \(up) worker\(up == 1 ? " was" : "s were") busy with other jobs"
    }

    /// Throws the status of a failed answer in words; a 404 says the endpoint id is wrong.
    private func check(_ answer: HTTPTransport.Answer, display: String) throws {
        if answer.status == 404 {
            throw endpoint.unexpectedStatus(
                404, route: display, body: String(decoding: answer.body.prefix(400), as: UTF8.self),
                hint: "Check the endpoint id in the backend's url (https://api.runpod.ai/v2/ENDPOINT_ID).")
        }
        try transport.check(answer, display: display)
    }

    // MARK: Output

    /// Writes the output files into `work` (decoding base64, downloading URLs).
    private func fetch(_ output: RunPodOutput, work: URL) async throws -> ComfyUIWorkflowInputs.LocalOutput {
        switch output {
        case .video(let file):
            let local = work.appendingPathComponent("output-" + ComfyUIWorkflowInputs.safeName(file.filename))
            try await save(file, to: local)
            return .video(local)
        case .frames(let files):
            var locals: [URL] = []
            for (index, file) in files.enumerated() {
                try Task.checkCancellation()
                let local = work.appendingPathComponent(
                    String(format: "frame-%06d-", index) + ComfyUIWorkflowInputs.safeName(file.filename))
                try await save(file, to: local)
                locals.append(local)
            }
            return .frames(locals)
        }
    }

    /// Writes one output file to `local`.
    private func save(_ file: RunPodOutput.File, to local: URL) async throws {
        let name = endpoint.quote(file.filename, limit: 80)
        switch file.content {
        case .base64(let text):
            guard let bytes = Data(base64Encoded: text, options: .ignoreUnknownCharacters), !bytes.isEmpty
            else {
                throw failure(
                    "\(endpoint.service.name) at \(endpoint.display) returned \(name) as base64 that does not "
                        + "decode. Check that the endpoint runs worker-comfyui 5 or later.")
            }
            try bytes.write(to: local)
        case .url(let url):
            try await transport.download(
                url, to: local, maxBytes: 1 << 30, display: "the take's output \(name)")
        }
    }

    // MARK: Stopping

    /// Cancels the job on RunPod (`POST /cancel/{id}`) outside the cancelled task, so the request is not
    /// cancelled with it; a failure is logged, not thrown.
    private func cancel(_ state: RunPodRunState) async {
        guard let id = state.jobID else { return }
        let transport = self.transport
        let endpoint = self.endpoint
        await Task {
            do {
                let answer = try await transport.send(
                    .POST, "/cancel/" + Self.pathComponent(id), display: "POST /cancel", timeout: 15)
                KinoraLog.logger.info(
                    "runpod job cancelled",
                    metadata: ["server": "\(endpoint.display)", "status": "\(answer.status)"])
            } catch {
                KinoraLog.logger.error(
                    "runpod cancel failed",
                    metadata: [
                        "server": "\(endpoint.display)",
                        "reason": "\((error as? RemoteError)?.message ?? endpoint.quote("\(error)"))",
                    ])
            }
        }.value
    }

    /// The message when the backend's timeout ran out: where the job was.
    private func timedOutMessage(_ state: RunPodRunState) -> String {
        let limit = RemoteRun.seconds(backend.timeout)
        var text =
            "\(endpoint.service.name) at \(endpoint.display) did not finish the take within \(limit) s (the "
            + "backend's timeout), so Kinora cancelled the job"
        if state.lastState == .inQueue {
            text +=
                ": it waited \(RemoteRun.seconds(state.queuedSeconds.rounded())) s in RunPod's queue and no worker took it"
                + (state.queueReason.isEmpty
                    ? " (a cold start, or every worker busy)" : " (\(state.queueReason))")
                + ". Raise the backend's timeout, or set active (always-on) workers on the endpoint."
        } else {
            text += ". Raise the backend's timeout, or make a shorter or smaller take."
        }
        return text
    }

    // MARK: Helpers

    /// A failure whose text holds no token.
    private func failure(_ text: String) -> GenerationError {
        .failed(reason: endpoint.redact(text))
    }

    /// A job id for messages.
    private func shown(_ id: String) -> String { endpoint.quote(id, limit: 80) }

    /// `text` escaped for a URL path segment.
    private static func pathComponent(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
