import Foundation
import KinoraCore

/// Why talking to a remote engine failed, in words that name the server (never its token) and say what
/// to do; `kind` lets callers act on it (retry, fall back to polling, report a lost job).
public struct RemoteError: UserFacingError, Equatable {
    /// What went wrong, for callers that act on it.
    public enum Kind: Sendable, Equatable {
        /// Nothing answered (refused, no such host, timed out, the connection dropped).
        case unreachable
        /// The TLS connection failed (an untrusted or wrong certificate, a bad `caFile`).
        case tls
        /// The server refused the credentials (401, 403).
        case unauthorized
        /// The server asked Kinora to slow down (429) and kept asking.
        case rateLimited
        /// The request or the answer is over a size limit (413, a download too large).
        case tooLarge
        /// The route or the resource does not exist (404).
        case notFound
        /// The server failed inside (5xx).
        case serverError
        /// Another status, or an answer that is not what the service sends.
        case unexpected
    }

    /// What went wrong.
    public let kind: Kind
    /// The HTTP status, when there was one.
    public let status: Int?
    /// The whole message, already free of the token and of control characters.
    public let message: String

    /// An error of `kind` saying `message`.
    public init(_ kind: Kind, status: Int? = nil, message: String) {
        self.kind = kind
        self.status = status
        self.message = message
    }

    public var userMessage: String { message }
    public var isUserError: Bool { true }
}

extension RemoteEndpoint {
    /// The server could not be reached at all.
    public func unreachable(_ why: String) -> RemoteError {
        RemoteError(
            .unreachable,
            message: redact("cannot reach \(service.name) at \(display): \(why). \(service.unreachableHint)"))
    }

    /// The TLS connection failed; `why` is the TLS library's reason.
    public func tlsFailure(_ why: String) -> RemoteError {
        let lowered = why.lowercased()
        let untrusted = [
            "certificate_verify_failed", "certificate verify", "unable to get local issuer",
            "self signed", "self-signed", "unknown ca", "untrusted",
        ].contains(where: lowered.contains)
        let hostname = lowered.contains("hostname") || lowered.contains("name mismatch")
        let what: String
        if hostname {
            what =
                "its certificate is not for the host \(hostDisplay). Use the host name the certificate names in "
                + "the backend's url"
        } else if untrusted, let caFile {
            what =
                "its certificate is not signed by the certificate authority in caFile (\(TerminalText.sanitized(caFile))) "
                + "nor by one the system trusts. Point caFile at the authority that signed the server's certificate"
        } else if untrusted {
            what =
                "its certificate is not signed by an authority the system trusts (a self-signed server). If you "
                + "trust it, set the backend's \"caFile\" to the PEM file of the authority that signed it"
        } else {
            what =
                "\(quote(why, limit: 160)). Check the server's certificate, or use http:// if it does not speak "
                + "HTTPS"
        }
        return RemoteError(
            .tls,
            message: "could not make a secure (TLS) connection to \(service.name) at \(hostDisplay): \(what)."
        )
    }

    /// The server (or its proxy) refused the credentials.
    public func unauthorized(status: Int, route: String) -> RemoteError {
        let what =
            token == nil
            ? "it wants an access token and none is set"
            : "it does not accept the access token Kinora sent"
        return RemoteError(
            .unauthorized, status: status,
            message:
                "\(service.name) at \(display) refused \(route) with HTTP \(status): \(what); \(tokenSetting)"
        )
    }

    /// The server failed inside (HTTP 5xx).
    public func serverError(status: Int, route: String, body: String) -> RemoteError {
        let said = quote(body)
        return RemoteError(
            .serverError, status: status,
            message: "\(service.name) at \(display) failed while handling \(route) (HTTP \(status)"
                + (said.isEmpty ? ")" : ": \(said))") + ". Check the server's log, then try again.")
    }

    /// Another unexpected HTTP status.
    public func unexpectedStatus(_ status: Int, route: String, body: String, hint: String? = nil)
        -> RemoteError
    {
        let said = quote(body, limit: 160)
        let advice =
            hint
            ?? (status == 404 || status == 405
                ? "Check that the backend's url points at \(service.name) itself."
                : "Check the server and the backend's url.")
        return RemoteError(
            status == 404 ? .notFound : .unexpected, status: status,
            message: "\(service.name) at \(display) answered \(route) with HTTP \(status)"
                + (said.isEmpty ? "." : " (\(said)).") + " " + advice)
    }

    /// The server refused a request body as too large (HTTP 413).
    public func requestTooLarge(route: String, bytes: Int) -> RemoteError {
        RemoteError(
            .tooLarge, status: 413,
            message:
                "\(service.name) at \(display) refused \(route): the upload of \(Self.size(bytes)) is over its "
                + "size limit (HTTP 413). Use a smaller or shorter source, or raise the server's limit (ComfyUI: "
                + "--max-upload-size, in MB; 100 by default).")
    }

    /// The server answered with something that is not what the service sends.
    public func malformed(route: String, body: Data) -> RemoteError {
        let said = quote(String(decoding: body.prefix(400), as: UTF8.self), limit: 80)
        return RemoteError(
            .unexpected,
            message: "\(service.name) at \(display) answered \(route) with something it does not send"
                + (said.isEmpty ? " (an empty answer)" : " (\(said))")
                + ". Check that the backend's url points at \(service.name) itself, not a web page or a proxy's login."
        )
    }

    /// "12.3 MB", "850 KB".
    public static func size(_ bytes: Int) -> String {
        let value = Double(bytes)
        if value >= 1_000_000_000 { return String(format: "%.1f GB", value / 1_000_000_000) }
        if value >= 1_000_000 { return String(format: "%.1f MB", value / 1_000_000) }
        return "\(max(1, bytes / 1000)) KB"
    }
}
