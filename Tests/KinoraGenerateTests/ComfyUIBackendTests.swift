import Foundation
import KinoraCore
import KinoraNet
import KinoraTestSupport
import Testing

@testable import KinoraGenerate
@testable import KinoraMedia

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real ComfyUIBackend against a fake ComfyUI server (Fixtures/fake_comfyui.py) that speaks the
/// documented protocol: every scenario, from a finished take to a server that restarts mid-run.
@Suite struct ComfyUIBackendTests {
    /// A token every backend here sends: no message may ever show it.
    static let token = "tok-SECRET-4f9a"

    @Test func imageToVideoMakesTheTakeWithProgressPreviewsAndSeededSamplers() async throws {
        let server = try await FakeComfyUI.start()
        let backend = try Self.backend(server.url)
        let seed = UInt64.max - 41
        let request = try Self.request(
            mode: .imageToVideo, seed: seed, backend: backend, parameters: ["template": "wan22-i2v"])
        let recorder = ProgressRecorder()
        let (take, result) = try await Self.generate(backend, request, source: try Self.still()) {
            recorder.add($0)
        }

        let info = try MediaProbe.probe(take)
        #expect(info.video?.codec == "h264" && info.formatName.contains("mp4"))
        #expect(info.video?.width == 160 && info.video?.height == 90, "re-encoded from Wan's 160x88")
        #expect(info.video?.frameCount == 12, "12 frames at 24 fps, from Wan's 4n+1 = 9")
        #expect(info.video?.frameRate == FrameRate(numerator: 24))
        #expect(result.frames == 12 && result.worker == server.display)

        let events = recorder.events
        let counts = events.filter { $0.preview == nil }.map(\.framesDone)
        #expect(counts.count >= 3 && counts == counts.sorted(), "progress moves forward: \(counts)")
        #expect(counts.last == 12 && events.allSatisfy { $0.framesTotal == 12 })
        let previews = events.compactMap(\.preview)
        #expect(!previews.isEmpty, "live previews are passed on")
        #expect(
            previews.allSatisfy {
                $0.starts(with: [0x89, 0x50, 0x4E, 0x47]) || $0.starts(with: [0xFF, 0xD8])
            },
            "previews are PNG or JPEG bytes")
        let pngs = previews.filter { $0.starts(with: [0x89, 0x50, 0x4E, 0x47]) }
        #expect(
            pngs.allSatisfy { $0.suffix(12).starts(with: [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44]) }, "whole PNGs"
        )
        #expect(previews.contains { $0.count > 65_535 }, "a message with a 64-bit length")

        let state = try await server.state()
        let prompt = try #require(state["prompts"]?.array?.last?["prompt"]?.object)
        let samplers = prompt.values.filter { $0["class_type"]?.string == "KSamplerAdvanced" }
        #expect(samplers.count == 2)
        #expect(samplers.allSatisfy { $0["inputs"]?["noise_seed"] == .unsigned(seed) }, "the seed, exactly")
        #expect(prompt["52"]?["inputs"]?["image"]?.string?.hasPrefix("kinora-") == true)
        #expect(
            prompt["50"]?["inputs"]?["length"] == .int(9) && prompt["50"]?["inputs"]?["width"] == .int(160),
            "Wan's 4n+1 frames at its 16 fps")
        let upload = try #require(state["uploads"]?.array?.first)
        #expect(upload["overwrite"]?.string == "true" && upload["type"]?.string == "input")
        #expect((state["pongs"]?.number ?? 0) >= 1, "the server's ping was answered")
        #expect(state["unmasked_client_frames"]?.number == 0)
        let closed = try await server.state { $0["client_closes"]?.number ?? 0 >= 1 }
        #expect(closed["client_closes"]?.number == 1, "the WebSocket is closed with a closing handshake")
        #expect(
            state["authorization"]?.array?.allSatisfy { $0.string == "Bearer \(Self.token)" } == true,
            "every request, the WebSocket too, carries the token")
    }

    @Test func aVideoHelperSuiteOutputThatIsAlreadyTheTakeIsKeptAsItIs() async throws {
        let server = try await FakeComfyUI.start()
        let project = try TestFiles.folder()
        try Self.writeTemplate(
            "wan-i2v", in: project.appendingPathComponent("templates/comfyui"),
            nodes: [
                "1": ["class_type": "LoadImage", "inputs": ["image": "{{source}}"]],
                "2": [
                    "class_type": "EmptyHunyuanLatentVideo",
                    "inputs": [
                        "width": "{{width}}", "height": "{{height}}", "length": "{{frames}}", "batch_size": 1,
                    ],
                ],
                "3": [
                    "class_type": "KSampler", "inputs": ["seed": 1, "steps": 3, "latent_image": ["2", 0]],
                ],
                "4": [
                    "class_type": "VHS_VideoCombine",
                    "inputs": [
                        "images": ["3", 0], "frame_rate": "{{fps}}", "loop_count": 0,
                        "filename_prefix": "kinora",
                        "format": "video/h264-mp4", "pingpong": false, "save_output": true,
                    ],
                ],
            ])
        let backend = try Self.backend(server.url, project: project)
        let (take, _) = try await Self.generate(
            backend, try Self.request(mode: .imageToVideo, backend: backend),
            source: try Self.still())

        let info = try MediaProbe.probe(take)
        #expect(info.video?.width == 160 && info.video?.height == 90 && info.video?.frameCount == 12)
        let state = try await server.state()
        let prompt = try #require(state["prompts"]?.array?.last?["prompt"]?.object)
        #expect(prompt["3"]?["inputs"]?["seed"] == .int(5), "the project's template, seeded")
        let served = try await server.download(filename: "kinora_00001_.mp4", subfolder: "", type: "output")
        #expect(
            try Data(contentsOf: take) == served, "an H.264 MP4 of the right shape is copied, not re-encoded")
    }

    @Test func anImageSequenceIsAssembledIntoTheTake() async throws {
        let server = try await FakeComfyUI.start()
        let config = try TestFiles.folder()
        try Self.writeTemplate(
            "frames", in: config.appendingPathComponent("kinora/templates/comfyui"),
            nodes: [
                "1": ["class_type": "LoadImage", "inputs": ["image": "{{source}}"]],
                "2": [
                    "class_type": "EmptyHunyuanLatentVideo",
                    "inputs": ["width": "{{width}}", "height": "{{height}}", "length": 6, "batch_size": 1],
                ],
                "3": [
                    "class_type": "KSampler",
                    "inputs": ["seed": "{{seed}}", "steps": 2, "latent_image": ["2", 0]],
                ],
                "4": ["class_type": "SaveImage", "inputs": ["images": ["3", 0], "filename_prefix": "seq"]],
            ])
        let backend = try Self.backend(server.url, environment: ["XDG_CONFIG_HOME": config.path])
        let (take, _) = try await Self.generate(
            backend,
            try Self.request(mode: .imageToVideo, backend: backend, parameters: ["template": "frames"]),
            source: try Self.still())

        let info = try MediaProbe.probe(take)
        #expect(info.video?.width == 160 && info.video?.height == 90 && info.video?.frameCount == 12)
        let frames = try FrameReader(url: take, size: PixelSize(width: 160, height: 90)).collect()
        #expect(frames.count == 12)
        let blue = frames.map { Int($0[80, 45].blue) }
        #expect(
            blue.first ?? 255 < 40 && blue.last ?? 0 > 210, "six pictures spread over twelve frames: \(blue)")
        #expect(zip(blue, blue.dropFirst()).allSatisfy { $1 >= $0 - 8 }, "in order: \(blue)")
    }

    @Test func videoToVideoUploadsTheShotsRangeAtTheModelsSizeFramesAndRate() async throws {
        let server = try await FakeComfyUI.start()
        let backend = try Self.backend(server.url)
        var request = try Self.request(mode: .videoToVideo, backend: backend, duration: 0.5)
        request.inPoint = 0.5
        request.outPoint = 1.5
        request.settings.strength = 0.4
        let (take, _) = try await Self.generate(
            backend, request, source: try GenerateFixtures.video(seconds: 2))

        let info = try MediaProbe.probe(take)
        #expect(info.video?.width == 160 && info.video?.height == 90 && info.video?.frameCount == 12)
        let state = try await server.state()
        let prompt = try #require(state["prompts"]?.array?.last?["prompt"]?.object)
        #expect(prompt["3"]?["inputs"]?["denoise"] == .double(0.4), "strength is the denoise")
        let uploaded = try #require(prompt["70"]?["inputs"]?["file"]?.string)
        #expect(uploaded.hasPrefix("kinora-") && uploaded.hasSuffix(".mp4"))
        let clip = try TestFiles.folder().appendingPathComponent("clip.mp4")
        try await server.download(filename: uploaded, subfolder: "", type: "input").write(to: clip)
        let clipInfo = try MediaProbe.probe(clip)
        #expect(
            clipInfo.video?.width == 160 && clipInfo.video?.height == 96 && clipInfo.video?.frameCount == 9
                && clipInfo.video?.frameRate == FrameRate(numerator: 16),
            "the range at Wan's multiples of 16, its 4n+1 frames and 16 fps")
    }

    @Test(arguments: ["drop", "drop-finish"])
    func aDroppedConnectionIsResumedAndTheTakeFinishes(scenario: String) async throws {
        let server = try await FakeComfyUI.start(["--scenario", scenario])
        let backend = try Self.backend(server.url)
        let (take, _) = try await Self.generate(
            backend, try Self.request(mode: .imageToVideo, backend: backend),
            source: try Self.still())
        #expect(try MediaProbe.probe(take).video?.frameCount == 12)
        #expect((try await server.state())["ws_connects"]?.number ?? 0 >= 2, "it reconnected")
    }

    @Test func nodeErrorsNameTheNodesAndWhatIsWrong() async throws {
        let message = try await Self.failure(["--scenario", "node-errors"])
        #expect(message.contains("refused the workflow from the template wan-i2v"))
        #expect(message.contains("node 37 (UNETLoader): Value not in list"))
        #expect(message.contains("wan2.1_i2v_480p_14B_fp16.safetensors"))
        #expect(message.contains("Install the missing models"))
    }

    @Test func anExecutionErrorNamesTheNodeTypeAndTheException() async throws {
        let message = try await Self.failure(["--scenario", "execution-error"])
        #expect(message.contains("node 3 (KSampler) failed with torch.OutOfMemoryError"))
        #expect(message.contains("Allocation on device 0 would exceed allowed memory"))
        #expect(!message.contains("\u{1B}") && !message.contains("\n"), "sanitised: \(message)")
    }

    @Test func aServerThatRestartsMidTakeIsReported() async throws {
        let message = try await Self.failure(["--scenario", "restart"])
        #expect(message.contains("restarted during the take"))
    }

    // A timeout that never fired would hang here: the time limit catches that (see PluginBackendTests
    // for why there is no wall-clock bound inside the test).
    @Test(.timeLimit(.minutes(3)))
    func aTakeThatNeverFinishesTimesOutAndIsInterrupted() async throws {
        let server = try await FakeComfyUI.start(["--scenario", "slow"])
        // Long enough for the framed source to be prepared and uploaded while both cores run the suite, so
        // the deadline falls while the server works on the prompt.
        let backend = try Self.backend(server.url, timeout: 40)
        let message = try await Self.failure(backend, server: server)
        #expect(message.contains("did not finish the take within 40 s"))
        let state = try await server.state {
            $0["sent"]?.array?.contains(.string("execution_interrupted")) == true
        }
        let promptID = try #require(state["queued"]?.array?.last?.string, "\(state) \(message)")
        #expect(state["interrupts"]?.array?.contains(.object(["prompt_id": .string(promptID)])) == true)
        #expect(
            state["sent"]?.array?.contains(.string("execution_interrupted")) == true, "the server stopped")
    }

    @Test func cancellingInterruptsThePromptAndLeavesNoFile() async throws {
        let server = try await FakeComfyUI.start(["--scenario", "slow"])
        let backend = try Self.backend(server.url)
        let request = try Self.request(mode: .imageToVideo, backend: backend)
        let output = try TestFiles.folder().appendingPathComponent("take.mp4.partial")
        let job = GenerationJob(request: request, sourceURL: try Self.still(), outputURL: output)
        let recorder = ProgressRecorder()
        let task = Task { try await backend.generate(job) { recorder.add($0) } }
        try await recorder.wait { $0.contains { $0.preview != nil } }
        task.cancel()
        await #expect(throws: GenerationError.cancelled) { try await task.value }
        #expect(!FileManager.default.fileExists(atPath: output.path))
        let state = try await server.state {
            $0["sent"]?.array?.contains(.string("execution_interrupted")) == true
        }
        let promptID = try #require(state["queued"]?.array?.last?.string)
        #expect(state["interrupts"]?.array?.contains(.object(["prompt_id": .string(promptID)])) == true)
        #expect(state["sent"]?.array?.contains(.string("execution_interrupted")) == true)
    }

    @Test func anInterruptFromElsewhereFailsTheTake() async throws {
        let server = try await FakeComfyUI.start(["--scenario", "slow"])
        let backend = try Self.backend(server.url)
        let request = try Self.request(mode: .imageToVideo, backend: backend)
        let output = try TestFiles.folder().appendingPathComponent("take.mp4")
        let job = GenerationJob(request: request, sourceURL: try Self.still(), outputURL: output)
        let recorder = ProgressRecorder()
        let task = Task { try await backend.generate(job) { recorder.add($0) } }
        try await recorder.wait { $0.contains { $0.preview != nil } }
        try await server.post("/interrupt")
        let error = await #expect(throws: GenerationError.self) { try await task.value }
        let message = error?.userMessage ?? ""
        #expect(
            message.contains("interrupted on the ComfyUI server at \(server.display) at node 3 (KSampler)"))
    }

    @Test func aMissingOrWrongTokenSaysWhichSettingToSet() async throws {
        let server = try await FakeComfyUI.start(["--token", "the-right-one"])
        for token in [nil, "wrong-token-123"] {
            let backend = try Self.backend(server.url, token: token)
            let message = try await Self.failure(backend, server: server)
            #expect(message.contains("HTTP 401"))
            #expect(message.contains("KINORA_COMFYUI_TOKEN"), "names the setting: \(message)")
            #expect(!message.contains("wrong-token-123") && !message.contains("the-right-one"))
        }
        let backend = try Self.backend(server.url, token: "the-right-one")
        let (take, _) = try await Self.generate(
            backend, try Self.request(mode: .imageToVideo, backend: backend),
            source: try Self.still())
        #expect(try MediaProbe.probe(take).video?.frameCount == 12)
    }

    @Test func aServerErrorIsQuotedShortAndWithoutTheToken() async throws {
        let message = try await Self.failure(["--scenario", "server-error"])
        #expect(message.contains("failed while handling POST /prompt (HTTP 500: 500 Internal Server Error"))
        #expect(message.contains("Server got itself in trouble"))
        #expect(message.contains("[token]"), "the echoed token is hidden: \(message)")
        #expect(!message.contains("\u{1B}") && message.count < 600)
    }

    @Test func malformedJSONIsReported() async throws {
        let message = try await Self.failure(["--scenario", "malformed"])
        #expect(message.contains("answered POST /prompt with something it does not send"))
    }

    @Test func aFinishedPromptWithoutOutputIsReported() async throws {
        let message = try await Self.failure(["--scenario", "empty"])
        #expect(message.contains("listed no video or pictures"))
        #expect(message.contains("SaveVideo, VHS_VideoCombine or SaveImage"))
    }

    @Test func aClosedPortAndATLSMismatchAreExplained() async throws {
        // A long deadline: a refused connection answers at once, but a runner busy with every other test
        // may not get to it for a while, and this test is about the words, not the time.
        let refused = try Self.backend(try #require(URL(string: "http://user:pw@127.0.0.1:1")), timeout: 300)
        let message = try await Self.failure(refused, server: nil)
        #expect(
            message.contains(
                "cannot reach the ComfyUI server at http://127.0.0.1:1: the connection was refused"))
        #expect(!message.contains("pw"))

        let server = try await FakeComfyUI.start()
        let tls = try Self.backend(try #require(URL(string: "https://127.0.0.1:\(server.port)")))
        let tlsMessage = try await Self.failure(tls, server: nil)
        #expect(
            tlsMessage.contains(
                "could not make a secure (TLS) connection to the ComfyUI server at 127.0.0.1:\(server.port)"),
            "\(tlsMessage)")
    }

    @Test func aProxyWithoutWebSocketsIsFollowedByPolling() async throws {
        let server = try await FakeComfyUI.start(["--refuse-websocket"])
        let backend = try Self.backend(server.url)
        let request = try Self.request(mode: .imageToVideo, backend: backend)
        let output = try TestFiles.folder().appendingPathComponent("take.mp4")
        _ = try await backend.generate(
            GenerationJob(request: request, sourceURL: try Self.still(), outputURL: output),
            progress: { _ in })
        #expect(try MediaProbe.probe(output).video?.frameCount == 12)
        let state = try await server.state()
        #expect(state["ws_connects"]?.number == 0)
        #expect(state["handshake_authorization"]?.array?.isEmpty == false, "the upgrade was asked for")
    }

    // MARK: Helpers

    /// One still for every test (made once with ffmpeg; the backend only reads it).
    private static let sharedStill = Result { try GenerateFixtures.still() }

    /// The shared still.
    static func still() throws -> URL { try sharedStill.get() }

    /// A backend for `url` with the built-in templates (plus the project's or user's when given).
    static func backend(
        _ url: URL, token: String? = ComfyUIBackendTests.token, timeout: Double = 180, project: URL? = nil,
        environment: [String: String] = [:], caFile: String? = nil
    ) throws -> ComfyUIBackend {
        try ComfyUIBackend(
            name: "comfy-test", endpoint: url, token: token,
            templates: try ComfyUITemplates(projectFolder: project, environment: environment),
            timeout: timeout,
            tokenSetting: "KINORA_COMFYUI_TOKEN", caFile: caFile)
    }

    /// A small request: 160x90, 24 fps, half a second.
    static func request(
        mode: ShotMode, seed: UInt64 = 5, backend: ComfyUIBackend, duration: Double = 0.5,
        parameters: [String: String] = [:]
    ) throws -> TakeRequest {
        TakeRequest(
            backend: backend.name, engineVersion: backend.capabilities.engineVersion, mode: mode,
            prompt: "a rocket lifts off", negativePrompt: "blur", source: nil, sourceHash: nil, inPoint: nil,
            outPoint: nil, duration: duration, fps: try #require(FrameRate(parsing: "24")),
            size: try #require(FrameSize(parsing: "160x90")), seed: seed,
            settings: GenerationSettings(strength: 0.8, parameters: parameters))
    }

    /// Runs the backend into a new folder; returns the take and the result.
    static func generate(
        _ backend: ComfyUIBackend, _ request: TakeRequest, source: URL,
        progress: @escaping @Sendable (GenerationProgress) -> Void = { _ in }
    ) async throws -> (URL, GenerationResult) {
        try await GenerateFixtures.generate(backend, request, source: source, progress: progress)
    }

    /// The message of the failure a fake server with `arguments` gives, checked to hide the token.
    static func failure(_ arguments: [String]) async throws -> String {
        let server = try await FakeComfyUI.start(arguments)
        return try await failure(try backend(server.url), server: server)
    }

    /// The message of the failure `backend` gives for a small take, checked to hide the token and to name
    /// the server.
    static func failure(_ backend: ComfyUIBackend, server: FakeComfyUI?) async throws -> String {
        let request = try Self.request(mode: .imageToVideo, backend: backend)
        let output = try TestFiles.folder().appendingPathComponent("take.mp4")
        let job = GenerationJob(request: request, sourceURL: try Self.still(), outputURL: output)
        let error = await #expect(throws: GenerationError.self) { try await backend.generate(job) { _ in } }
        let message = error?.userMessage ?? ""
        #expect(!message.contains(token), "no token in \(message)")
        if let server { #expect(message.contains(server.display), "the server is named in \(message)") }
        #expect(!FileManager.default.fileExists(atPath: output.path), "no output is left")
        return message
    }

    /// Writes a template file `name.json` with `nodes` into `folder`.
    static func writeTemplate(_ name: String, in folder: URL, nodes: [String: Any]) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let data = try JSONSerialization.data(withJSONObject: nodes, options: [.sortedKeys])
        try data.write(to: folder.appendingPathComponent("\(name).json"))
    }
}

