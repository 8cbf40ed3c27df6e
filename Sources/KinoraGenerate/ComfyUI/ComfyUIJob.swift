import Foundation
import KinoraCore
import KinoraEngine
import KinoraMedia
import KinoraNet

/// One take made on a ComfyUI server: learn the server (once per process), check that it has every node
/// and model the template needs, upload the source, fill the template, record Kinora's own prompt id in
/// the take and queue it with `POST /prompt`, follow it on the WebSocket (`ws://` or `wss://`: progress
/// and live previews), fetch the history entry and write the output as the take. A cancelled or
/// timed-out take is cancelled on the server, queued or running. A take whose prompt a Kinora that
/// stopped left on the server is collected from there instead of being queued again.
///
/// The prompt is polled (`/queue`, `/history/{id}`) only while the WebSocket is lost, or where a proxy
/// refuses WebSockets altogether.
struct ComfyUIJob: Sendable {
    /// The server.
    let client: ComfyUIClient
    /// The workflow to fill.
    let template: ComfyUITemplate
    /// Seconds the whole take may take.
    let timeout: Double
    /// Seconds a lost connection is retried before the server is declared gone.
    let reconnectWindow: Double
    /// The take to make.
    let job: GenerationJob
    /// Where progress goes.
    let progress: @Sendable (GenerationProgress) -> Void

    private var endpoint: RemoteEndpoint { client.endpoint }
    private var request: TakeRequest { job.request }

    /// Makes the take; throws ``GenerationError/cancelled`` when the task is cancelled, and a message
    /// naming the server for every failure. No output file is left behind on failure.
    func run() async throws -> GenerationResult {
        let state = ComfyUIRunState()
        let (endpoint, timeout) = (self.endpoint, self.timeout)
        return try await RemoteRun.run(
            job, endpoint: endpoint, timeout: timeout, workPrefix: "comfyui", state: state,
            stop: { await self.stop(state) },
            timedOut: {
                endpoint.failure(
                    "the ComfyUI server at \(endpoint.display) did not finish the take within "
                        + "\(RemoteRun.seconds(timeout)) s (the backend's timeout), so Kinora asked it to stop. "
                        + "Raise the backend's timeout, or check that the server is not busy with other work."
                )
            }
        ) { work in
            if let remote = job.resuming { return try await self.collect(remote, state: state, work: work) }
            return try await self.remote(state: state, work: work)
        }
    }

    /// Seconds of silence on the WebSocket after which Kinora asks the server where the prompt is.
    static let idleInterval = 15.0

    // MARK: The take

