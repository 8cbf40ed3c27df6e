import Foundation
import HTTPTypes
import KinoraCore
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import WSClient

/// A WebSocket to a remote engine (ComfyUI's `/ws`) on hummingbird's WSClient, over `ws://` or `wss://`
/// with the endpoint's token on the handshake and its `caFile` trusted: messages arrive as ``events``
/// until the connection ends, whose last event says why.
public final class WebSocketConnection: Sendable {
    /// What arrives.
    public enum Event: Sendable {
        /// A text message.
        case text(String)
        /// A binary message.
        case binary(Data)
        /// The connection ended; why, in words.
        case closed(String)
    }

    /// Why the connection could not be opened.
    public enum ConnectError: Error, Sendable {
        /// Nothing answered, or TLS failed: the endpoint's error in words.
        case failed(RemoteError)
        /// The server answered but refused the upgrade (a proxy without WebSocket support, or a server
        /// that wants credentials it was not given).
        case upgradeRefused
    }

    /// The messages, then one `.closed`.
    public let events: AsyncStream<Event>
    private let task: Task<Void, Never>
    private let closing: ClosingHandshake

    private init(events: AsyncStream<Event>, task: Task<Void, Never>, closing: ClosingHandshake) {
        self.events = events
        self.task = task
        self.closing = closing
    }

    /// Opens `url` (`ws://` or `wss://`) for `endpoint`, waiting at most `timeout` seconds for the
    /// upgrade.
    public static func connect(_ url: URL, endpoint: RemoteEndpoint, timeout: Double) async throws
        -> WebSocketConnection
    {
        var configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 24)
        var headers = HTTPFields()
        for (name, value) in endpoint.authorizationHeaders {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        configuration.additionalHeaders = headers
        var tls = TLSConfiguration.makeClientConfiguration()
        var authority: [NIOSSLCertificate] = []
        if let caFile = endpoint.caFile {
            do {
                authority = try TrustedAuthority.certificates(in: caFile)
                tls.additionalTrustRoots = [.certificates(authority)]
            } catch let error as RemoteError {
                throw ConnectError.failed(error)
            }
        }
        if url.scheme?.lowercased() == "wss", let host = url.host, Self.isIPAddress(host) {
            // WSClient names the host in SNI, which TLS forbids for an address. The HTTPS requests before
            // the socket checked the certificate's address; here only the person's own authority is
            // trusted (not the system's), so a certificate for another host from a public authority
            // cannot stand in. Without a caFile the prompt is polled instead.
            guard !authority.isEmpty else { throw ConnectError.upgradeRefused }
            tls.trustRoots = .certificates(authority)
            tls.additionalTrustRoots = []
            tls.certificateVerification = .noHostnameVerification
            configuration.sniHostname = "kinora-address.invalid"
        }
        let (events, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .unbounded)
        let opened = OpenedSignal()
        let closing = ClosingHandshake()
        let logger = Logger(label: "kinora.websocket", factory: { _ in SwiftLogNoOpLogHandler() })
        let address = url.absoluteString
        let secure = url.scheme?.lowercased() == "wss"
        let task = Task {
            var why = "the connection ended"
            do {
                let close = try await WebSocketClient.connect(
                    url: address, configuration: configuration, tlsConfiguration: secure ? tls : nil,
                    logger: logger
                ) { inbound, outbound, _ in
                    closing.attach(outbound)
                    opened.succeed()
                    for try await message in inbound.messages(maxSize: 1 << 26) {
                        switch message {
                        case .text(let text): continuation.yield(.text(text))
                        case .binary(let buffer): continuation.yield(.binary(Data(buffer: buffer)))
                        }
                    }
                }
                if let close { why = "the server closed the connection (\(close.closeCode))" }
                opened.fail(.upgradeRefused)
            } catch {
                why = endpoint.quote(String(describing: error), limit: 120)
                if let client = error as? WebSocketClientError, client == .webSocketUpgradeFailed {
                    opened.fail(.upgradeRefused)
                } else {
                    opened.fail(.failed(NetworkFailure.describe(error, endpoint: endpoint)))
                }
            }
            continuation.yield(.closed(why))
            continuation.finish()
        }
        let connection = WebSocketConnection(events: events, task: task, closing: closing)
        do {
            try await opened.wait(timeout: timeout)
        } catch {
            connection.close()
            if error is CancellationError { throw CancellationError() }
            if error is OpenedSignal.TimedOut {
                throw ConnectError.failed(
                    endpoint.unreachable("the WebSocket did not open within \(Int(timeout)) s"))
            }
            throw error
        }
        return connection
    }

    /// Whether `host` is an IPv4 or IPv6 address rather than a name.
    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return inet_pton(AF_INET, bare, &v4) == 1 || inet_pton(AF_INET6, bare, &v6) == 1
    }

    /// Closes the connection with a closing handshake (the server hears a normal close), or at once when
    /// the server does not answer within a second; ``events`` ends.
    public func close() {
        let task = self.task
        guard let writer = closing.take() else {
            task.cancel()
            return
        }
        Task {
            try? await writer.close(.normalClosure, reason: nil)
            try? await Task.sleep(for: .seconds(1))
            task.cancel()
        }
    }

    deinit {
        task.cancel()
    }
}

/// The writer of an open connection, for closing it with a handshake once.
private final class ClosingHandshake: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var writer: WebSocketOutboundWriter?
    private var closed = false

    func attach(_ writer: WebSocketOutboundWriter) { lock.withLock { if !closed { self.writer = writer } } }

    /// The writer, the first time only.
    func take() -> WebSocketOutboundWriter? {
        lock.withLock {
            closed = true
            defer { writer = nil }
            return writer
        }
    }
}

/// Whether the upgrade happened: resolved once, by the first of success, failure or the timeout.
private final class OpenedSignal: @unchecked Sendable {
    struct TimedOut: Error {}
    // Guarded by `lock`.
    private let lock = NSLock()
    private var result: Result<Void, Error>?
    private var waiter: CheckedContinuation<Void, Error>?

    func succeed() { resolve(.success(())) }
    func fail(_ error: WebSocketConnection.ConnectError) { resolve(.failure(error)) }

    private func resolve(_ outcome: Result<Void, Error>) {
        let waiting: CheckedContinuation<Void, Error>? = lock.withLock {
            guard result == nil else { return nil }
            result = outcome
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume(with: outcome)
    }

    func wait(timeout: Double) async throws {
        let timer = Task { [weak self] in
            try? await Task.sleep(for: .seconds(timeout))
            self?.resolve(.failure(TimedOut()))
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                let ready: Result<Void, Error>? = lock.withLock {
                    if let result { return result }
                    waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            self.resolve(.failure(CancellationError()))
        }
    }
}
