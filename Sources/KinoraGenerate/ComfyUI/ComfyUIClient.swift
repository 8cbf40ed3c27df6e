import Foundation
import KinoraCore
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// ComfyUI's HTTP routes through URLSession (`/upload/image`, `/prompt`, `/history`, `/queue`, `/view`,
/// `/interrupt`), with the bearer token on every request and every failure turned into a
/// ``GenerationError`` that names the server and says what to do.
struct ComfyUIClient: Sendable {
    /// Where the server is and how to sign in.
    let endpoint: ComfyUIEndpoint
    /// One session per backend: connections are reused between requests.
    let session: URLSession

    /// A client for `endpoint`, with a request timeout of `requestTimeout` seconds.
    init(endpoint: ComfyUIEndpoint, requestTimeout: Double) {
        self.endpoint = endpoint
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = max(1, requestTimeout)
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        self.session = URLSession(configuration: configuration)
    }

    /// What `POST /prompt` answered for a queued workflow.
    struct Queued: Sendable {
        /// The prompt's id, which every later message and the history use.
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
            "POST", "/upload/image", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        guard let uploaded = json["name"]?.string, !uploaded.isEmpty else {
            throw endpoint.malformed(route: "POST /upload/image", body: json.encoded())
        }
        return Uploaded(name: uploaded, subfolder: json["subfolder"]?.string ?? "")
    }

    /// Queues `workflow` for `clientID`; throws with every node error the server names when it refuses it.
    func queue(_ workflow: ComfyUIJSON, clientID: String, templateDescription: String) async throws -> Queued
    {
        let request: ComfyUIJSON = .object(["prompt": workflow, "client_id": .string(clientID)])
        let (data, status) = try await send(
            "POST", "/prompt", body: request.encoded(), contentType: "application/json")
        guard let json = ComfyUIJSON.parse(data), json.object != nil else {
            if status >= 500 {
                throw endpoint.serverError(status: status, route: "POST /prompt", body: Self.text(data))
            }
            if status != 200 {
                throw endpoint.unexpectedStatus(status, route: "POST /prompt", body: Self.text(data))
            }
            throw endpoint.malformed(route: "POST /prompt", body: data)
        }
        if status == 400 {
            throw refusal(json, templateDescription: templateDescription)
        }
        guard status == 200 else {
            if status >= 500 {
                throw endpoint.serverError(status: status, route: "POST /prompt", body: Self.text(data))
            }
            throw endpoint.unexpectedStatus(status, route: "POST /prompt", body: Self.text(data))
        }
        guard let promptID = json["prompt_id"]?.string, !promptID.isEmpty else {
            throw endpoint.malformed(route: "POST /prompt", body: data)
        }
        return Queued(promptID: promptID, number: json["number"]?.number)
    }

    /// The history entry of `promptID`, or `nil` while it is queued or running (or after the server
    /// forgot it).
    func history(_ promptID: String) async throws -> ComfyUIJSON? {
        let route =
            "/history/\(promptID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? promptID)"
        let json = try await requestJSON("GET", route, display: "GET /history")
        guard let entries = json.object else {
            throw endpoint.malformed(route: "GET /history", body: json.encoded())
        }
        return entries[promptID]
    }

    /// The ids of the running and pending prompts.
    func queueIDs() async throws -> (running: [String], pending: [String]) {
        let json = try await requestJSON("GET", "/queue")
        func ids(_ key: String) -> [String] {
            (json[key]?.array ?? []).compactMap { item in
                item.array.flatMap { $0.count > 1 ? $0[1].string : nil }
            }
        }
        return (ids("queue_running"), ids("queue_pending"))
    }

    /// Downloads an output file (`/view?filename=&subfolder=&type=`) to `destination`.
    func download(_ file: ComfyUIOutput.File, to destination: URL) async throws {
        let route = endpoint.url(
            "/view",
            query: [
                URLQueryItem(name: "filename", value: file.filename),
                URLQueryItem(name: "subfolder", value: file.subfolder),
                URLQueryItem(name: "type", value: file.type),
            ])
        let (data, status) = try await send(URLRequest(url: route), display: "GET /view")
        guard status == 200 else {
            if status >= 500 {
                throw endpoint.serverError(status: status, route: "GET /view", body: Self.text(data))
            }
            throw endpoint.failure(
                "the ComfyUI server at \(endpoint.display) has no output file \(endpoint.quote(file.filename)) "
                    + "(GET /view answered HTTP \(status)); it may have been deleted. Generate again.")
        }
        do {
            try data.write(to: destination)
        } catch {
            throw GenerationError.failed(
                reason:
                    "could not save ComfyUI's output to \(destination.path): \(error.localizedDescription)")
        }
    }