    /// Everything that talks to the server, in order.
    private func remote(state: ComfyUIRunState, work: URL) async throws -> GenerationResult {
        var tracker = ComfyUIProgress(
            total: job.frameCount, samplers: template.samplerNodeIDs, report: progress)
        progress(GenerationProgress(framesDone: 0, framesTotal: tracker.total))
        let inputs = ComfyUIWorkflowInputs(template: template, job: job)
        let facts = try await ComfyUIServerFacts.shared.facts(for: client)
        state.jobsAPI = facts.jobsAPI
        if await !ComfyUIServerFacts.shared.hasPassed(template.contentHash, on: client) {
            let references = Array(repeating: "kinora-preflight.png", count: template.referenceImageCount)
            let sketch = try inputs.workflow(
                source: "kinora-preflight.png", end: "kinora-preflight.png", references: references)
            try await ComfyUIPreflight.check(sketch, template: template, client: client)
            await ComfyUIServerFacts.shared.markPassed(template.contentHash, on: client)
        }
        let prepared = try await inputs.prepare(work: work)
        func upload(_ file: ComfyUIWorkflowInputs.InputFile?) async throws -> String {
            guard let file else { return "" }
            return try await client.upload(file.file, as: file.name, mimeType: file.mimeType).reference
        }
        let sourceName = try await upload(prepared.source)
        let endName = try await upload(prepared.end)
        var references: [String] = []
        for reference in prepared.references { references.append(try await upload(reference)) }
        try Task.checkCancellation()
        let workflow = try inputs.workflow(source: sourceName, end: endName, references: references)
        // Kinora's own id, recorded in the take before the prompt leaves: if the answer is lost, or Kinora
        // is killed, the prompt can still be found, followed and stopped.
        let promptID = UUID().uuidString.lowercased()
        let clientID = Self.clientID(for: promptID)
        try await job.recordRemoteJob(
            RemoteJob(id: promptID, endpoint: endpoint.display, submittedAt: Date(), clientID: clientID))
        state.recorded = true
        let socket = try await openSocket(clientID: clientID, quiet: false)
        defer { socket?.close() }
        state.jobID = promptID
        let queued = try await client.queue(
            workflow, promptID: promptID, clientID: clientID,
            templateDescription: "the template \(template.name) (\(template.file.path))")
        if queued.promptID != promptID {
            // An older server chose its own id.
            state.jobID = queued.promptID
            try await job.recordRemoteJob(
                RemoteJob(
                    id: queued.promptID, endpoint: endpoint.display, submittedAt: Date(), clientID: clientID))
        }
        let entry = try await follow(
            socket, promptID: queued.promptID, clientID: clientID, state: state, tracker: &tracker)
        state.finished = true
        return try await finish(
            entry, promptID: queued.promptID, inputs: inputs, work: work, framing: prepared.framing,
            tracker: &tracker)
    }

    /// Follows, or collects, the prompt `remote` a Kinora that stopped left on the server: only a prompt the
    /// server no longer knows ends the take (``GenerationError/jobGone(endpoint:id:)``).
    private func collect(_ remote: RemoteJob, state: ComfyUIRunState, work: URL) async throws
        -> GenerationResult
    {
        var tracker = ComfyUIProgress(
            total: job.frameCount, samplers: template.samplerNodeIDs, report: progress)
        progress(GenerationProgress(framesDone: 0, framesTotal: tracker.total))
        let inputs = ComfyUIWorkflowInputs(template: template, job: job)
        // The id comes from storyboard.json: only a prompt id's characters go into a URL.
        guard !remote.id.isEmpty, remote.id.count <= 100,
            remote.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { throw GenerationError.jobGone(endpoint: endpoint.display, id: remote.id) }
        state.recorded = true
        let facts = try await ComfyUIServerFacts.shared.facts(for: client)
        state.jobsAPI = facts.jobsAPI
        state.jobID = remote.id
        let clientID = remote.clientID ?? Self.clientID(for: remote.id)
        // The same client id as the run that queued it: the server sends the prompt's messages there.
        let socket = try await openSocket(clientID: clientID, quiet: false)
        defer { socket?.close() }
        let entry: ComfyUIJSON
        switch try await standing(remote.id) {
        case .gone:
            throw GenerationError.jobGone(endpoint: endpoint.display, id: remote.id)
        case .done(let finished):
            entry = finished
        case .waiting(let running):
            state.started = running
            entry = try await follow(
                socket, promptID: remote.id, clientID: clientID, state: state, tracker: &tracker)
        }
        state.finished = true
        // The framing a picture was asked with is worked out again locally (nothing is uploaded); a source
        // gone since only loses that note, not the take. A clip has no framing, so it is not cut again.
        let framing =
            template.mode == .videoToVideo ? nil : (try? await inputs.prepare(work: work))?.framing
        return try await finish(
            entry, promptID: remote.id, inputs: inputs, work: work, framing: framing, tracker: &tracker)
    }

    /// The WebSocket client id for a prompt: derived from its id, so a later run that collects the
    /// prompt listens as the client that queued it.
    private static func clientID(for promptID: String) -> String {
        "kinora" + promptID.replacingOccurrences(of: "-", with: "")
    }

