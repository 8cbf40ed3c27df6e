import Foundation
import KinoraCore
import KinoraNet

/// Replicate's documented HTTP API (replicate.com/docs/reference/http), the routes Kinora uses: a
/// model's or version's schema, creating a prediction (`models.predictions.create` for `owner/name`,
/// `predictions.create` with a version), reading and cancelling it, and uploading a file
/// (`files.create`). Failures come back as ``RemoteError`` naming the API and never the token.
struct ReplicateClient: Sendable {
    /// HTTP to the API, the token on every request to it (and never to the output's host).
    let transport: HTTPTransport
    /// The model.
    let model: ReplicateModelName

    /// The service as messages name it.
    static let service = RemoteEndpoint.Service(
        name: "Replicate's API",
        unreachableHint:
            "Check the network connection, or the backend's url (leave it out for https://api.replicate.com)."
    )

    /// The API's address as messages show it.
    var display: String { transport.endpoint.display }

    /// The model version's input schema: the model's latest version, or the pinned one; `nil` when the
    /// API gives none.
    func schema() async throws -> ReplicateSchema? {
        let route =
            model.version.map { "/v1/models/\(model.owner)/\(model.name)/versions/\($0)" }
            ?? "/v1/models/\(model.owner)/\(model.name)"
        let answer = try await transport.send(.GET, route)
        if answer.status == 404 {
            throw RemoteError(
                .notFound, status: 404,
                message: "\(Self.service.name) at \(display) knows no model \(model.model)"
                    + (model.version.map { " with the version \($0)" } ?? "")
                    + " (GET \(route) answered HTTP 404). Check the backend's \"model\" against the model's page on "
                    + "replicate.com.")
        }
        try transport.check(answer, display: "GET \(route)")
        guard let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any] else {
            throw transport.endpoint.malformed(route: "GET \(route)", body: answer.body)
        }
        return ReplicateSchema(modelOrVersion: object)
    }

    /// Creates a prediction with `input` and returns it as the API first describes it.
    func create(input: [String: ReplicateValue]) async throws -> ReplicatePrediction {
        struct Body: Encodable {
            var version: String?
            var input: [String: ReplicateValue]
        }
        let route =
            model.version == nil ? "/v1/models/\(model.owner)/\(model.name)/predictions" : "/v1/predictions"
        let body = try JSONEncoder().encode(Body(version: model.version, input: input))
        let answer = try await transport.send(
            .POST, route, body: body, contentType: "application/json", display: "POST \(route)")
        if answer.status == 422 || answer.status == 400 {
            throw RemoteError(
                .unexpected, status: answer.status,
                message: "\(Self.service.name) at \(display) refused the inputs for \(model.model): "
                    + "\(problem(in: answer.body)) (HTTP \(answer.status)). Check the backend's \"inputs\" and the "
                    + "shot's param settings against the model's API page on replicate.com.")
        }
        try transport.check(answer, display: "POST \(route)")
        guard let prediction = ReplicatePrediction(json: answer.body) else {
            throw transport.endpoint.malformed(route: "POST \(route)", body: answer.body)
        }
        return prediction
    }

    /// The prediction `id` as it stands; `nil` when the API no longer knows it (HTTP 404).
    func prediction(_ id: String) async throws -> ReplicatePrediction? {
        let route = "/v1/predictions/\(Self.pathSafe(id))"
        let answer = try await transport.send(.GET, route, display: "GET /v1/predictions/{id}")
        if answer.status == 404 { return nil }
        try transport.check(answer, display: "GET \(route)")
        guard let prediction = ReplicatePrediction(json: answer.body) else {
            throw transport.endpoint.malformed(route: "GET \(route)", body: answer.body)
        }
        return prediction
    }

    /// Asks the API to cancel prediction `id` (a finished one stays as it is).
    func cancel(_ id: String) async throws {
        let route = "/v1/predictions/\(Self.pathSafe(id))/cancel"
        let answer = try await transport.send(.POST, route, display: "POST /v1/predictions/{id}/cancel")
        try transport.check(answer, display: "POST \(route)")
    }

    /// Uploads `file` through the files API and returns the URL a prediction's input can name.
    func upload(_ file: URL, name: String, contentType: String) async throws -> String {
        let boundary = "kinora-\(UUID().uuidString)"
        var body = Data()
        body.append(
            Data(
                ("--\(boundary)\r\nContent-Disposition: form-data; name=\"content\"; filename=\"\(name)\"\r\n"
                    + "Content-Type: \(contentType)\r\n\r\n").utf8))
        body.append(try Data(contentsOf: file))
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        let answer = try await transport.send(
            .POST, "/v1/files", body: body, contentType: "multipart/form-data; boundary=\(boundary)",
            display: "POST /v1/files")
        try transport.check(answer, display: "POST /v1/files")
        guard let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any],
            let url = (object["urls"] as? [String: Any])?["get"] as? String
        else {
            throw transport.endpoint.malformed(route: "POST /v1/files", body: answer.body)
        }
        return url
    }

    /// What a 400/422 answer says was wrong (`detail`, and each `invalid_fields` entry), quoted safely.
    private func problem(in body: Data) -> String {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            return transport.endpoint.quote(String(decoding: body.prefix(400), as: UTF8.self), limit: 200)
        }
        var parts: [String] = []
        if let detail = object["detail"] as? String { parts.append(detail) }
        for field in (object["invalid_fields"] as? [[String: Any]]) ?? [] {
            let name = (field["field"] as? String) ?? "?"
            parts.append("\(name): \((field["description"] as? String) ?? "invalid")")
        }
        let text =
            parts.isEmpty ? String(decoding: body.prefix(400), as: UTF8.self) : parts.joined(separator: "; ")
        return transport.endpoint.quote(text, limit: 300)
    }

    /// An id as one path segment (Replicate's ids are lowercase letters and digits).
    static func pathSafe(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "invalid"
    }
}
