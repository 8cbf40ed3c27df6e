import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A WebSocket client (RFC 6455) over a POSIX TCP socket, for ComfyUI's `ws://…/ws?clientId=` feed.
///
/// Linux Foundation's `URLSessionWebSocketTask` needs a libcurl built with WebSocket support, which
/// Debian 12's libcurl 7.88 is not ("WebSockets not supported by libcurl"), so Kinora speaks the
/// protocol itself: the HTTP/1.1 upgrade with `Sec-WebSocket-Key`/`Accept` (SHA-1), masked client
/// frames, text and binary messages, fragmentation, ping/pong and the closing handshake. Plain `ws://`
/// only: `https://` endpoints are followed by polling `/history` instead (see ``ComfyUIJob``).
///
/// Messages arrive on ``events`` from a reader thread of its own. `@unchecked Sendable`: the socket
/// descriptor's lifetime and every write are guarded by `lock`; only the reader thread reads.
final class ComfyUIWebSocket: @unchecked Sendable {
    /// Something that arrived on the socket, or its end.
    enum Event: Sendable {
        /// A whole text message.
        case text(String)
        /// A whole binary message.
        case binary(Data)
        /// The connection ended (closing handshake, reset, protocol error or silence); says why.
        case closed(String)
    }

    /// Why a connection could not be opened.
    enum ConnectError: Error, Sendable {
        /// No TCP connection: the reason in plain words ("the connection was refused" …).
        case unreachable(String)
        /// The server answered the upgrade with another HTTP status (401, 404 …) and this body.
        case refused(status: Int, body: String)
        /// The server answered, but not as a WebSocket server should.
        case protocolError(String)
    }

    /// The magic value of RFC 6455 §1.3 appended to the key before hashing.
    static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    /// The largest message accepted (previews are tens of kilobytes; history never comes this way).
    static let maximumMessage = 64 << 20
    /// How long the socket may be silent before a ping is sent; two silent intervals end it.
    static let keepAliveSeconds = 15

    /// Messages as they arrive; finishes after `.closed`.
    let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let fd: Int32
    private let lock = NSLock()
    // Guarded by `lock`: whether `fd` is still open, and whether a close was asked for.
    private var isOpen = true
    private var isClosing = false
    /// Bytes read but not yet used (only the reader thread touches it once it runs).
    private var pending: [UInt8]
    /// The reader thread's receive buffer.
    private var chunk = [UInt8](repeating: 0, count: 65_536)

    private init(fd: Int32, leftover: [UInt8]) {
        self.fd = fd
        self.pending = leftover
        (events, continuation) = AsyncStream.makeStream(of: Event.self)
        continuation.onTermination = { [weak self] _ in self?.close() }
    }