    /// Checks the finished prompt's history entry, downloads its output and writes the take.
    private func finish(
        _ entry: ComfyUIJSON, promptID: String, inputs: ComfyUIWorkflowInputs, work: URL, framing: Framing?,
        tracker: inout ComfyUIProgress
    ) async throws -> GenerationResult {
        try checkStatus(entry, promptID: promptID)
        guard let output = ComfyUIOutput.pick(from: entry["outputs"]) else {
            throw endpoint.failure(
                "the ComfyUI server at \(endpoint.display) finished the take but listed no video or pictures in "
                    + "its history: the template \(template.name) (\(template.file.path)) has no output node that "
                    + "saved anything. Give it a SaveVideo, VHS_VideoCombine or SaveImage node.")
        }
        try await inputs.write(try await fetch(output, work: work))
        tracker.finish()
        return inputs.result(worker: endpoint.display, framing: framing)
    }

    /// Downloads the output files into `work`.
    private func fetch(_ output: ComfyUIOutput, work: URL) async throws -> ComfyUIWorkflowInputs.LocalOutput {
        switch output {
        case .video(let file):
            let local = work.appendingPathComponent("output-" + ComfyUIWorkflowInputs.safeName(file.filename))
            try await client.download(file, to: local)
            return .video(local)
        case .frames(let files):
            var locals: [URL] = []
            for (index, file) in files.enumerated() {
                try Task.checkCancellation()
                let local = work.appendingPathComponent(
                    String(format: "frame-%06d-", index) + ComfyUIWorkflowInputs.safeName(file.filename))
                try await client.download(file, to: local)
                locals.append(local)
            }
            return .frames(locals)
        }
    }

    // MARK: Following the prompt

    /// Follows the prompt on the WebSocket until it ends, reconnecting when the connection drops; returns
    /// its history entry.
    private func follow(
        _ first: WebSocketConnection?, promptID: String, clientID: String, state: ComfyUIRunState,
        tracker: inout ComfyUIProgress
    ) async throws -> ComfyUIJSON {
        // A proxy that refuses WebSockets: the prompt is polled.
        guard var socket = first else { return try await poll(promptID, state: state, tracker: &tracker) }
        var extra: [WebSocketConnection] = []
        defer { extra.forEach { $0.close() } }
        while true {
            var lost = "the connection ended"
            stream: for await event in socket.events {
                let message: ComfyUIMessage
                switch event {
                case .text(let text): message = ComfyUIMessage(text: text)
                case .binary(let data): message = ComfyUIMessage(binary: data)
                case .closed(let why):
                    lost = why
                    break stream
                case .idle:
                    // Silence (a model loading, or messages that went to another client): ask where it is.
                    switch try await standingAfterLoss(
                        promptID, reason: "a request failed", reconnected: false)
                    {
                    case .done(let entry):
                        state.finished = true
                        return entry
                    case .gone: throw restarted()
                    case .waiting(let running): if running { state.started = true }
                    }
                    continue
                }
                if try handle(message, promptID: promptID, state: state, tracker: &tracker) {
                    return try await settledEntry(promptID)
                }
            }
            try Task.checkCancellation()
            // The connection dropped before the prompt ended: reconnect for a while, then ask where it is.
            let reconnected = try await reconnect(clientID: clientID)
            if let reconnected { extra.append(reconnected) }
            switch try await standingAfterLoss(promptID, reason: lost, reconnected: reconnected != nil) {
            case .done(let entry):
                return entry
            case .gone:
                throw restarted()
            case .waiting(let running):
                if running { state.started = true }
                guard let reconnected else {
                    return try await poll(promptID, state: state, tracker: &tracker)
                }
                socket = reconnected
            }
        }
    }

