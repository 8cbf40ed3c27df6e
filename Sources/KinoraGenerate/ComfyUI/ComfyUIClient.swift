import Foundation
import KinoraCore
import KinoraNet

/// ComfyUI's HTTP routes on KinoraNet's transport (`/upload/image`, `/prompt`, `/history`, `/queue`,
/// `/view`, `/interrupt`, `/system_stats`, `/object_info`, `/models/{folder}`, `/api/jobs`), with the
/// token on every request and every failure a ``RemoteError`` that names the server and says what to do.
struct ComfyUIClient: Sendable {
    /// Where the server is and how to sign in.
    let endpoint: RemoteEndpoint
    /// Requests go through here; connections are shared by every backend of the process.
    let transport: HTTPTransport

    /// How messages name a ComfyUI server and what to do when it cannot be reached.
    static let service = RemoteEndpoint.Service(
        name: "the ComfyUI server",
        unreachableHint: "Start ComfyUI there (python main.py --listen), or fix the backend's endpoint URL.")

    /// A client for `endpoint`, with a request timeout of `requestTimeout` seconds; throws when the
    /// endpoint's `caFile` cannot be read.
    init(endpoint: RemoteEndpoint, requestTimeout: Double) throws {
        self.endpoint = endpoint
        transport = try HTTPTransport(endpoint: endpoint, requestTimeout: max(1, requestTimeout))
    }

    /// What `POST /prompt` answered for a queued workflow.
    struct Queued: Sendable {
        /// The prompt's id: Kinora's own, or the server's where an older server chose its own.
        var promptID: String
        /// Its place in the queue.
        var number: Double?
    }

    /// What `POST /upload/image` answered: the name to put in the workflow.
    struct Uploaded: Sendable {
        /// The file name on the server (it may differ from the name sent).
        var name: String
        /// The sub-folder of the input folder ("" for none).
        var subfolder: String

        /// The value a LoadImage or LoadVideo input takes: `subfolder/name`, or just the name.
        var reference: String { subfolder.isEmpty ? name : "\(subfolder)/\(name)" }
    }

    // MARK: Routes