    /// Opens `url` (`ws://host:port/path?query`), sending `headers` with the upgrade request, and starts
    /// reading. Blocks the calling thread for up to `timeout` seconds; use from blocking work only.
    static func connect(url: URL, headers: [String: String], timeout: Double) throws -> ComfyUIWebSocket {
        guard url.scheme?.lowercased() == "ws", let host = url.host, !host.isEmpty else {
            throw ConnectError.protocolError("only ws:// addresses are supported")
        }
        let port = url.port ?? 80
        let fd = try openSocket(host: host, port: port, timeout: timeout)
        do {
            let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            var target = url.path.isEmpty ? "/" : url.path
            if let query = url.query { target += "?" + query }
            let hostField = host.contains(":") ? "[\(host)]" : host
            var request = "GET \(target) HTTP/1.1\r\nHost: \(hostField)\(url.port.map { ":\($0)" } ?? "")\r\n"
            request += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: \(key)\r\n"
            request += "Sec-WebSocket-Version: 13\r\nUser-Agent: kinora\r\n"
            for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
                request += "\(name): \(value)\r\n"
            }
            request += "\r\n"
            try writeAll(fd, Array(request.utf8))
            let (head, leftover) = try readHead(fd)
            try checkHandshake(head: head, leftover: leftover, key: key)
            setReceiveTimeout(fd, seconds: keepAliveSeconds)
            let socket = ComfyUIWebSocket(fd: fd, leftover: leftover)
            let thread = Thread { socket.readLoop() }
            thread.name = "kinora.comfyui.websocket"
            thread.start()
            return socket
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    /// Starts the closing handshake and stops reading; ``events`` then finishes. Safe to call twice and
    /// from any thread.
    func close() {
        lock.withLock {
            guard isOpen, !isClosing else { return }
            isClosing = true
            try? writeFrameLocked(opcode: 0x8, payload: [0x03, 0xE8])  // 1000: normal closure
            _ = shutdown(fd, Int32(SHUT_RDWR))
        }
    }

    /// Sends a text message (ComfyUI reads feature flags this way; Kinora needs none, tests use it).
    func send(text: String) throws {
        try lock.withLock {
            guard isOpen, !isClosing else { throw ConnectError.protocolError("the WebSocket is closed") }
            try writeFrameLocked(opcode: 0x1, payload: Array(text.utf8))
        }
    }

    // MARK: Reading

    /// Reads frames until the connection ends, assembling fragments and answering pings.
    private func readLoop() {
        var reason = "the server closed the connection"
        var message: [UInt8] = []
        var messageOpcode: UInt8?
        do {
            while true {
                let head = try read(2)
                let fin = head[0] & 0x80 != 0
                let opcode = head[0] & 0x0F
                guard head[0] & 0x70 == 0 else { throw Self.protocolFailure(1002, "reserved bits set") }
                guard head[1] & 0x80 == 0 else {
                    throw Self.protocolFailure(1002, "server frames must not be masked")
                }
                var length = Int(head[1] & 0x7F)
                if length == 126 {
                    let bytes = try read(2)
                    length = Int(bytes[0]) << 8 | Int(bytes[1])
                } else if length == 127 {
                    let bytes = try read(8)
                    let value = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                    guard value <= UInt64(Self.maximumMessage) else {
                        throw Self.protocolFailure(1009, "message too big")
                    }
                    length = Int(value)
                }
                if opcode >= 0x8 {
                    guard fin, length <= 125 else { throw Self.protocolFailure(1002, "bad control frame") }
                }
                let payload = try read(length)
                switch opcode {
                case 0x8:
                    let code = payload.count >= 2 ? Int(payload[0]) << 8 | Int(payload[1]) : 1005
                    let text = payload.count > 2 ? String(decoding: payload[2...], as: UTF8.self) : ""
                    reason =
                        "the server closed the connection (code \(code)\(text.isEmpty ? "" : ": \(text)"))"
                    lock.withLock {
                        if isOpen, !isClosing {
                            isClosing = true
                            try? writeFrameLocked(opcode: 0x8, payload: Array(payload.prefix(2)))
                        }
                    }
                    throw Self.protocolFailure(0, reason)
                case 0x9:
                    try lock.withLock { try writeFrameLocked(opcode: 0xA, payload: payload) }
                case 0xA:
                    break
                case 0x1, 0x2:
                    guard messageOpcode == nil else {
                        throw Self.protocolFailure(1002, "a new message started inside a fragmented one")
                    }
                    message = payload
                    messageOpcode = opcode
                case 0x0:
                    guard messageOpcode != nil else {
                        throw Self.protocolFailure(1002, "continuation without a message")
                    }
                    message += payload
                default:
                    throw Self.protocolFailure(1002, "unknown opcode \(opcode)")
                }
                guard message.count <= Self.maximumMessage else {
                    throw Self.protocolFailure(1009, "message too big")
                }
                if fin, let kind = messageOpcode, opcode <= 0x2 {
                    if kind == 0x1 {
                        guard let text = String(data: Data(message), encoding: .utf8) else {
                            throw Self.protocolFailure(1007, "a text message that is not UTF-8")
                        }
                        continuation.yield(.text(text))
                    } else {
                        continuation.yield(.binary(Data(message)))
                    }
                    message = []
                    messageOpcode = nil
                }
            }
        } catch let failure as ReadFailure {
            reason = failure.reason
            if failure.code > 0 {
                lock.withLock {
                    if isOpen, !isClosing {
                        isClosing = true
                        let code = UInt16(failure.code)
                        try? writeFrameLocked(opcode: 0x8, payload: [UInt8(code >> 8), UInt8(code & 0xFF)])
                    }
                }
            }
        } catch {
            reason = "the connection failed"
        }
        lock.withLock {
            if isClosing && reason == "the connection failed" { reason = "closed by Kinora" }
            isOpen = false
            Glibc.close(fd)
        }
        continuation.yield(.closed(reason))
        continuation.finish()
    }

    /// A reason to stop reading, with the close code to send (0: none).
    private struct ReadFailure: Error {
        /// The close code to send the server (0: send none).
        let code: Int
        /// What happened, in plain words.
        let reason: String
    }

    private static func protocolFailure(_ code: Int, _ reason: String) -> ReadFailure {
        ReadFailure(
            code: code, reason: code == 0 ? reason : "the server broke the WebSocket protocol (\(reason))")
    }

    /// Exactly `count` bytes; pings the server when it is silent for a keep-alive interval and gives up
    /// after two silent intervals.
    private func read(_ count: Int) throws -> [UInt8] {
        var silent = 0
        while pending.count < count {
            let got = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            if got > 0 {
                pending += chunk[0..<got]
                silent = 0
                continue
            }
            if got == 0 {
                let closing = lock.withLock { isClosing }
                throw ReadFailure(
                    code: 0, reason: closing ? "closed by Kinora" : "the server dropped the connection")
            }
            let error = errno
            if error == EINTR { continue }
            if error == EAGAIN || error == EWOULDBLOCK {
                silent += 1
                if silent >= 2 {
                    throw ReadFailure(
                        code: 1001, reason: "the server sent nothing for \(2 * Self.keepAliveSeconds) s")
                }
                try lock.withLock { try writeFrameLocked(opcode: 0x9, payload: Array("kinora".utf8)) }
                continue
            }
            let closing = lock.withLock { isClosing }
            throw ReadFailure(
                code: 0,
                reason: closing
                    ? "closed by Kinora" : "the connection failed (\(String(cString: strerror(error))))")
        }
        let bytes = Array(pending[0..<count])
        pending.removeFirst(count)
        return bytes
    }

    // MARK: Writing

    /// Writes one masked frame (RFC 6455 §5.3: every client frame is masked). Call with `lock` held.
    private func writeFrameLocked(opcode: UInt8, payload: [UInt8]) throws {
        guard isOpen else { return }
        var frame: [UInt8] = [0x80 | opcode]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count < 65_536 {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map {
                UInt8(truncatingIfNeeded: UInt64(payload.count) >> (8 * UInt64($0)))
            }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset & 3] }
        try Self.writeAll(fd, frame)
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(
                    fd, $0.baseAddress?.advanced(by: offset), bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw ConnectError.unreachable(
                    "the connection failed while sending (\(String(cString: strerror(errno))))")
            }
            offset += sent
        }
    }

    // MARK: Connecting

    /// A connected, blocking TCP socket to `host:port`, trying each address in turn.
    private static func openSocket(host: String, port: Int, timeout: Double) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw ConnectError.unreachable("the host name \(host) could not be found")
        }
        defer { freeaddrinfo(first) }
        var failure = "the connection failed"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(
                info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { continue }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            var error: Int32 = 0
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
                error = errno
                if error == EINPROGRESS {
                    var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    let ready = poll(&poller, 1, Int32(max(1, timeout * 1000)))
                    if ready == 0 {
                        error = ETIMEDOUT
                    } else {
                        var value: Int32 = 0
                        var size = socklen_t(MemoryLayout<Int32>.size)
                        _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &size)
                        error = ready < 0 ? errno : value
                    }
                }
            }
            if error == 0 {
                _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
                var one: Int32 = 1
                _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                setReceiveTimeout(fd, seconds: max(1, Int(timeout.rounded(.up))))
                return fd
            }
            Glibc.close(fd)
            switch error {
            case ECONNREFUSED: failure = "the connection was refused (nothing is listening on port \(port))"
            case ETIMEDOUT: failure = "it did not answer within \(Int(timeout.rounded(.up))) s"
            case EHOSTUNREACH, ENETUNREACH: failure = "there is no route to \(host)"
            default: failure = "the connection failed (\(String(cString: strerror(error))))"
            }
        }
        throw ConnectError.unreachable(failure)
    }

    /// Sets how long a blocking `recv` waits before giving `EAGAIN`.
    private static func setReceiveTimeout(_ fd: Int32, seconds: Int) {
        var time = timeval(tv_sec: seconds, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The response head (up to the blank line) and whatever came after it.
    private static func readHead(_ fd: Int32) throws -> (String, [UInt8]) {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let end: [UInt8] = [13, 10, 13, 10]
        while true {
            if let range = bytes.firstRange(of: end) {
                return (
                    String(decoding: bytes[..<range.lowerBound], as: UTF8.self),
                    Array(bytes[range.upperBound...])
                )
            }
            guard bytes.count < 65_536 else {
                throw ConnectError.protocolError("its answer to the upgrade was too long")
            }
            let got = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            if got > 0 {
                bytes += chunk[0..<got]
            } else if got == 0 {
                throw ConnectError.protocolError("it closed the connection during the WebSocket upgrade")
            } else if errno != EINTR {
                let timedOut = errno == EAGAIN || errno == EWOULDBLOCK
                throw ConnectError.unreachable(
                    timedOut
                        ? "it did not answer the WebSocket upgrade"
                        : "the connection failed during the upgrade")
            }
        }
    }

    /// Checks the `101 Switching Protocols` answer and its `Sec-WebSocket-Accept`.
    private static func checkHandshake(head: String, leftover: [UInt8], key: String) throws {
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = (lines.first ?? "").split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/"), let status = Int(statusParts[1])
        else {
            throw ConnectError.protocolError("it did not answer in HTTP")
        }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard status == 101 else {
            throw ConnectError.refused(
                status: status, body: String(decoding: leftover.prefix(2000), as: UTF8.self))
        }
        let expected = Data(Insecure.SHA1.hash(data: Data((key + acceptGUID).utf8))).base64EncodedString()
        guard fields["upgrade"]?.lowercased() == "websocket",
            fields["connection"]?.lowercased().contains("upgrade") == true,
            fields["sec-websocket-accept"] == expected
        else {
            throw ConnectError.protocolError(
                "its WebSocket upgrade answer was not valid (Sec-WebSocket-Accept)")
        }
    }
}
