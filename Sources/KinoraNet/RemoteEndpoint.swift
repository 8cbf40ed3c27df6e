import Foundation
import KinoraCore

/// A remote engine's address and credentials, and the wording of every failure talking to it, so each
/// message names the server (never its token) and says what to do.
public struct RemoteEndpoint: Sendable {
    /// How messages name the kind of server and what to do when it cannot be reached.
    public struct Service: Sendable {
        /// "the ComfyUI server", "the RunPod endpoint", "Replicate's API".
        public var name: String
        /// What to do when nothing answers ("Start ComfyUI there (python main.py --listen), or fix the
        /// backend's url.").
        public var unreachableHint: String

        /// A service called `name`.
        public init(name: String, unreachableHint: String) {
            self.name = name
            self.unreachableHint = unreachableHint
        }
    }

    /// The base URL requests are made under (`http://host:8188`, `https://api.runpod.ai/v2/ID`).
    public let url: URL
    /// The bearer token, when the server (or its proxy) wants one.
    public let token: String?
    /// Where the person sets the token (an environment variable or config key), for 401/403 messages.
    public let tokenSetting: String
    /// A PEM file of a certificate authority trusted for this server besides the system's.
    public let caFile: String?
    /// What kind of server it is, for messages.
    public let service: Service
    /// How the `Authorization` header carries the token (`Bearer` for every service Kinora speaks to).
    public let authorizationScheme: String

    /// An endpoint at `url`.
    public init(
        url: URL, token: String?, tokenSetting: String, caFile: String? = nil, service: Service,
        authorizationScheme: String = "Bearer"
    ) {
        self.url = url
        self.token = token
        self.tokenSetting = tokenSetting
        self.caFile = caFile
        self.service = service
        self.authorizationScheme = authorizationScheme
    }

    /// The endpoint as shown in messages: scheme, host, port and path, with any user name, password,
    /// query or fragment removed.
    public var display: String {
        guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return service.name
        }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        parts.fragment = nil
        var text = parts.string ?? url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return TerminalText.sanitized(text)
    }

    /// The host (and port, when given) for messages about certificates.
    public var hostDisplay: String {
        let host = url.host ?? "?"
        return TerminalText.sanitized(url.port.map { "\(host):\($0)" } ?? host)
    }

    /// Whether requests go over TLS.
    public var isSecure: Bool { ["https", "wss"].contains(url.scheme?.lowercased() ?? "") }

    /// The URL of `route` (`/prompt`, `/status/ID` …) under the endpoint, with `query` items.
    public func url(_ route: String, query: [URLQueryItem] = []) -> URL {
        var base = url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var components = URLComponents(string: base + route) ?? URLComponents()
        if !query.isEmpty { components.queryItems = query }
        return components.url ?? url
    }

    /// The WebSocket URL of `route` with `query` (`ws://` for `http://`, `wss://` for `https://`).
    public func webSocketURL(_ route: String, query: [URLQueryItem] = []) -> URL? {
        guard
            var components = URLComponents(url: self.url(route, query: query), resolvingAgainstBaseURL: false)
        else { return nil }
        components.scheme = isSecure ? "wss" : "ws"
        components.user = nil
        components.password = nil
        return components.url
    }

    /// Whether `other` is on this endpoint's host, port and scheme: only such URLs get the token.
    public func isSameOrigin(_ other: URL) -> Bool {
        func port(_ url: URL) -> Int? {
            url.port
                ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil)
        }
        return other.scheme?.lowercased() == url.scheme?.lowercased()
            && other.host?.lowercased() == url.host?.lowercased() && port(other) == port(url)
    }

    /// Headers every request to the endpoint carries: the token when there is one.
    public var authorizationHeaders: [(name: String, value: String)] {
        guard let token, !token.isEmpty else { return [] }
        return [("Authorization", "\(authorizationScheme) \(token)")]
    }

    /// `text` with the token replaced, control characters made visible, whitespace collapsed and at most
    /// `limit` characters, for quoting what a server said.
    public func quote(_ text: String, limit: Int = 240) -> String {
        // Colour and title escapes (a worker's coloured log) carry no words: they go before the rest is
        // made visible.
        var cleaned = redact(text).replacingOccurrences(
            of: "\u{1B}(\\[[0-9;?]*[ -/]*[@-~]|\\][^\u{07}\u{1B}]*(\u{07}|\u{1B}\\\\)?)", with: "",
            options: .regularExpression
        ).replacingOccurrences(of: "\u{07}", with: "")
        cleaned = cleaned.components(separatedBy: .whitespacesAndNewlines).filter { !$0.isEmpty }.joined(
            separator: " ")
        cleaned = TerminalText.sanitized(cleaned)
        if cleaned.count > limit { cleaned = String(cleaned.prefix(max(1, limit - 1))) + "…" }
        return cleaned
    }

    /// `text` with every occurrence of the token hidden.
    public func redact(_ text: String) -> String {
        guard let token, !token.isEmpty else { return text }
        return text.replacingOccurrences(of: token, with: "[token]")
    }
}