/// The fake ComfyUI server (a ``FakeEngineServer``); it exits when this is released
/// (its stdin closes), so no test leaves it running.
final class FakeComfyUI: Sendable {
    /// The running server.
    let server: FakeEngineServer
    /// Its port on 127.0.0.1.
    var port: Int { server.port }
    /// The authority whose certificate the server presents, when it serves HTTPS and WSS.
    let authority: TestCertificateAuthority?
    /// The test's own client, for the test-only routes.
    private let control: HTTPTransport

    /// Starts the server with `arguments` on a thread of its own (reading its port blocks), so the
    /// tests running in parallel keep the cooperative pool; with `tls`, it serves HTTPS and WSS with a
    /// certificate that authority signed.
    static func start(_ arguments: [String] = [], tls: TestCertificateAuthority? = nil) async throws
        -> FakeComfyUI
    {
        try await BlockingWork.run { _ in try FakeComfyUI(arguments + (tls?.serverArguments ?? []), tls: tls)
        }
    }

    /// Starts the server with `arguments` and reads its port.
    private init(_ arguments: [String], tls: TestCertificateAuthority?) throws {
        server = try FakeEngineServer("fake_comfyui.py", arguments)
        authority = tls
        let base = try #require(URL(string: "\(tls == nil ? "http" : "https")://127.0.0.1:\(server.port)"))
        control = try HTTPTransport(
            endpoint: RemoteEndpoint(
                url: base, token: nil, tokenSetting: "", caFile: tls?.caFile.path,
                service: .init(name: "the fake ComfyUI server", unreachableHint: "")))
    }