    /// Acts on one message; returns `true` when the prompt has ended.
    private func handle(
        _ message: ComfyUIMessage, promptID: String, state: ComfyUIRunState, tracker: inout ComfyUIProgress
    ) throws -> Bool {
        let ours: (String?) -> Bool = { $0 == promptID || ($0 == nil && state.started) }
        switch message {
        case .executionStart(let id) where id == promptID:
            state.started = true
        case .executionCached(let id, let nodes) where id == promptID:
            tracker.cached(nodes)
        case .executing(let id, let node) where ours(id):
            state.started = true
            if node == nil { return true }
        case .progress(let id, let node, let value, let max) where ours(id):
            state.started = true
            tracker.step(node: node, value: value, max: max)
        case .preview(let image, let id) where ours(id) && state.started:
            tracker.preview(image)
        case .executionSuccess(let id) where id == promptID:
            return true
        case .executionError(let id, let details) where id == promptID:
            state.finished = true
            throw executionFailed(details)
        case .executionInterrupted(let id, let details) where id == promptID:
            state.finished = true
            throw interrupted(details)
        default:
            break
        }
        return false
    }

    /// Follows the prompt by asking `/history` and `/queue` (no WebSocket): progress moves only when it
    /// starts and ends.
    private func poll(_ promptID: String, state: ComfyUIRunState, tracker: inout ComfyUIProgress) async throws
        -> ComfyUIJSON
    {
        var delay = 0.2
        while true {
            try Task.checkCancellation()
            switch try await standingAfterLoss(promptID, reason: "a request failed", reconnected: false) {
            case .done(let entry):
                return entry
            case .gone:
                throw restarted()
            case .waiting(let running):
                if running {
                    state.started = true
                    tracker.atLeast(0.05)
                }
                try await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 2)
            }
        }
    }

    /// The history entry of a prompt that just ended (its entry can lag `execution_success` a moment).
    private func settledEntry(_ promptID: String) async throws -> ComfyUIJSON {
        var delay = 0.05
        while true {
            switch try await standing(promptID) {
            case .done(let entry): return entry
            case .gone: throw restarted()
            case .waiting:
                try await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 1)
            }
        }
    }

    /// Where a prompt stands on the server.
    private enum Standing {
        /// Finished (or failed): its history entry.
        case done(ComfyUIJSON)
        /// Still queued, or running.
        case waiting(running: Bool)
        /// Neither queued, running nor in the history: the server forgot it (it restarted).
        case gone
    }

    /// Asks the history, then the queue, then the history again (a prompt moves from running to the
    /// history at once on the server, so it is found in one of the three answers unless it is gone).
    private func standing(_ promptID: String) async throws -> Standing {
        if let entry = try await client.history(promptID) { return .done(entry) }
        let queue = try await client.queueIDs()
        if queue.running.contains(promptID) { return .waiting(running: true) }
        if queue.pending.contains(promptID) { return .waiting(running: false) }
        if let entry = try await client.history(promptID) { return .done(entry) }
        return .gone
    }

    /// ``standing(_:)`` after the connection dropped, saying so when the server does not answer at all.
    /// A few tries: the first request after a restart may meet a connection the server already dropped.
    private func standingAfterLoss(_ promptID: String, reason: String, reconnected: Bool) async throws
        -> Standing
    {
        var attempt = 0
        while true {
            do {
                return try await standing(promptID)
            } catch let error as RemoteError {
                attempt += 1
                if attempt < 3 {
                    try await Task.sleep(for: .seconds(0.2))
                    continue
                }
                guard reconnected else {
                    throw RemoteError(
                        .unreachable,
                        message:
                            "the ComfyUI server at \(endpoint.display) went away during the take (\(reason)) "
                            + "and did not come back within \(RemoteRun.seconds(reconnectWindow)) s")
                }
                throw error
            }
        }
    }

    /// Opens the WebSocket again, retrying with backoff for the reconnect window; `nil` when it stays shut.
    private func reconnect(clientID: String) async throws -> WebSocketConnection? {
        let deadline = Date().addingTimeInterval(reconnectWindow)
        var delay = 0.1
        while Date() < deadline {
            try Task.checkCancellation()
            if let socket = try? await openSocket(clientID: clientID, quiet: true) { return socket }
            try await Task.sleep(for: .seconds(min(delay, max(0.01, deadline.timeIntervalSinceNow))))
            delay = min(delay * 2, 1.6)
        }
        return nil
    }

    /// Opens the WebSocket for `clientID` (`ws://`, or `wss://` for an `https://` server, with the token
    /// on the handshake). A server that refuses the upgrade (a proxy without WebSocket support) gives
    /// `nil`: the prompt is then polled. When `quiet`, every failure gives `nil` or throws unspecifically
    /// (for reconnect attempts).
    private func openSocket(clientID: String, quiet: Bool) async throws -> WebSocketConnection? {
        guard let url = endpoint.webSocketURL("/ws", query: [URLQueryItem(name: "clientId", value: clientID)])
        else { return nil }
        do {
            return try await WebSocketConnection.connect(
                url, endpoint: endpoint, timeout: min(10, max(1, timeout)), idleInterval: Self.idleInterval)
        } catch WebSocketConnection.ConnectError.failed(let error) {
            if quiet { throw CancellationError() }
            // HTTP worked a moment ago: a socket that fails for TLS reasons or does not open in time (a busy
            // server or proxy) is followed by polling instead.
            if error.kind == .tls || error.kind == .unreachable { return nil }
            throw error
        } catch WebSocketConnection.ConnectError.upgradeRefused {
            if quiet { throw CancellationError() }
            return nil
        }
    }

    // MARK: Outcomes

    /// Throws when the history entry says the prompt failed or was interrupted.
    private func checkStatus(_ entry: ComfyUIJSON, promptID: String) throws {
        let status = entry["status"]
        let messages = status?["messages"]?.array ?? []
        for message in messages {
            guard let pair = message.array, pair.count == 2, let kind = pair[0].string else { continue }
            if kind == "execution_error" { throw executionFailed(pair[1]) }
            if kind == "execution_interrupted" { throw interrupted(pair[1]) }
        }
        if status?["status_str"]?.string == "error" {
            throw endpoint.failure(
                "the ComfyUI server at \(endpoint.display) reported an error for the take without details. "
                    + "Check the ComfyUI console, then generate again.")
        }
    }

    /// The message for `execution_error`: the node, its type, the exception and what to do.
    private func executionFailed(_ details: ComfyUIJSON) -> GenerationError {
        let node = details["node_id"]?.text ?? "?"
        let type = details["node_type"]?.text ?? "?"
        let exception = details["exception_type"]?.text ?? "an error"
        let said = endpoint.quote(details["exception_message"]?.text ?? "", limit: 300)
        return endpoint.failure(
            "ComfyUI could not make the take on the server at \(endpoint.display): node \(node) (\(type)) failed with "
                + "\(endpoint.quote(exception, limit: 80))" + (said.isEmpty ? "" : ": \(said)")
                + ". Fix the cause on the server (models, memory, the node's inputs in the template "
                + "\(template.name)), then generate again.")
    }

    /// The message for `execution_interrupted`.
    private func interrupted(_ details: ComfyUIJSON) -> GenerationError {
        let node = details["node_id"]?.text
        let type = details["node_type"]?.text
        let at = node.map { " at node \($0)" + (type.map { " (\($0))" } ?? "") } ?? ""
        return endpoint.failure(
            "the take was interrupted on the ComfyUI server at \(endpoint.display)\(at): someone pressed Cancel in "
                + "ComfyUI or another client sent POST /interrupt. Generate again.")
    }

    /// The message for a prompt the server forgot.
    private func restarted() -> GenerationError {
        endpoint.failure(
            "the ComfyUI server at \(endpoint.display) restarted during the take (the prompt is no longer in its "
                + "queue or history). Generate again.")
    }

    /// Cancels the prompt on the server, queued or running. Runs outside the cancelled task, so its
    /// requests are not cancelled with it.
    private func stop(_ state: ComfyUIRunState) async {
        guard let promptID = state.jobID else { return }
        let client = self.client
        let jobsAPI = state.jobsAPI
        await Task { await client.cancel(promptID, jobsAPI: jobsAPI) }.value
    }
}
