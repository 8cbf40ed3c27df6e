import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// SwiftNIO's and AsyncHTTPClient's errors in words a person can act on.
enum NetworkFailure {
    /// `error` as a ``RemoteError`` naming `endpoint`.
    static func describe(_ error: Error, endpoint: RemoteEndpoint) -> RemoteError {
        if let remote = error as? RemoteError { return remote }
        if error is NIOTooManyBytesError {
            return RemoteError(
                .tooLarge,
                message:
                    "\(endpoint.service.name) at \(endpoint.display) sent an answer larger than Kinora reads "
                    + "for one request. Check that the backend's url points at \(endpoint.service.name) itself."
            )
        }
        let said = String(describing: error)
        if error is NIOSSLError || error is NIOSSLExtraError || isTLS(said) {
            return endpoint.tlsFailure(said)
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout, .tlsHandshakeTimeout:
                return endpoint.unreachable("the connection was not made in time")
            case .readTimeout, .deadlineExceeded:
                return endpoint.unreachable("it did not answer in time")
            case .remoteConnectionClosed:
                return endpoint.unreachable("it closed the connection before answering")
            default:
                break
            }
        }
        if let connection = error as? NIOConnectionError {
            if connection.dnsAError != nil || connection.dnsAAAAError != nil,
                connection.connectionErrors.isEmpty
            {
                return endpoint.unreachable("the host name could not be found")
            }
            return endpoint.unreachable(reason(forConnect: connection.connectionErrors.map { "\($0.error)" }))
        }
        if error is ChannelError, "\(error)".contains("connectTimeout") {
            return endpoint.unreachable("the connection was not made in time")
        }
        return endpoint.unreachable(reason(forConnect: [said]))
    }

    private static func isTLS(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return ["ssl", "tls", "certificate", "handshake"].contains(where: lowered.contains)
    }

    /// Refused, unreachable, no host: the underlying reason in plain words.
    private static func reason(forConnect texts: [String]) -> String {
        let joined = texts.joined(separator: " ").lowercased()
        if joined.contains("refused") { return "the connection was refused (nothing is listening there)" }
        if joined.contains("unreachable") { return "the network or host is unreachable" }
        if joined.contains("timed out") || joined.contains("timeout") { return "it did not answer in time" }
        if joined.contains("reset") || joined.contains("closed") || joined.contains("eof") {
            return "the connection was closed"
        }
        if joined.contains("name") && (joined.contains("resolve") || joined.contains("lookup")) {
            return "the host name could not be found"
        }
        let said = (texts.first ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return "the connection failed (\(said.count > 120 ? String(said.prefix(119)) + "…" : said))"
    }
}
