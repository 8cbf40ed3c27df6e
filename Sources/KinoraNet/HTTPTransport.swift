import AsyncHTTPClient
import Foundation
import KinoraCore
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOPosix
import NIOSSL

/// HTTP to one remote engine on SwiftNIO's AsyncHTTPClient: the token on every request to the
/// endpoint (never on another host's URL), the endpoint's own certificate authority trusted besides the
/// system's, `429 Too Many Requests` waited out as `Retry-After` says, and every failure turned into a
/// ``RemoteError`` that names the server and says what to do.
public struct HTTPTransport: Sendable {
    /// The server and its credentials.
    public let endpoint: RemoteEndpoint
    /// Seconds one request may take.
    public let requestTimeout: Double
    /// Seconds of `429` answers waited out before giving up.
    public let rateLimitPatience: Double
    private let client: HTTPClient
    private let downloadClient: HTTPClient

    /// A transport to `endpoint`; throws when its `caFile` cannot be read as PEM certificates.
    public init(endpoint: RemoteEndpoint, requestTimeout: Double = 60, rateLimitPatience: Double = 300) throws
    {
        self.endpoint = endpoint
        self.requestTimeout = max(1, requestTimeout)
        self.rateLimitPatience = max(0, rateLimitPatience)
        client = try SharedClients.client(caFile: endpoint.caFile, followsRedirects: false)
        downloadClient = try SharedClients.client(caFile: endpoint.caFile, followsRedirects: true)
    }

    /// An answer: its status, headers and body.
    public struct Answer: Sendable {
        /// The HTTP status.
        public var status: Int
        /// The headers, as sent.
        public var headers: HTTPHeaders
        /// The body (at most the request's `maxBytes`).
        public var body: Data

        /// The first value of header `name` (case-insensitive).
        public func header(_ name: String) -> String? { headers.first(name: name) }
    }

    /// Sends `method` to `route` under the endpoint (or to `absolute`, a URL the service handed back)
    /// and returns the answer; throws for transport failures, 401/403, 413 and rate limits that outlast
    /// the patience. `display` names the request in messages (`POST /run`).
    public func send(
        _ method: HTTPMethodName, _ route: String, query: [URLQueryItem] = [], absolute: URL? = nil,
        body: Data? = nil, contentType: String? = nil, headers extra: [(String, String)] = [],
        display: String? = nil, timeout: Double? = nil, maxBytes: Int = 64 << 20
    ) async throws -> Answer {
        let url = absolute ?? endpoint.url(route, query: query)
        let shown = display ?? "\(method.rawValue) \(route)"
        var waited = 0.0
        var attempt = 0
        while true {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = method
            if endpoint.isSameOrigin(url) {
                for (name, value) in endpoint.authorizationHeaders {
                    request.headers.add(name: name, value: value)
                }
            }
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
            for (name, value) in extra { request.headers.add(name: name, value: value) }
            request.headers.add(name: "User-Agent", value: "Kinora")
            if let body { request.body = .bytes(ByteBuffer(data: body)) }
            let answer = try await execute(request, display: shown, timeout: timeout, maxBytes: maxBytes)
            switch answer.status {
            case 401, 403:
                throw endpoint.unauthorized(status: answer.status, route: shown)
            case 413:
                throw endpoint.requestTooLarge(route: shown, bytes: body?.count ?? 0)
            case 429:
                attempt += 1
                let wait =
                    RetryAfter.seconds(answer.header("Retry-After")) ?? min(30, pow(2, Double(attempt - 1)))
                guard waited + wait <= rateLimitPatience else {
                    throw RemoteError(
                        .rateLimited, status: 429,
                        message:
                            "\(endpoint.service.name) at \(endpoint.display) kept answering \(shown) with HTTP 429 "
                            + "(too many requests) for \(Int(waited.rounded())) s. Try again later, or lower the "
                            + "backend's concurrency.")
                }
                KinoraLog.logger.info(
                    "backend rate limit", metadata: ["server": "\(endpoint.display)", "wait": "\(wait)"])
                try await Task.sleep(for: .seconds(wait))
                waited += wait
            default:
                return answer
            }
        }
    }

    /// Sends and expects `200…299`: returns the body, else throws the status in words.
    public func expectSuccess(
        _ method: HTTPMethodName, _ route: String, query: [URLQueryItem] = [], body: Data? = nil,
        contentType: String? = nil, display: String? = nil, timeout: Double? = nil
    ) async throws -> Data {
        let shown = display ?? "\(method.rawValue) \(route)"
        let answer = try await send(
            method, route, query: query, body: body, contentType: contentType, display: shown,
            timeout: timeout)
        try check(answer, display: shown)
        return answer.body
    }

    /// Throws the status of an answer outside `200…299` in words.
    public func check(_ answer: Answer, display: String) throws {
        guard !(200..<300).contains(answer.status) else { return }
        let text = String(decoding: answer.body.prefix(4000), as: UTF8.self)
        if answer.status >= 500 {
            throw endpoint.serverError(status: answer.status, route: display, body: text)
        }
        throw endpoint.unexpectedStatus(answer.status, route: display, body: text)
    }

