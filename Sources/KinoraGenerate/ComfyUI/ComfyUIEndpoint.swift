import Foundation
import KinoraCore

/// A ComfyUI server's address and credentials, and the wording of every failure talking to it, so each
/// message names the server (never its token) and says what to do.
struct ComfyUIEndpoint: Sendable {
    /// The base URL requests are made under (`http://host:8188`, or a path behind a proxy).
    let url: URL
    /// The bearer token, when the server (or its proxy) wants one.
    let token: String?
    /// Where the person sets the token (an environment variable or config key), for 401/403 messages.
    let tokenSetting: String

    /// The endpoint as shown in messages: scheme, host, port and path, with any user name, password,
    /// query or fragment removed.
    var display: String {
        guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return "the ComfyUI server"
        }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        parts.fragment = nil
        var text = parts.string ?? url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return TerminalText.sanitized(text)
    }

    /// `true` for `http://` (the WebSocket is used); `https://` is followed by polling.
    var isPlainHTTP: Bool { url.scheme?.lowercased() == "http" }

    /// The URL of `route` (`/prompt`, `/history/ID` …) under the endpoint, with `query` items.
    func url(_ route: String, query: [URLQueryItem] = []) -> URL {
        var base = url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var components = URLComponents(string: base + route) ?? URLComponents()
        if !query.isEmpty { components.queryItems = query }
        return components.url ?? url
    }

    /// The WebSocket URL for `clientID` (`ws://host:port/ws?clientId=…`).
    func webSocketURL(clientID: String) -> URL? {
        guard var components = URLComponents(url: self.url(""), resolvingAgainstBaseURL: false) else {
            return nil
        }
        components.scheme = "ws"
        components.user = nil
        components.password = nil
        components.path += "/ws"
        components.queryItems = [URLQueryItem(name: "clientId", value: clientID)]
        return components.url
    }

    /// Headers every request carries: the bearer token when there is one.
    var authorizationHeaders: [String: String] {
        guard let token, !token.isEmpty else { return [:] }
        return ["Authorization": "Bearer \(token)"]
    }

    /// `text` with the token replaced, control characters made visible, whitespace collapsed and at most
    /// `limit` characters, for quoting what a server said.
    func quote(_ text: String, limit: Int = 240) -> String {
        var cleaned = redact(text)
        cleaned = cleaned.components(separatedBy: .whitespacesAndNewlines).filter { !$0.isEmpty }.joined(
            separator: " ")
        cleaned = TerminalText.sanitized(cleaned)
        if cleaned.count > limit { cleaned = String(cleaned.prefix(limit - 1)) + "…" }
        return cleaned
    }

    /// `text` with every occurrence of the token hidden.
    func redact(_ text: String) -> String {
        guard let token, token.count >= 1 else { return text }
        return text.replacingOccurrences(of: token, with: "[token]")
    }

    // MARK: Failures

    /// A failure with this endpoint's credentials scrubbed from the reason.
    func failure(_ reason: String) -> GenerationError {
        .failed(reason: redact(reason))
    }

    /// The server could not be reached at all.
    func unreachable(_ why: String) -> GenerationError {
        failure(
            "cannot reach the ComfyUI server at \(display): \(why). Start ComfyUI there (python main.py --listen), "
                + "or fix the backend's endpoint URL.")
    }

    /// The TLS connection failed.
    func tlsFailure(_ why: String) -> GenerationError {
        failure(
            "could not make a secure (TLS) connection to the ComfyUI server at \(display) (\(quote(why, limit: 160))). "
                + "Check the server's certificate, or use http:// if it does not speak HTTPS.")
    }

    /// The server (or its proxy) refused the credentials.
    func unauthorized(status: Int, route: String) -> GenerationError {
        let what =
            token == nil
            ? "it wants an access token and none is set"
            : "it does not accept the access token Kinora sent"
        return failure(
            "the ComfyUI server at \(display) refused \(route) with HTTP \(status): \(what); \(tokenSetting)")
    }

    /// The server failed inside (HTTP 5xx).
    func serverError(status: Int, route: String, body: String) -> GenerationError {
        let said = quote(body)
        return failure(
            "the ComfyUI server at \(display) failed while handling \(route) (HTTP \(status)"
                + (said.isEmpty ? ")" : ": \(said))")
                + ". Check the ComfyUI console for the full error, then generate again.")
    }

    /// Another unexpected HTTP status.
    func unexpectedStatus(_ status: Int, route: String, body: String) -> GenerationError {
        let said = quote(body, limit: 160)
        let hint =
            status == 404 || status == 405
            ? " Check that the endpoint URL points at ComfyUI itself (default port 8188)."
            : " Check the server and the backend's endpoint URL."
        return failure(
            "the ComfyUI server at \(display) answered \(route) with HTTP \(status)"
                + (said.isEmpty ? "." : " (\(said)).") + hint)
    }

    /// The server answered with something that is not the JSON ComfyUI sends.
    func malformed(route: String, body: Data) -> GenerationError {
        let said = quote(String(decoding: body.prefix(400), as: UTF8.self), limit: 80)
        return failure(
            "the ComfyUI server at \(display) answered \(route) with something that is not ComfyUI's JSON"
                + (said.isEmpty ? " (an empty answer)" : " (\(said))")
                + ". Check that the endpoint URL points at ComfyUI itself, not a web page or a proxy's login."
        )
    }
}
