import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraGenerate
@testable import KinoraMedia

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real ReplicateBackend against a fake Replicate API (Fixtures/fake_replicate.py) that follows the
/// documented predictions API: success, cold start, failure, cancel, rate limits, bad outputs, a mapping
/// the model does not fit, and a prediction collected after Kinora stopped.
@Suite struct ReplicateBackendTests {
    /// A token every backend here sends: no message may ever show it.
    static let token = "r8_SECRET-7c1d"
    /// The fake's model.
    static let model = "kinora-test/video-model"
    /// A mapping onto every input the fake's model has.
    static let fullMapping: [String: String] = [
        "prompt": "prompt", "negativePrompt": "negative_prompt", "image": "image", "lastImage": "last_image",
        "seed": "seed", "duration": "duration", "resolution": "resolution", "aspectRatio": "aspect_ratio",
        "frames": "num_frames", "fps": "fps",
    ]

    @Test func anImageToVideoTakeIsMadeFromTheModelsVideoWithTheRequestMappedToItsInputs() async throws {
        let server = try await FakeReplicate.start()
        let backend = try Self.backend(server.url)
        var request = try Self.request(mode: .imageToVideo, backend: backend)
        request.seed = UInt64.max - 3
        request.settings.parameters = ["camera_fixed": "true", "guidance": "7.5", "style": "12"]
        let recorder = ProgressRecorder()
        let recorded = RecordedRemoteJobs()
        let output = try TestFiles.folder().appendingPathComponent("take.mp4.partial")
        var job = GenerationJob(request: request, sourceURL: try Self.still(), outputURL: output)
        job.recordRemoteJob = { recorded.add($0) }
        let result = try await backend.generate(job) { recorder.add($0) }

        let info = try MediaProbe.probe(output)
        #expect(info.video?.codec == "h264" && info.video?.width == 160 && info.video?.height == 90)
        #expect(info.video?.frameCount == 12 && info.video?.frameRate == FrameRate(numerator: 12))
        #expect(info.hasAudio, "the model's sound is kept")
        #expect(result.frames == 12)
        let madeRate = try #require(FrameRate(numerator: 24))
        #expect(
            result.modelTiming
                == ModelTiming(frames: 72, fps: madeRate, size: FrameSize(width: 320, height: 180)))
        let counts = recorder.events.map(\.framesDone)
        #expect(
            counts == counts.sorted() && counts.last == 12 && counts.contains { $0 > 0 && $0 < 12 },
            "\(counts)")

        let state = try await server.state()
        let input = try #require(state["creates"][0]["input"] as? [String: Any])
        #expect((input["image"] as? String)?.hasPrefix("data:image/png;base64,iVBOR") == true)
        #expect(
            input["prompt"] as? String == "a rocket lifts off"
                && input["negative_prompt"] as? String == "blur")
        #expect(input["seed"] as? Int == Int((UInt64.max - 3) % 2_147_483_648), "wrapped into 0…2³¹−1")
        #expect(input["duration"] as? Int == 1 && input["resolution"] as? String == "90p")
        #expect(input["aspect_ratio"] as? String == "16:9" && input["fps"] as? Int == 12)
        #expect(input["num_frames"] as? Int == 17, "12 frames raised to the model's minimum")
        #expect(input["camera_fixed"] as? Bool == true && input["guidance"] as? Double == 7.5)
        #expect(input["style"] as? String == "12", "a string input stays text")
        #expect(input["last_image"] == nil, "the shot has no end picture")
        let created = try #require(state["statuses"] as? [String: String])
        #expect(recorded.jobs.map(\.id) == Array(created.keys), "the prediction was recorded at once")
        #expect(state["create_routes"] as? [String] == ["/v1/models/\(Self.model)/predictions"])
        #expect((state["api_auth"] as? [Any])?.allSatisfy { $0 as? String == "Bearer \(Self.token)" } == true)
        #expect(
            (state["delivery_auth"] as? [Any])?.allSatisfy { $0 is NSNull } == true
                && (state["delivery_auth"] as? [Any])?.count == 1,
            "the output's host never sees the token: \(state["delivery_auth"] ?? "")")

        // A second take: the schema is read once per backend.
        _ = try await Self.generate(
            backend, try Self.request(mode: .textToVideo, backend: backend), source: nil)
        let after = try await server.state()
        #expect((after["model_gets"] as? [String])?.count == 1)
        let textInput = try #require(after["creates"][1]["input"] as? [String: Any])
        #expect(textInput["image"] == nil && textInput["prompt"] != nil)
    }

    @Test func aPinnedVersionIsCreatedWithItsVersionAndAListOutputGivesItsVideo() async throws {
        let server = try await FakeReplicate.start(["--scenario", "list"])
        let version = String(repeating: "ab", count: 32)
        let backend = try Self.backend(server.url, model: "\(Self.model):\(version)")
        #expect(backend.capabilities.engineVersion == "replicate:\(Self.model):\(version)")
        let (take, _) = try await Self.generate(
            backend, try Self.request(mode: .imageToVideo, backend: backend), source: try Self.still())
        #expect(try MediaProbe.probe(take).video?.frameCount == 12)
        let state = try await server.state()
        #expect(state["create_routes"] as? [String] == ["/v1/predictions"])
        #expect(state["creates"][0]["version"] as? String == version)
        #expect(state["model_gets"] as? [String] == ["/v1/models/\(Self.model)/versions/\(version)"])
        #expect(
            (state["delivery_paths"] as? [String])?.allSatisfy { $0.hasSuffix("output.mp4") } == true,
            "only the video is downloaded, not the poster")
    }

    @Test func aColdStartIsReportedInProgressAndTheTakeFinishes() async throws {
        let server = try await FakeReplicate.start(["--starting", "8"])
        let backend = try Self.backend(server.url)
        let recorder = ProgressRecorder()
        let (take, _) = try await Self.generate(
            backend, try Self.request(mode: .imageToVideo, backend: backend), source: try Self.still()
        ) { recorder.add($0) }
        #expect(try MediaProbe.probe(take).video?.frameCount == 12)
        let notes = recorder.events.compactMap(\.note)
        #expect(notes.contains { $0.contains("cold start") && $0.contains(Self.model) }, "\(notes)")
        #expect((try await server.state())["gets"] as? Int ?? 0 >= 11)
    }

    @Test func aFailedPredictionIsReportedSafelyAndSoIsOneCollectedLater() async throws {
        let server = try await FakeReplicate.start(["--scenario", "failed"])
        let backend = try Self.backend(server.url)
        let recorded = RecordedRemoteJobs()
        let message = try await Self.failure(backend, server: server) { recorded.add($0) }
        #expect(message.contains("the Replicate model \(Self.model) failed on the prediction"))
        #expect(message.contains("CUDA out of memory.") && message.contains("Tried to allocate 20.00 GiB"))
        #expect(
            !message.contains("\u{1B}") && !message.contains("\u{07}") && !message.contains("\n"),
            "\(message)")

        var again = GenerationJob(
            request: try Self.request(mode: .imageToVideo, backend: backend), sourceURL: try Self.still(),
            outputURL: try TestFiles.folder().appendingPathComponent("take.mp4"))
        let remote = try #require(recorded.jobs.first)
        again.resuming = remote
        let error = await #expect(throws: GenerationError.self) { try await backend.generate(again) { _ in } }
        #expect(error?.userMessage.contains("CUDA out of memory.") == true, "\(error?.userMessage ?? "")")
        let creates = (try await server.state())["creates"] as? [Any]
        #expect(creates?.count == 1, "collecting created nothing")
    }

    @Test func anOutageAfterThePredictionExistsKeepsItForLaterAndCancelsNothing() async throws {
        let server = try await FakeReplicate.start(["--scenario", "slow"])
        let backend = try Self.backend(server.url)
        let request = try Self.request(mode: .imageToVideo, backend: backend)
        let output = try TestFiles.folder().appendingPathComponent("take.mp4.partial")
        var job = GenerationJob(request: request, sourceURL: try Self.still(), outputURL: output)
        let recorded = RecordedRemoteJobs()
        job.recordRemoteJob = { recorded.add($0) }
        let recorder = ProgressRecorder()
        let task = Task { [job] in try await backend.generate(job) { recorder.add($0) } }
        try await recorder.wait { $0.contains { $0.framesDone > 0 } }
        var outage = URLRequest(url: try #require(URL(string: server.display + "/kinora-test/outage")))
        outage.httpMethod = "POST"
        _ = try await URLSession.shared.data(for: outage)
        let error = await #expect(throws: GenerationError.self) { try await task.value }
        guard case .jobOutOfReach(_, let reason)? = error else {
            Issue.record("expected jobOutOfReach, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("503"), "\(reason)")
        let state = try await server.state()
        #expect((state["cancels"] as? [String] ?? []).isEmpty, "the prediction is left, to be collected")
        #expect(recorded.jobs.count == 1)
    }

    @Test func cancellingCancelsThePredictionUnlessKinoraIsClosing() async throws {
        let server = try await FakeReplicate.start(["--scenario", "slow"])
        let backend = try Self.backend(server.url)
        for closing in [false, true] {
            let request = try Self.request(mode: .imageToVideo, backend: backend)
            let output = try TestFiles.folder().appendingPathComponent("take.mp4.partial")
            var job = GenerationJob(request: request, sourceURL: try Self.still(), outputURL: output)
            let recorder = ProgressRecorder()
            let recorded = RecordedRemoteJobs()
            job.recordRemoteJob = { recorded.add($0) }
            job.leavesRemoteJob = { closing }
            let task = Task { try await backend.generate(job) { recorder.add($0) } }
            try await recorder.wait { $0.contains { $0.framesDone > 0 } }
            task.cancel()
            await #expect(throws: GenerationError.cancelled) { try await task.value }
            #expect(!FileManager.default.fileExists(atPath: output.path))
            let id = try #require(recorded.jobs.first?.id)
            let state = try await server.state()
            let cancels = state["cancels"] as? [String] ?? []
            #expect(cancels.contains(id) == !closing, "closing \(closing): \(cancels)")
            #expect((state["statuses"] as? [String: String])?[id] == (closing ? "processing" : "canceled"))
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func aTakeThatOutlastsTheTimeoutIsCancelledOnReplicate() async throws {
        let server = try await FakeReplicate.start(["--scenario", "slow"])
        // Long enough for the picture to be framed and the prediction created on a busy runner, so the
        // deadline falls while the model runs.
        let backend = try Self.backend(server.url, timeout: 10)
        let message = try await Self.failure(backend, server: server)
        #expect(message.contains("did not finish the take within 10 s"), "\(message)")
        let state = try await server.state()
        let cancels = state["cancels"] as? [String] ?? []
        #expect(cancels.count == 1 && (state["creates"] as? [Any])?.count == 1, "cancelled: \(cancels)")
    }

    @Test func aMissingOrWrongTokenIsRefusedWithoutShowingIt() async throws {
        let server = try await FakeReplicate.start(["--token", Self.token])
        let wrong = try Self.backend(server.url, token: "r8_wrong-one-99")
        let message = try await Self.failure(wrong, server: server)
        #expect(message.contains("HTTP 401") && message.contains("KINORA_TOKEN_REPLICATE"), "\(message)")
        #expect(!message.contains("r8_wrong-one-99"))

        let none = try Self.backend(server.url, token: nil)
        let before = try await server.state()
        let refusal = GenerateFixtures.message {
            try none.check(try Self.request(mode: .imageToVideo, backend: none))
        }
        #expect(refusal.contains("needs an access token") && refusal.contains("KINORA_TOKEN_REPLICATE"))
        _ = try await Self.failure(none, server: nil)
        let after = try await server.state()
        #expect(
            (after["api_auth"] as? [Any])?.count == (before["api_auth"] as? [Any])?.count, "nothing was sent")
    }

    @Test(arguments: ["1", "none"])
    func aRateLimitIsWaitedOut(retryAfter: String) async throws {
        let server = try await FakeReplicate.start(["--rate-limit", "1", "--retry-after", retryAfter])
        let backend = try Self.backend(server.url)
        let started = Date()
        let (take, _) = try await Self.generate(
            backend, try Self.request(mode: .imageToVideo, backend: backend), source: try Self.still())
        #expect(try MediaProbe.probe(take).video?.frameCount == 12)
        #expect(Date().timeIntervalSince(started) >= 1, "waited a second before trying again")
        let state = try await server.state()
        #expect(state["rate_limited"] as? Int == 1 && (state["creates"] as? [Any])?.count == 1)
    }

    @Test func anOutputThatIsGoneOrTooLargeIsRefused() async throws {
        let gone = try await Self.failure(["--scenario", "output-404"])
        #expect(gone.contains("no longer has the take's video") && gone.contains("HTTP 404"), "\(gone)")

        let started = Date()
        let huge = try await Self.failure(["--scenario", "output-huge"])
        #expect(huge.contains("2.1 GB or more") && huge.contains("at most 1.1 GB"), "\(huge)")
        #expect(
            Date().timeIntervalSince(started) < 60, "refused on its declared length, not after reading it")
    }

    @Test func anUnknownModelAndInputsTheAPIRefusesAreExplained() async throws {
        let unknown = try await Self.failure(["--scenario", "no-model"])
        #expect(
            unknown.contains("knows no model \(Self.model)") && unknown.contains("\"model\""), "\(unknown)")
        let refused = try await Self.failure(["--scenario", "invalid"])
        #expect(refused.contains("refused the inputs for \(Self.model)"), "\(refused)")
        #expect(refused.contains("input.duration: duration must be one of the following: 5, 10"))
        #expect(refused.contains("HTTP 422") && !refused.contains("\u{1B}"))
    }

    @Test func aMappingNamingInputsTheModelLacksIsRefusedBeforeAnythingIsCreated() async throws {
        let server = try await FakeReplicate.start()
        let backend = try Self.backend(
            server.url, inputs: ["prompt": "prompt", "image": "first_frame", "seed": "noise_seed"])
        var request = try Self.request(mode: .imageToVideo, backend: backend)
        request.settings.parameters = ["camera_fixed": "true", "bogus": "1"]
        let output = try TestFiles.folder().appendingPathComponent("take.mp4")
        let job = GenerationJob(request: request, sourceURL: try Self.still(), outputURL: output)
        let error = await #expect(throws: GenerationError.self) { try await backend.generate(job) { _ in } }
        let message = error?.userMessage ?? ""
        #expect(message.contains("The replicate-test backend cannot make this take"), "\(message)")
        #expect(
            message.contains(
                "has no input for inputs.image (\"first_frame\"), inputs.seed (\"noise_seed\"), param.bogus;")
        )
        #expect(message.contains("its inputs are aspect_ratio, camera_fixed, duration"))
        #expect(!message.contains("param.camera_fixed"))
        let creates = (try await server.state())["creates"] as? [Any]
        #expect(creates?.isEmpty == true, "no prediction was created")
    }

    @Test func aPictureOverTheDataURILimitGoesThroughTheFilesAPI() async throws {
        let server = try await FakeReplicate.start()
        let backend = try Self.backend(server.url, dataURILimit: 100)
        var request = try Self.request(mode: .imageToVideo, backend: backend)
        request.endImage = "end.png"
        let output = try TestFiles.folder().appendingPathComponent("take.mp4.partial")
        var job = GenerationJob(request: request, sourceURL: try Self.still(), outputURL: output)
        job.endImageURL = try Self.still()
        _ = try await backend.generate(job) { _ in }
        let state = try await server.state()
        let files = try #require(state["files"] as? [[String: Any]])
        #expect(
            files.count == 2
                && files.allSatisfy {
                    $0["png"] as? Bool == true && $0["content_type"] as? String == "image/png"
                })
        let input = try #require(state["creates"][0]["input"] as? [String: Any])
        #expect((input["image"] as? String)?.hasPrefix("\(server.display)/v1/files/") == true)
        #expect((input["last_image"] as? String)?.hasPrefix("\(server.display)/v1/files/") == true)
    }

    @Test func aRecordedPredictionIsCollectedWithoutASecondOneAndAForgottenOneIsGone() async throws {
        let server = try await FakeReplicate.start(["--starting", "4"])
        let backend = try Self.backend(server.url)
        let pool = BackendPool(
            name: backend.name, endpoints: [BackendPool.Endpoint(label: server.display, backend: backend)],
            perEndpoint: 1)
        // Kinora closes while the model is still starting: the prediction is left running.
        let request = try Self.request(mode: .imageToVideo, backend: backend)
        var first = GenerationJob(
            request: request, sourceURL: try Self.still(),
            outputURL: try TestFiles.folder().appendingPathComponent("take.mp4.partial"))
        let recorded = RecordedRemoteJobs()
        first.recordRemoteJob = { recorded.add($0) }
        first.leavesRemoteJob = { true }
        let task = Task { try await pool.generate(first) { _ in } }
        try await recorded.wait()
        task.cancel()
        await #expect(throws: GenerationError.cancelled) { try await task.value }
        let remote = try #require(recorded.jobs.first)
        #expect(remote.endpoint == server.display, "recorded under the pool's label")

        // The next run collects it.
        var again = GenerationJob(
            request: request, sourceURL: try Self.still(),
            outputURL: try TestFiles.folder().appendingPathComponent("take.mp4.partial"))
        again.resuming = remote
        let collected = try await pool.generate(again) { _ in }
        #expect(try MediaProbe.probe(again.outputURL).video?.frameCount == 12)
        #expect(collected.worker == server.display && collected.framing != nil)
        let state = try await server.state()
        #expect((state["creates"] as? [Any])?.count == 1, "the prediction was created once")
        #expect((state["cancels"] as? [Any])?.isEmpty == true)

        var forgotten = again
        forgotten.resuming = RemoteJob(
            id: "gone0000000000000000000000", endpoint: server.display, submittedAt: Date())
        await #expect(
            throws: GenerationError.jobGone(endpoint: server.display, id: "gone0000000000000000000000")
        ) {
            try await pool.generate(forgotten) { _ in }
        }
    }

    @Test func modesAndMappingsAreCheckedBeforeAnythingIsSent() throws {
        let url = try #require(URL(string: "http://127.0.0.1:9"))
        let imageOnly = try Self.backend(url, inputs: ["image": "image"])
        #expect(imageOnly.capabilities.modes == [.imageToVideo])
        let textOnly = try Self.backend(url, inputs: ["prompt": "prompt"])
        let noImage = GenerateFixtures.message {
            try textOnly.check(try Self.request(mode: .imageToVideo, backend: textOnly))
        }
        #expect(
            noImage.contains("cannot make image-to-video shots") && noImage.contains("inputs.image"),
            "\(noImage)")
        let noPrompt = GenerateFixtures.message {
            try imageOnly.check(try Self.request(mode: .textToVideo, backend: imageOnly))
        }
        #expect(noPrompt.contains("cannot make text-to-video shots") && noPrompt.contains("inputs.prompt"))
        var ending = try Self.request(mode: .imageToVideo, backend: imageOnly)
        ending.endImage = "end.png"
        let noLast = GenerateFixtures.message { try imageOnly.check(ending) }
        #expect(noLast.contains("inputs.lastImage"), "\(noLast)")
        var long = try Self.request(mode: .imageToVideo, backend: imageOnly)
        long.duration = 20
        #expect(GenerateFixtures.message { try imageOnly.check(long) }.contains("beyond its limit of 15.0 s"))

        // Shipped mappings, and a model with none.
        let hailuo = try ReplicateMapping.resolve(
            BackendEntry.replicate(model: "minimax/hailuo-02"), place: "config.json: backend \"r\"")
        #expect(hailuo.isShipped && hailuo.inputs["image"] == "first_frame_image")
        #expect(hailuo.modes == [.imageToVideo, .textToVideo])
        let kling = try ReplicateMapping.resolve(
            BackendEntry.replicate(model: "kwaivgi/kling-v2.1"), place: "config.json: backend \"r\"")
        #expect(kling.modes == [.imageToVideo] && kling.inputs["image"] == "start_image")
        #expect(ReplicateMapping.shipped.count >= 4)
        let unknown = GenerateFixtures.message {
            _ = try ReplicateMapping.resolve(
                BackendEntry.replicate(model: "someone/some-model"), place: "config.json: backend \"r\"")
        }
        #expect(
            unknown.contains("config.json: backend \"r\".inputs") && unknown.contains("someone/some-model"))
        #expect(unknown.contains("minimax/hailuo-02"), "names the models with a shipped mapping")
    }

    @Test func theConfigBuildsAReplicatePoolOrNamesTheKeyToAdd() throws {
        let config = try TestFiles.folder()
        try FileManager.default.createDirectory(
            at: config.appendingPathComponent("kinora"), withIntermediateDirectories: true)
        let file = config.appendingPathComponent("kinora/config.json")
        let environment = ["XDG_CONFIG_HOME": config.path, "KINORA_TOKEN_HAILUO": Self.token]
        try #"{"backends": [{"name": "hailuo", "kind": "replicate", "model": "minimax/hailuo-02"}]}"#.write(
            to: file, atomically: true, encoding: .utf8)
        let (registry, limits) = try BackendRegistry.configured(projectFolder: nil, environment: environment)
        let pool = try #require(try registry.backend(named: "hailuo") as? BackendPool)
        #expect(pool.endpoints.map(\.label) == ["https://api.replicate.com"] && limits["hailuo"] == 2)
        let backend = try #require(pool.endpoints.first?.backend as? ReplicateBackend)
        #expect(backend.mapping.isShipped && backend.capabilities.modes == [.textToVideo, .imageToVideo])
        #expect(backend.capabilities.engineVersion == "replicate:minimax/hailuo-02")
        #expect(backend.client.transport.endpoint.token == Self.token)

        try #"{"backends": [{"name": "mine", "kind": "replicate", "model": "someone/new-model"}]}"#.write(
            to: file, atomically: true, encoding: .utf8)
        let message = GenerateFixtures.message {
            _ = try BackendRegistry.configured(projectFolder: nil, environment: environment)
        }
        #expect(message.contains("\(file.path): backend \"mine\".inputs"), "\(message)")
        #expect(message.contains("Kinora ships no mapping for the model \"someone/new-model\""))
    }

    @Test func requestValuesAreFittedToTheModelsChoicesAndBounds() throws {
        let backend = try Self.backend(try #require(URL(string: "http://127.0.0.1:9")))
        var request = try Self.request(mode: .imageToVideo, backend: backend)
        request.size = try #require(FrameSize(parsing: "720x1280"))
        request.duration = 2
        request.seed = UInt64.max
        let schema = ReplicateSchema(inputs: [
            "duration": .init(type: "integer", choices: [.number(6), .number(10)]),
            "resolution": .init(type: "string", choices: [.text("512p"), .text("768p"), .text("1080p")]),
            "aspect_ratio": .init(
                type: "string", choices: [.text("adaptive"), .text("16:9"), .text("9:16")]),
            "seconds": .init(type: "string", choices: [.text("5"), .text("10")]),
        ])
        let mapping = ReplicateMapping(inputs: [
            "prompt": "prompt", "duration": "duration", "resolution": "resolution",
            "aspectRatio": "aspect_ratio",
            "seed": "seed",
        ])
        let values = ReplicateInputs(request: request, frameCount: 24, mapping: mapping, schema: schema)
            .values(pictures: [:])
        #expect(values["duration"] == .integer(6), "the shortest choice at least as long as the shot")
        #expect(values["resolution"] == .text("768p") && values["aspect_ratio"] == .text("9:16"))
        #expect(
            values["seed"] == .integer(Int64(UInt64.max % 2_147_483_648)),
            "0…2³¹−1 when the model does not say")
        let text = ReplicateInputs(
            request: request, frameCount: 24, mapping: ReplicateMapping(inputs: ["duration": "seconds"]),
            schema: schema)
        #expect(text.value(of: "duration", for: schema.inputs["seconds"]) == .text("5"))
        let plain = ReplicateInputs(request: request, frameCount: 24, mapping: mapping, schema: nil)
        #expect(plain.value(of: "aspectRatio", for: nil) == .text("9:16"))
        #expect(plain.value(of: "resolution", for: nil) == .text("720p"))
        #expect(ReplicateValue.parameter("false", as: nil) == .boolean(false))
        #expect(ReplicateValue.parameter("0.25", as: nil) == .number(0.25))
        #expect(ReplicateValue.parameter("3", as: .init(type: "string")) == .text("3"))
    }

    // MARK: Helpers

    /// One still for every test (made once with ffmpeg; the backend only reads it).
    private static let sharedStill = Result { try GenerateFixtures.still() }

    /// The shared still.
    static func still() throws -> URL { try sharedStill.get() }

    /// A backend for the fake's model at `url`, polling quickly.
    static func backend(
        _ url: URL, token: String? = ReplicateBackendTests.token, model: String = ReplicateBackendTests.model,
        inputs: [String: String] = ReplicateBackendTests.fullMapping, timeout: Double = 120,
        dataURILimit: Int = 1_000_000
    ) throws -> ReplicateBackend {
        try ReplicateBackend(
            name: "replicate-test", endpoint: url, model: try #require(ReplicateModelName(model)),
            mapping: ReplicateMapping(inputs: inputs), token: token,
            tokenSetting: "set KINORA_TOKEN_REPLICATE in the environment", timeout: timeout,
            dataURILimit: dataURILimit, pollInterval: (0.05, 0.2))
    }

    /// A small request: 160x90, 12 fps, one second.
    static func request(mode: ShotMode, backend: ReplicateBackend) throws -> TakeRequest {
        TakeRequest(
            backend: backend.name, engineVersion: backend.capabilities.engineVersion, mode: mode,
            prompt: "a rocket lifts off", negativePrompt: "blur",
            source: mode == .textToVideo ? nil : "still.png",
            sourceHash: nil, inPoint: nil, outPoint: nil, duration: 1,
            fps: try #require(FrameRate(parsing: "12")),
            size: try #require(FrameSize(parsing: "160x90")), seed: 5, settings: GenerationSettings())
    }

    /// Runs the backend into a new folder; returns the take and the result.
    static func generate(
        _ backend: ReplicateBackend, _ request: TakeRequest, source: URL?,
        progress: @escaping @Sendable (GenerationProgress) -> Void = { _ in }
    ) async throws -> (URL, GenerationResult) {
        try await GenerateFixtures.generate(backend, request, source: source, progress: progress)
    }

    /// The message of the failure a fake server with `arguments` gives, checked to hide the token.
    static func failure(_ arguments: [String]) async throws -> String {
        let server = try await FakeReplicate.start(arguments)
        return try await failure(try backend(server.url), server: server)
    }

    /// The message of the failure `backend` gives for a small take, checked to hide the token, to name
    /// the service, and to leave no output.
    static func failure(
        _ backend: ReplicateBackend, server: FakeReplicate?,
        record: @escaping @Sendable (RemoteJob) -> Void = { _ in }
    ) async throws -> String {
        let request = try Self.request(mode: .imageToVideo, backend: backend)
        let output = try TestFiles.folder().appendingPathComponent("take.mp4")
        var job = GenerationJob(request: request, sourceURL: try Self.still(), outputURL: output)
        job.recordRemoteJob = { record($0) }
        let error = await #expect(throws: GenerationError.self) { try await backend.generate(job) { _ in } }
        let message = error?.userMessage ?? ""
        #expect(!message.contains(token), "no token in \(message)")
        if server != nil { #expect(message.contains("Replicate"), "the service is named in \(message)") }
        #expect(!FileManager.default.fileExists(atPath: output.path), "no output is left")
        return message
    }
}

extension BackendEntry {
    /// A replicate entry for `model` with no mapping of its own.
    fileprivate static func replicate(model: String) -> BackendEntry {
        var entry = BackendEntry(name: "r", kind: .replicate)
        entry.model = model
        return entry
    }
}

/// The remote jobs a run recorded.
final class RecordedRemoteJobs: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var list: [RemoteJob] = []

    /// Records one.
    func add(_ job: RemoteJob) { lock.withLock { list.append(job) } }

    /// Everything so far.
    var jobs: [RemoteJob] { lock.withLock { list } }

    /// Waits (up to 60 s) until one is recorded.
    func wait() async throws {
        let deadline = Date().addingTimeInterval(60)
        while jobs.isEmpty {
            try #require(Date() < deadline, "timed out waiting for a recorded job")
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// The fake Replicate API, started through KinoraMedia's Subprocess; it exits when this is released (its
/// stdin closes), so no test leaves it running.
final class FakeReplicate: Sendable {
    /// The running server.
    let server: FakeEngineServer
    /// Its API's port on 127.0.0.1.
    var port: Int { server.port }

    /// Starts the server with `arguments` on a thread of its own (reading its port blocks).
    static func start(_ arguments: [String] = []) async throws -> FakeReplicate {
        try await BlockingWork.run { _ in try FakeReplicate(arguments) }
    }

    /// Starts the server with `arguments` and reads its port.
    private init(_ arguments: [String]) throws {
        server = try FakeEngineServer("fake_replicate.py", arguments)
    }

    /// `http://127.0.0.1:PORT`.
    var url: URL { URL(string: display) ?? URL(fileURLWithPath: "/") }

    /// The API as messages show it.
    var display: String { "http://127.0.0.1:\(port)" }

    /// What the server received and did (`GET /kinora-test/state`).
    func state() async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(
            from: try #require(URL(string: display + "/kinora-test/state")))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

extension Optional where Wrapped == Any {
    /// Element `index` of a list value.
    fileprivate subscript(index: Int) -> Any? {
        guard let list = self as? [Any], list.indices.contains(index) else { return nil }
        return list[index]
    }

    /// Member `key` of an object value.
    fileprivate subscript(key: String) -> Any? {
        (self as? [String: Any])?[key] ?? nil
    }
}