    /// Downloads `url` (under the endpoint, or a URL the service handed back) into `destination`,
    /// streaming, and refuses more than `maxBytes` (before reading when the server says its length).
    /// Returns the bytes written; nothing is left at `destination` when it fails.
    @discardableResult
    public func download(
        _ url: URL, to destination: URL, maxBytes: Int64 = 1 << 30, display: String = "the output"
    ) async throws -> Int64 {
        var request = HTTPClientRequest(url: url.absoluteString)
        if endpoint.isSameOrigin(url) {
            for (name, value) in endpoint.authorizationHeaders {
                request.headers.add(name: name, value: value)
            }
        }
        request.headers.add(name: "User-Agent", value: "Kinora")
        let shown = "GET " + Self.describe(url)
        let response: HTTPClientResponse
        do {
            KinoraLog.logger.info(
                "backend download", metadata: ["server": "\(endpoint.display)", "request": "\(shown)"])
            response = try await (endpoint.isSameOrigin(url) ? client : downloadClient).execute(
                request, timeout: .seconds(Int64(max(requestTimeout, 3600))))
        } catch {
            throw transportError(error)
        }
        let status = Int(response.status.code)
        guard status == 200 else {
            let body = (try? await response.body.collect(upTo: 4000)).map { Data(buffer: $0) } ?? Data()
            if status == 401 || status == 403 { throw endpoint.unauthorized(status: status, route: shown) }
            if status == 404 || status == 410 {
                throw RemoteError(
                    .notFound, status: status,
                    message: "\(endpoint.service.name) at \(endpoint.display) no longer has \(display) "
                        + "(\(shown) answered HTTP \(status)); it may have expired or been deleted. Generate again."
                )
            }
            if status >= 500 {
                throw endpoint.serverError(
                    status: status, route: shown, body: String(decoding: body, as: UTF8.self))
            }
            throw endpoint.unexpectedStatus(status, route: shown, body: String(decoding: body, as: UTF8.self))
        }
        let tooLarge = { (bytes: Int64) in
            RemoteError(
                .tooLarge,
                message: "\(endpoint.service.name) at \(endpoint.display) sent \(display) of "
                    + "\(RemoteEndpoint.size(Int(clamping: bytes))) or more (\(shown)); Kinora takes at most "
                    + "\(RemoteEndpoint.size(Int(clamping: maxBytes))) for one take. Check the template's or "
                    + "model's output settings.")
        }
        if let declared = response.headers.first(name: "Content-Length").flatMap(Int64.init),
            declared > maxBytes
        {
            throw tooLarge(declared)
        }
        guard FileManager.default.createFile(atPath: destination.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: destination.path)
        else {
            throw RemoteError(.unexpected, message: "could not write \(destination.path) to save \(display)")
        }
        var written: Int64 = 0
        do {
            defer { try? handle.close() }
            for try await chunk in response.body {
                written += Int64(chunk.readableBytes)
                if written > maxBytes { throw tooLarge(written) }
                try handle.write(contentsOf: Data(buffer: chunk))
            }
        } catch {
            try? FileManager.default.removeItem(at: destination)
            if let remote = error as? RemoteError { throw remote }
            throw transportError(error)
        }
        return written
    }

    // MARK: Plumbing

    private func execute(_ request: HTTPClientRequest, display: String, timeout: Double?, maxBytes: Int)
        async throws -> Answer
    {
        let logged: Logger.Metadata = ["server": "\(endpoint.display)", "request": "\(display)"]
        KinoraLog.logger.info("backend request", metadata: logged)
        do {
            let response = try await client.execute(
                request, timeout: .milliseconds(Int64((timeout ?? requestTimeout) * 1000)))
            let body = try await response.body.collect(upTo: maxBytes)
            let status = Int(response.status.code)
            KinoraLog.logger.info("backend answer", metadata: logged.merging(["status": "\(status)"]) { $1 })
            return Answer(status: status, headers: response.headers, body: Data(buffer: body))
        } catch {
            KinoraLog.logger.error(
                "backend request failed",
                metadata: logged.merging(["reason": "\(endpoint.redact(String(describing: error)))"]) { $1 })
            throw transportError(error)
        }
    }

    /// A transport failure in plain words (cancellation passes through as `CancellationError`).
    public func transportError(_ error: Error) -> Error {
        if error is CancellationError || Task.isCancelled { return CancellationError() }
        if error is RemoteError { return error }
        return NetworkFailure.describe(error, endpoint: endpoint)
    }

    /// A URL for messages and logs: scheme, host and path only (signed URLs carry credentials in the
    /// query).
    public static func describe(_ url: URL) -> String {
        var parts = URLComponents(url: url, resolvingAgainstBaseURL: false) ?? URLComponents()
        parts.query = nil
        parts.fragment = nil
        parts.user = nil
        parts.password = nil
        return TerminalText.sanitized(parts.string ?? "the URL")
    }
}

/// One HTTP client per certificate authority and redirect policy, for the life of the process: its
/// connections are reused by every backend, and it is never torn down while a request may use it.
enum SharedClients {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var clients: [String: HTTPClient] = [:]

    static func client(caFile: String?, followsRedirects: Bool) throws -> HTTPClient {
        let key = "\(followsRedirects ? "follow" : "stay") \(caFile ?? "")"
        if let existing = lock.withLock({ clients[key] }) { return existing }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            tls.additionalTrustRoots = [.certificates(try TrustedAuthority.certificates(in: caFile))]
        }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: followsRedirects ? .follow(max: 5, allowCycles: false) : .disallow,
            timeout: .init(connect: .seconds(15)))
        configuration.httpVersion = .http1Only
        return lock.withLock {
            if let existing = clients[key] { return existing }
            let made = HTTPClient(
                eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton),
                configuration: configuration)
            clients[key] = made
            return made
        }
    }
}

/// The HTTP method of a request (`.GET`, `.POST`), named for modules that do not import NIOHTTP1.
public typealias HTTPMethodName = HTTPMethod