    /// `http://127.0.0.1:PORT` (`https://` with TLS).
    var url: URL { URL(string: display) ?? URL(fileURLWithPath: "/") }

    /// The endpoint as messages show it.
    var display: String { "\(authority == nil ? "http" : "https")://127.0.0.1:\(port)" }

    /// What the server received and did (`GET /kinora-test/state`), once `ready` holds for it (asked
    /// again for up to 30 s: the server acts on a request a moment after answering it).
    func state(until ready: (ComfyUIJSON) -> Bool = { _ in true }) async throws -> ComfyUIJSON {
        // Returns as soon as `ready` holds; the bound only matters when both cores run the whole suite.
        let deadline = Date().addingTimeInterval(120)
        while true {
            let data = try await control.expectSuccess(.GET, "/kinora-test/state")
            let state = try #require(ComfyUIJSON.parse(data))
            if ready(state) || Date() > deadline { return state }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// A file the server holds (`GET /view`).
    func download(filename: String, subfolder: String, type: String) async throws -> Data {
        var components = try #require(URLComponents(string: "\(display)/view"))
        components.queryItems = [
            URLQueryItem(name: "filename", value: filename),
            URLQueryItem(name: "subfolder", value: subfolder),
            URLQueryItem(name: "type", value: type),
        ]
        let (data, response) = try await URLSession.shared.data(from: try #require(components.url))
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        return data
    }

    /// Posts an empty body to `path`, as another client would.
    func post(_ path: String) async throws {
        var request = URLRequest(url: try route(path))
        request.httpMethod = "POST"
        request.httpBody = Data()
        _ = try await URLSession.shared.data(for: request)
    }

    private func route(_ path: String) throws -> URL {
        try #require(URL(string: display + path))
    }
}

/// Collects progress events from another task.
final class ProgressRecorder: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var list: [GenerationProgress] = []

    /// Records one event.
    func add(_ event: GenerationProgress) { lock.withLock { list.append(event) } }

    /// Everything so far.
    var events: [GenerationProgress] { lock.withLock { list } }

    /// Waits (up to 60 s: the whole suite runs in parallel on two cores) until `condition` holds for the
    /// events so far.
    func wait(until condition: ([GenerationProgress]) -> Bool) async throws {
        let deadline = Date().addingTimeInterval(60)
        while !condition(events) {
            try #require(Date() < deadline, "timed out waiting for progress")
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

extension FrameReader {
    /// Every remaining frame.
    fileprivate func collect() throws -> [RGBFrame] {
        var frames: [RGBFrame] = []
        while let frame = try next() { frames.append(frame) }
        return frames
    }
}