    /// Asks the server to stop `promptID`: removes it from the queue if it is waiting, and interrupts
    /// it if it is running (`{"prompt_id"}` keeps another person's prompt safe on servers that read it).
    /// Best effort, a few seconds at most; never throws.
    func stop(_ promptID: String, running: Bool) async {
        let id = ComfyUIJSON.string(promptID)
        var requests = [("/queue", ComfyUIJSON.object(["delete": .array([id])]))]
        if running { requests.append(("/interrupt", .object(["prompt_id": id]))) }
        for (route, body) in requests {
            var request = URLRequest(url: endpoint.url(route))
            request.httpMethod = "POST"
            request.timeoutInterval = 5
            request.httpBody = body.encoded()
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            for (name, value) in endpoint.authorizationHeaders {
                request.setValue(value, forHTTPHeaderField: name)
            }
            _ = try? await session.data(for: request)
        }
    }

    // MARK: Plumbing

    /// Sends a request and decodes a JSON answer, mapping HTTP failures to messages.
    private func requestJSON(
        _ method: String, _ route: String, body: Data? = nil, contentType: String? = nil,
        display: String? = nil
    ) async throws -> ComfyUIJSON {
        let shown = display ?? "\(method) \(route)"
        let (data, status) = try await send(
            method, route, body: body, contentType: contentType, display: shown)
        guard status == 200 else {
            if status >= 500 {
                throw endpoint.serverError(status: status, route: shown, body: Self.text(data))
            }
            throw endpoint.unexpectedStatus(status, route: shown, body: Self.text(data))
        }
        guard let json = ComfyUIJSON.parse(data) else { throw endpoint.malformed(route: shown, body: data) }
        return json
    }

    private func send(
        _ method: String, _ route: String, body: Data?, contentType: String?, display: String? = nil
    ) async throws -> (Data, Int) {
        var request = URLRequest(url: endpoint.url(route))
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        return try await send(request, display: display ?? "\(method) \(route)")
    }

    /// Sends `request` with the token; throws for transport failures and 401/403.
    private func send(_ request: URLRequest, display: String) async throws -> (Data, Int) {
        var request = request
        for (name, value) in endpoint.authorizationHeaders {
            request.setValue(value, forHTTPHeaderField: name)
        }
        let data: Data
        let response: URLResponse
        let logged: Logger.Metadata = ["server": "\(endpoint.display)", "request": "\(display)"]
        KinoraLog.logger.info("backend request", metadata: logged)
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            KinoraLog.logger.error(
                "backend request failed",
                metadata: logged.merging(["reason": "\(error.localizedDescription)"]) { $1 })
            throw transportError(error)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        KinoraLog.logger.info("backend answer", metadata: logged.merging(["status": "\(status)"]) { $1 })
        if status == 401 || status == 403 { throw endpoint.unauthorized(status: status, route: display) }
        return (data, status)
    }

    /// A URLSession failure in plain words (cancellation passes through untouched).
    private func transportError(_ error: Error) -> Error {
        if error is CancellationError || Task.isCancelled { return CancellationError() }
        let nsError = error as NSError
        let description = nsError.localizedDescription
        let underlying = (nsError.userInfo[NSUnderlyingErrorKey] as? NSError)?.localizedDescription ?? ""
        let said = [description, underlying].joined(separator: " ")
        guard let urlError = error as? URLError else { return endpoint.unreachable(endpoint.quote(said)) }
        switch urlError.code {
        case .cancelled:
            return CancellationError()
        case .cannotConnectToHost:
            return endpoint.unreachable("the connection was refused (nothing is listening there)")
        case .cannotFindHost, .dnsLookupFailed:
            return endpoint.unreachable("the host name could not be found")
        case .timedOut:
            return endpoint.unreachable("it did not answer in time")
        case .notConnectedToInternet, .networkConnectionLost:
            return endpoint.unreachable("the network connection was lost")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected,
            .clientCertificateRequired:
            return endpoint.tlsFailure(said)
        default:
            let lowered = said.lowercased()
            if ["ssl", "tls", "certificate"].contains(where: lowered.contains) {
                return endpoint.tlsFailure(said)
            }
            return endpoint.unreachable(endpoint.quote(said, limit: 160))
        }
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

    private static func text(_ data: Data) -> String {
        String(decoding: data.prefix(4000), as: UTF8.self)
    }
}
