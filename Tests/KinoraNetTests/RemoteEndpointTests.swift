import Foundation
import KinoraNet
import Testing

@Suite struct RemoteEndpointTests {
    static func url(_ text: String) -> URL { URL(string: text) ?? URL(fileURLWithPath: "/") }

    let endpoint = RemoteEndpoint(
        url: Self.url("https://gpu.example.net:8443/comfy/"), token: "s3cret-token",
        tokenSetting: "set KINORA_TOKEN_GPU",
        service: .init(name: "the ComfyUI server", unreachableHint: "Start it."))

    @Test func tokenGoesOnlyToTheEndpointsOwnOrigin() {
        #expect(endpoint.isSameOrigin(Self.url("https://gpu.example.net:8443/view?x=1")))
        #expect(!endpoint.isSameOrigin(Self.url("https://cdn.example.net:8443/view")))
        #expect(!endpoint.isSameOrigin(Self.url("http://gpu.example.net:8443/view")))
        #expect(!endpoint.isSameOrigin(Self.url("https://gpu.example.net/view")))
        #expect(endpoint.authorizationHeaders.map(\.value) == ["Bearer s3cret-token"])
    }

    @Test func messagesNeverHoldTheTokenOrControlCharacters() {
        let error = endpoint.serverError(
            status: 500, route: "POST /prompt", body: "boom s3cret-token \u{1B}[2J")
        #expect(!error.message.contains("s3cret-token"))
        #expect(!error.message.contains("\u{1B}"))
        #expect(error.message.contains("https://gpu.example.net:8443/comfy"))
    }

    @Test func colourAndTitleEscapesFromAWorkersLogAreDroppedNotShown() {
        let said = endpoint.quote(
            "\u{1B}[31mCUDA out of memory\u{1B}[0m\u{07} \u{1B}]0;owned\u{07}done \u{1B}[2J")
        #expect(said == "CUDA out of memory done", "\(said)")
    }

    @Test func webSocketURLFollowsTheScheme() {
        #expect(endpoint.webSocketURL("/ws")?.absoluteString == "wss://gpu.example.net:8443/comfy/ws")
        let plain = RemoteEndpoint(
            url: Self.url("http://127.0.0.1:8188"), token: nil, tokenSetting: "",
            service: .init(name: "x", unreachableHint: ""))
        #expect(
            plain.webSocketURL("/ws", query: [URLQueryItem(name: "clientId", value: "a")])?.absoluteString
                == "ws://127.0.0.1:8188/ws?clientId=a")
    }

    @Test func untrustedCertificatesNameTheHostAndTheOption() {
        let error = endpoint.tlsFailure("handshakeFailed(CERTIFICATE_VERIFY_FAILED)")
        #expect(error.kind == .tls)
        #expect(error.message.contains("gpu.example.net:8443"))
        #expect(error.message.contains("caFile"))
    }

    @Test func retryAfterReadsSecondsAndDates() {
        #expect(RetryAfter.seconds("7") == 7)
        #expect(RetryAfter.seconds(nil) == nil)
        #expect(RetryAfter.seconds("soon") == nil)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let later = RetryAfter.seconds("Tue, 14 Nov 2023 22:13:40 GMT", now: now)
        #expect(later == 20)
    }
}