    /// Uploads `file` into the server's input folder as `name` (overwriting: Kinora's names are
    /// content hashes, so a same-named file is the same file).
    func upload(_ file: URL, as name: String, mimeType: String) async throws -> Uploaded {
        let contents: Data
        do {
            contents = try Data(contentsOf: file)
        } catch {
            throw GenerationError.badSource(
                path: file.path, reason: "it cannot be read (\(error.localizedDescription))")
        }
        let boundary = "kinora-\(UUID().uuidString)"
        var body = Data()
        func field(_ name: String, _ value: String) {
            body.append(
                Data(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
                        .utf8))
        }
        body.append(
            Data(
                ("--\(boundary)\r\nContent-Disposition: form-data; name=\"image\"; filename=\"\(name)\"\r\n"
                    + "Content-Type: \(mimeType)\r\n\r\n").utf8))
        body.append(contents)
        body.append(Data("\r\n".utf8))
        field("overwrite", "true")
        field("type", "input")
        field("subfolder", "")
        body.append(Data("--\(boundary)--\r\n".utf8))
        let json = try await requestJSON(
            .POST, "/upload/image", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        guard let uploaded = json["name"]?.string, !uploaded.isEmpty else {
            throw endpoint.malformed(route: "POST /upload/image", body: json.encoded())
        }
        return Uploaded(name: uploaded, subfolder: json["subfolder"]?.string ?? "")
    }

    /// Queues `workflow` under Kinora's own `promptID` for `clientID`, asking for live previews
    /// (a default server sends none unless the prompt's `extra_data` asks); throws with every node
    /// error the server names when it refuses it.
    func queue(_ workflow: ComfyUIJSON, promptID: String, clientID: String, templateDescription: String)
        async throws -> Queued
    {
        let request: ComfyUIJSON = .object([
            "prompt": workflow, "client_id": .string(clientID), "prompt_id": .string(promptID),
            "extra_data": .object(["preview_method": .string("auto")]),
        ])
        let answer = try await transport.send(
            .POST, "/prompt", body: request.encoded(), contentType: "application/json",
            display: "POST /prompt")
        guard let json = ComfyUIJSON.parse(answer.body), json.object != nil else {
            try transport.check(answer, display: "POST /prompt")
            throw endpoint.malformed(route: "POST /prompt", body: answer.body)
        }
        if answer.status == 400 {
            throw refusal(json, templateDescription: templateDescription)
        }
        try transport.check(answer, display: "POST /prompt")
        guard let queuedID = json["prompt_id"]?.string, !queuedID.isEmpty else {
            throw endpoint.malformed(route: "POST /prompt", body: answer.body)
        }
        return Queued(promptID: queuedID, number: json["number"]?.number)
    }

    /// The history entry of `promptID`, or `nil` while it is queued or running (or after the server
    /// forgot it).
    func history(_ promptID: String) async throws -> ComfyUIJSON? {
        let route =
            "/history/\(promptID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? promptID)"
        let json = try await requestJSON(.GET, route, display: "GET /history")
        guard let entries = json.object else {
            throw endpoint.malformed(route: "GET /history", body: json.encoded())
        }
        return entries[promptID]
    }

    /// The ids of the running and pending prompts.
    func queueIDs() async throws -> (running: [String], pending: [String]) {
        let json = try await requestJSON(.GET, "/queue")
        func ids(_ key: String) -> [String] {
            (json[key]?.array ?? []).compactMap { item in
                item.array.flatMap { $0.count > 1 ? $0[1].string : nil }
            }
        }
        return (ids("queue_running"), ids("queue_pending"))
    }

    /// Downloads an output file (`/view?filename=&subfolder=&type=`) to `destination`, streaming.
    func download(_ file: ComfyUIOutput.File, to destination: URL) async throws {
        let route = endpoint.url(
            "/view",
            query: [
                URLQueryItem(name: "filename", value: file.filename),
                URLQueryItem(name: "subfolder", value: file.subfolder),
                URLQueryItem(name: "type", value: file.type),
            ])
        try await transport.download(
            route, to: destination, display: "the output file \(endpoint.quote(file.filename))")
    }

    /// `/system_stats`: the server's version, as ComfyUI reports it (`system.comfyui_version`); `nil`
    /// from a server too old to have the route or the field.
    func version() async throws -> String? {
        let answer = try await transport.send(.GET, "/system_stats", display: "GET /system_stats")
        if answer.status == 404 { return nil }
        try transport.check(answer, display: "GET /system_stats")
        return ComfyUIJSON.parse(answer.body)?["system"]?["comfyui_version"]?.string
    }

    /// Whether the server has the jobs API (`GET /api/jobs`, with `POST /api/jobs/{id}/cancel`), which
    /// newer servers have; older ones answer 404.
    func hasJobsAPI() async throws -> Bool {
        let answer = try await transport.send(
            .GET, "/api/jobs", query: [URLQueryItem(name: "limit", value: "1")], display: "GET /api/jobs")
        guard answer.status == 200, let json = ComfyUIJSON.parse(answer.body) else { return false }
        return json["jobs"]?.array != nil
    }

    /// `/object_info`: every node class the server can run.
    func nodeClasses() async throws -> Set<String> {
        let json = try await requestJSON(.GET, "/object_info")
        guard let nodes = json.object else {
            throw endpoint.malformed(route: "GET /object_info", body: Data())
        }
        return Set(nodes.keys)
    }

    /// `/models/{folder}`: the model files in one of the server's model folders, or `nil` when the
    /// server has no such folder (an older name, say).
    func models(in folder: String) async throws -> Set<String>? {
        let answer = try await transport.send(.GET, "/models/\(folder)", display: "GET /models/\(folder)")
        if answer.status == 404 { return nil }
        try transport.check(answer, display: "GET /models/\(folder)")
        guard let list = ComfyUIJSON.parse(answer.body)?.array else {
            throw endpoint.malformed(route: "GET /models/\(folder)", body: answer.body)
        }
        return Set(list.compactMap(\.string))
    }

    /// Asks the server to stop `promptID`, queued or running: through `POST /api/jobs/{id}/cancel` where
    /// the server has it, else by removing it from the queue and, when it is the running prompt,
    /// `POST /interrupt` naming it (an older server that ignores the name would otherwise stop someone
    /// else's prompt). Best effort, a few seconds at most; never throws.
    func cancel(_ promptID: String, jobsAPI: Bool) async {
        let id = ComfyUIJSON.string(promptID)
        if jobsAPI {
            let route = "/api/jobs/\(promptID)/cancel"
            let answer = try? await transport.send(
                .POST, route, body: Data("{}".utf8), contentType: "application/json",
                display: "POST /api/jobs/{id}/cancel", timeout: 5)
            if let answer, (200..<300).contains(answer.status) { return }
        }
        _ = try? await transport.send(
            .POST, "/queue", body: ComfyUIJSON.object(["delete": .array([id])]).encoded(),
            contentType: "application/json", timeout: 5)
        let running = (try? await queueIDs().running.contains(promptID)) ?? true
        if running {
            _ = try? await transport.send(
                .POST, "/interrupt", body: ComfyUIJSON.object(["prompt_id": id]).encoded(),
                contentType: "application/json", timeout: 5)
        }
    }

    // MARK: Plumbing

    /// Sends a request and decodes a JSON answer, mapping HTTP failures to messages.
    private func requestJSON(
        _ method: HTTPMethodName, _ route: String, body: Data? = nil, contentType: String? = nil,
        display: String? = nil
    ) async throws -> ComfyUIJSON {
        let shown = display ?? "\(method.rawValue) \(route)"
        let data = try await transport.expectSuccess(
            method, route, body: body, contentType: contentType, display: shown)
        guard let json = ComfyUIJSON.parse(data) else { throw endpoint.malformed(route: shown, body: data) }
        return json
    }

    /// The error for a workflow the server refused (`400` with `error` and `node_errors`).
    private func refusal(_ json: ComfyUIJSON, templateDescription: String) -> GenerationError {
        var problems: [String] = []
        for (id, entry) in (json["node_errors"]?.object ?? [:]).sorted(by: { Self.nodeOrder($0.key, $1.key) })
        {
            let type = entry["class_type"]?.string ?? "?"
            let reasons = (entry["errors"]?.array ?? []).map { error -> String in
                let message = error["message"]?.text ?? "invalid"
                let details = error["details"]?.text ?? ""
                return details.isEmpty ? message : "\(message): \(details)"
            }
            problems.append(
                "node \(id) (\(type)): " + endpoint.quote(reasons.joined(separator: "; "), limit: 200))
        }
        if problems.isEmpty {
            let error = json["error"]
            let message = error?["message"]?.text ?? error?.text ?? "it is not valid"
            let details = error?["details"]?.text ?? ""
            problems.append(endpoint.quote(details.isEmpty ? message : "\(message): \(details)", limit: 240))
        }
        return endpoint.failure(
            "the ComfyUI server at \(endpoint.display) refused the workflow from \(templateDescription): "
                + problems.joined(separator: "; ")
                + ". Install the missing models or custom nodes on the server, or fix the template.")
    }

    /// Numeric node ids in numeric order, others after them alphabetically.
    static func nodeOrder(_ a: String, _ b: String) -> Bool {
        switch (Int(a), Int(b)) {
        case (let x?, let y?): return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return a < b
        }
    }
}

extension RemoteEndpoint {
    /// A generation failure with this endpoint's credentials scrubbed from the reason.
    func failure(_ reason: String) -> GenerationError {
        .failed(reason: redact(reason))
    }
}
