import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraGenerate
@testable import KinoraMedia

/// The real RunPodBackend against a fake RunPod serverless endpoint running worker-comfyui
/// (Fixtures/fake_runpod.py): a take made and recorded, failures, cancel, rate limits, cold starts,
/// a recorded job collected after Kinora stopped, and an API key that never shows.
@Suite struct RunPodBackendTests {
    /// The API key every backend here sends: no message may ever show it.
    static let token = "rp-SECRET-91c2e7"
    /// Where messages say to set it.
    static let tokenSetting = "set KINORA_TOKEN_RUNPOD_TEST in the environment"

    @Test func aTakeIsMadeFromTheWorkersVideoAndTheJobIsRecordedBeforeItIsFollowed() async throws {
        let server = try await FakeRunPod.start()
        let backend = try Self.backend(server)
        let recorder = RunPodJobRecorder(server: server)
        let progress = ProgressRecorder()
        var (job, output) = try Self.job(backend)
        job.recordRemoteJob = { try await recorder.record($0) }
        let result = try await backend.generate(job) { progress.add($0) }

        let info = try MediaProbe.probe(output)
        #expect(info.video?.codec == "h264" && info.video?.width == 160 && info.video?.height == 90)
        #expect(info.video?.frameCount == 12 && result.frames == 12 && result.worker == server.display)
        #expect(progress.events.last?.framesDone == 12, "progress ends at the take's frames")

        let state = try await server.state()
        #expect(state["run_calls"]?.number == 1)
        let recorded = recorder.jobs
        #expect(recorded.count == 1 && recorded.first?.job.endpoint == server.display)
        #expect(recorded.first?.pollsBefore == 0, "the job id is recorded before its status is asked")
        let sent = try #require(state["inputs"]?.array?.first)
        #expect(sent["failure"] == .null, "the worker accepts the input: \(sent["failure"]?.text ?? "")")
        let workflow = try #require(sent["workflow"]?.object)
        let loaded = workflow.values.filter { $0["class_type"]?.string == "LoadImage" }
            .compactMap { $0["inputs"]?["image"]?.string }
        let names = (sent["image_names"]?.array ?? []).compactMap(\.string)
        #expect(!loaded.isEmpty && loaded.allSatisfy(names.contains), "every LoadImage names a sent picture")
        #expect(names.allSatisfy { $0.hasPrefix("kinora-") && $0.hasSuffix(".png") })
        #expect(
            state["policies"]?.array?.first?["executionTimeout"]?.number == 180_000,
            "RunPod's execution timeout is the backend's")
        #expect(
            state["authorization"]?.array?.allSatisfy { $0.string == "Bearer \(Self.token)" } == true,
            "every request carries the API key")
    }

    @Test func textToVideoSendsNoPictureAndVideoToVideoSendsTheClipUnderTheNameItsLoaderReads() async throws {
        let server = try await FakeRunPod.start()
        let backend = try Self.backend(server)
        var (text, textOutput) = try Self.job(backend, mode: .textToVideo)
        text.sourceURL = nil
        _ = try await backend.generate(text) { _ in }
        #expect(try MediaProbe.probe(textOutput).video?.frameCount == 12)
        let (video, videoOutput) = try Self.job(
            backend, mode: .videoToVideo, source: try GenerateFixtures.video())
        _ = try await backend.generate(video) { _ in }
        #expect(try MediaProbe.probe(videoOutput).video?.frameCount == 12)

        let inputs = try await server.state()["inputs"]?.array ?? []
        #expect(inputs.count == 2 && inputs.allSatisfy { $0["failure"] == .null })
        #expect(inputs.first?["image_names"]?.array?.isEmpty == true, "text-to-video sends no picture")
        let clip = inputs.last?["workflow"]?.object?.values.first { $0["class_type"]?.string == "LoadVideo" }
        let names = (inputs.last?["image_names"]?.array ?? []).compactMap(\.string)
        #expect(names.count == 1 && names.first?.hasSuffix(".mp4") == true)
        #expect(clip?["inputs"]?["file"]?.string == names.first, "LoadVideo reads the clip sent")
    }

    @Test func aTemplateReadingAPictureNeverSentFailsWithTheWorkersWords() async throws {
        let server = try await FakeRunPod.start()
        let project = try TestFiles.folder()
        try ComfyUIBackendTests.writeTemplate(
            "wan-i2v", in: project.appendingPathComponent("templates/comfyui"),
            nodes: [
                "1": ["class_type": "LoadImage", "inputs": ["image": "{{source}}"]],
                "2": ["class_type": "LoadImage", "inputs": ["image": "logo.png"]],
                "3": ["class_type": "KSampler", "inputs": ["seed": "{{seed}}", "steps": 2]],
                "4": [
                    "class_type": "SaveVideo", "inputs": ["images": ["1", 0], "filename_prefix": "kinora"],
                ],
            ])
        let backend = RunPodBackend(
            name: "runpod-test", url: server.url, token: Self.token,
            templates: try ComfyUITemplates(projectFolder: project, environment: [:]), timeout: 60,
            tokenSetting: Self.tokenSetting, pollInterval: 0.05, maximumPollInterval: 0.2)
        let message = try await Self.failure(backend, server: server)
        #expect(message.contains("Invalid image file: logo.png"), "\(message)")
        #expect(
            message.contains("wan-i2v") && message.contains(project.path),
            "the template and its file: \(message)")
    }

    @Test func framesUploadedToS3AreDownloadedAndAssembled() async throws {
        let server = try await FakeRunPod.start(["--output", "frames", "--delivery", "s3"])
        let backend = try Self.backend(server)
        let (job, output) = try Self.job(backend)
        _ = try await backend.generate(job) { _ in }

        let info = try MediaProbe.probe(output)
        #expect(info.video?.width == 160 && info.video?.height == 90 && info.video?.frameCount == 12)
        let state = try await server.state()
        #expect((state["s3_downloads"]?.number ?? 0) >= 2, "each frame is fetched from its URL")
    }

    @Test func aFailedATimedOutAndAnEmptyJobSayWhatHappenedSafely() async throws {
        async let failed = Self.failure(["--scenario", "failed"])
        async let timedOut = Self.failure(["--scenario", "timed-out"])
        async let empty = Self.failure(["--scenario", "empty"])

        let message = try await failed
        #expect(message.contains("CUDA out of memory") && message.contains("allocation failed"), "\(message)")
        #expect(message.contains("wan"), "the template is named: \(message)")
        #expect(
            !message.contains("\u{1B}") && !message.contains("\u{07}"),
            "no escape sequence reaches a terminal")
        let stopped = try await timedOut
        #expect(stopped.contains("RunPod's execution timeout stopped job"), "\(stopped)")
        let nothing = try await empty
        #expect(nothing.contains("no video or pictures") && nothing.contains("SaveVideo"), "\(nothing)")
    }

    @Test func cancellingCancelsTheJobOnRunPodUnlessKinoraIsClosing() async throws {
        let server = try await FakeRunPod.start(["--scenario", "slow"])
        let backend = try Self.backend(server)
        for closing in [false, true] {
            var (job, output) = try Self.job(backend)
            job.leavesRemoteJob = { closing }
            let run = Task { try await backend.generate(job) { _ in } }
            let polls = closing ? 6 : 3
            _ = try await server.state { ($0["status_polls"]?.number ?? 0) >= Double(polls) }
            run.cancel()
            await #expect(throws: GenerationError.cancelled) { _ = try await run.value }
            #expect(!FileManager.default.fileExists(atPath: output.path), "no output is left")
        }
        let state = try await server.state()
        #expect(state["run_calls"]?.number == 2)
        #expect(
            state["cancels"]?.array?.count == 1,
            "only the take cancelled by the person is cancelled on RunPod")
    }

    @Test func anOutageAfterTheJobExistsKeepsItForLaterAndCancelsNothing() async throws {
        let server = try await FakeRunPod.start(["--scenario", "slow"])
        let backend = try Self.backend(server)
        var (job, output) = try Self.job(backend)
        let recorder = RunPodJobRecorder(server: nil)
        job.recordRemoteJob = { try await recorder.record($0) }
        let run = Task { try await backend.generate(job) { _ in } }
        _ = try await server.state { ($0["status_polls"]?.number ?? 0) >= 2 }
        try await server.post("/kinora-test/outage")
        let error = await #expect(throws: GenerationError.self) { _ = try await run.value }
        guard case .jobOutOfReach(let endpoint, let reason)? = error else {
            Issue.record("expected jobOutOfReach, got \(String(describing: error))")
            return
        }
        #expect(endpoint == backend.endpoint.display && reason.contains("503"), "\(reason)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
        try await server.post("/kinora-test/outage-end")
        let state = try await server.state()
        #expect(state["cancels"]?.array?.isEmpty ?? true, "the job is left on RunPod, to be collected")
        #expect(state["run_calls"]?.number == 1)
    }

    @Test func aTakeCancelledWhileRunPodIsStillAnsweringTheRunCancelsTheJobItMade() async throws {
        let server = try await FakeRunPod.start(["--scenario", "slow", "--run-delay", "1"])
        let backend = try Self.backend(server)
        let recorder = RunPodJobRecorder(server: nil)
        var (job, _) = try Self.job(backend)
        job.recordRemoteJob = { try await recorder.record($0) }
        let run = Task { try await backend.generate(job) { _ in } }
        _ = try await server.state { $0["run_calls"]?.number == 1 }
        run.cancel()
        await #expect(throws: GenerationError.cancelled) { _ = try await run.value }
        let state = try await server.state { $0["cancels"]?.array?.count == 1 }
        let id = try #require(recorder.jobs.first?.job.id, "the job is recorded once RunPod names it")
        #expect(
            state["cancels"]?.array?.first?.string == id, "the job RunPod made is cancelled, not left running"
        )
    }

    @Test func aColdStartIsWaitedOutAndOneThatOutlastsTheTimeoutIsExplained() async throws {
        let warm = try await FakeRunPod.start(["--scenario", "cold-start", "--queue-polls", "5"])
        let patient = try Self.backend(warm, queueNotice: 0)
        let (job, output) = try Self.job(patient)
        _ = try await patient.generate(job) { _ in }
        #expect(try MediaProbe.probe(output).video?.frameCount == 12)
        let state = try await warm.state()
        #expect((state["status_polls"]?.number ?? 0) >= 6 && state["health_calls"]?.number == 1)

        let cold = try await FakeRunPod.start(["--scenario", "cold-start", "--queue-polls", "100000"])
        let message = try await Self.failure(
            try Self.backend(cold, timeout: 8, queueNotice: 0.2), server: cold)
        #expect(message.contains("within 8 s") && message.contains("RunPod's queue"), "\(message)")
        #expect(message.contains("cold start"), "\(message)")
        let after = try await cold.state { $0["cancels"]?.array?.count == 1 }
        #expect(after["cancels"]?.array?.count == 1, "the job is cancelled on RunPod")
    }

    @Test func rateLimitsAreWaitedOutWithAndWithoutRetryAfter() async throws {
        async let told = FakeRunPod.start(["--rate-limit", "1", "--retry-after", "1"])
        async let untold = FakeRunPod.start(["--rate-limit", "1"])
        for server in [try await told, try await untold] {
            let backend = try Self.backend(server)
            let (job, output) = try Self.job(backend)
            _ = try await backend.generate(job) { _ in }
            #expect(FileManager.default.fileExists(atPath: output.path))
            let state = try await server.state()
            #expect(
                state["rate_limited"]?.number == 2 && state["run_calls"]?.number == 1,
                "one job, after the 429s")
        }
    }

    @Test func aRecordedJobIsCollectedWithoutASecondRunAndAForgottenOneIsGone() async throws {
        let server = try await FakeRunPod.start(["--scenario", "cold-start", "--queue-polls", "100000"])
        let backend = try Self.backend(server)
        let recorder = RunPodJobRecorder(server: nil)
        var (job, _) = try Self.job(backend)
        job.recordRemoteJob = { try await recorder.record($0) }
        job.leavesRemoteJob = { true }
        let run = Task { try await backend.generate(job) { _ in } }
        _ = try await server.state { ($0["status_polls"]?.number ?? 0) >= 2 }
        run.cancel()
        await #expect(throws: GenerationError.cancelled) { _ = try await run.value }
        let remote = try #require(recorder.jobs.first?.job)

        try await server.post("/kinora-test/release")
        var (collect, output) = try Self.job(backend)
        collect.resuming = remote
        collect.recordRemoteJob = { try await recorder.record($0) }
        let result = try await backend.generate(collect) { _ in }
        #expect(try MediaProbe.probe(output).video?.frameCount == 12 && result.frames == 12)
        let state = try await server.state()
        #expect(state["run_calls"]?.number == 1, "the endpoint saw the job once")
        #expect(state["cancels"]?.array?.isEmpty == true && recorder.jobs.count == 1)

        try await server.post("/kinora-test/forget")
        var (again, _) = try Self.job(backend)
        again.resuming = remote
        await #expect(throws: GenerationError.jobGone(endpoint: remote.endpoint, id: remote.id)) {
            _ = try await backend.generate(again) { _ in }
        }
    }

    @Test func aMissingOrWrongKeyIsRefusedAndNeverShown() async throws {
        let server = try await FakeRunPod.start(["--token", "the-right-one"])
        let keyless = try Self.backend(server, token: nil)
        let (job, _) = try Self.job(keyless)
        let refused = await #expect(throws: GenerationError.self) {
            _ = try await keyless.generate(job) { _ in }
        }
        #expect(refused?.userMessage.contains(Self.tokenSetting) == true, "\(refused?.userMessage ?? "")")
        #expect(GenerateFixtures.message { try keyless.check(job.request) }.contains("API key"))
        #expect(try await server.state()["authorization"]?.array?.isEmpty == true, "nothing was sent")

        let message = try await Self.failure(try Self.backend(server), server: server)
        #expect(message.contains("HTTP 401") && message.contains(Self.tokenSetting), "\(message)")
    }

    @Test func aJobThatCannotBeRecordedIsCancelledOnRunPod() async throws {
        struct StoryboardFull: Error {}
        let server = try await FakeRunPod.start(["--scenario", "slow"])
        let backend = try Self.backend(server)
        var (job, output) = try Self.job(backend)
        job.recordRemoteJob = { _ in throw StoryboardFull() }
        await #expect(throws: StoryboardFull.self) { _ = try await backend.generate(job) { _ in } }
        let state = try await server.state()
        #expect(
            state["run_calls"]?.number == 1 && state["cancels"]?.array?.count == 1, "no job runs unrecorded")
        #expect(state["status_polls"]?.number == 0 && !FileManager.default.fileExists(atPath: output.path))
    }

    @Test func aJobOverRunPodsPayloadLimitIsRefusedBeforeItIsSent() async throws {
        let server = try await FakeRunPod.start()
        let message = try await Self.failure(try Self.backend(server, payloadLimit: 4000), server: server)
        #expect(message.contains("over RunPod's limit") && message.contains("nothing was sent"), "\(message)")
        #expect(try await server.state()["run_calls"]?.number == 0)
    }

    // MARK: Helpers

    /// One still for every test (made once with ffmpeg; the backend only reads it).
    private static let sharedStill = Result { try GenerateFixtures.still() }

    /// A backend for `server` with the built-in templates, polling fast.
    static func backend(
        _ server: FakeRunPod, token: String? = RunPodBackendTests.token, timeout: Double = 180,
        queueNotice: Double = 10, payloadLimit: Int = RunPodBackend.runPayloadLimit
    ) throws -> RunPodBackend {
        RunPodBackend(
            name: "runpod-test", url: server.url, token: token,
            templates: try ComfyUITemplates(projectFolder: nil, environment: [:]), timeout: timeout,
            tokenSetting: tokenSetting, pollInterval: 0.05, maximumPollInterval: 0.2,
            queueNotice: queueNotice,
            payloadLimit: payloadLimit)
    }

    /// A small image-to-video job (160x90, 24 fps, half a second) and where its take goes.
    static func job(_ backend: RunPodBackend, mode: ShotMode = .imageToVideo, source: URL? = nil) throws -> (
        GenerationJob, URL
    ) {
        let request = TakeRequest(
            backend: backend.name, engineVersion: backend.capabilities.engineVersion, mode: mode,
            prompt: "a rocket lifts off", negativePrompt: "blur", source: nil, sourceHash: nil, inPoint: nil,
            outPoint: nil, duration: 0.5, fps: try #require(FrameRate(parsing: "24")),
            size: try #require(FrameSize(parsing: "160x90")), seed: 7,
            settings: GenerationSettings(strength: 0.8))
        let output = try TestFiles.folder().appendingPathComponent("take.mp4.partial")
        let picture = try source ?? sharedStill.get()
        return (GenerationJob(request: request, sourceURL: picture, outputURL: output), output)
    }

    /// The message of the failure a fake endpoint with `arguments` gives.
    static func failure(_ arguments: [String]) async throws -> String {
        let server = try await FakeRunPod.start(arguments)
        return try await failure(try backend(server), server: server)
    }

    /// The message of the failure `backend` gives for a small take, checked to hide the key, to name the
    /// endpoint and to leave no output.
    static func failure(_ backend: RunPodBackend, server: FakeRunPod) async throws -> String {
        let (job, output) = try Self.job(backend)
        let error = await #expect(throws: GenerationError.self) {
            _ = try await backend.generate(job) { _ in }
        }
        let message = error?.userMessage ?? ""
        #expect(!message.contains(token), "no API key in \(message)")
        #expect(message.contains(server.display), "the endpoint is named in \(message)")
        #expect(!FileManager.default.fileExists(atPath: output.path), "no output is left")
        return message
    }
}

/// Collects the remote jobs a backend records, with how many status polls the endpoint had seen then.
final class RunPodJobRecorder: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var list: [(job: RemoteJob, pollsBefore: Double)] = []
    private let server: FakeRunPod?

    /// A recorder that asks `server` (when given) how far it got.
    init(server: FakeRunPod?) { self.server = server }

    /// Records `job`.
    func record(_ job: RemoteJob) async throws {
        let polls = try await server?.state()["status_polls"]?.number ?? -1
        lock.withLock { list.append((job, polls)) }
    }

    /// Everything recorded.
    var jobs: [(job: RemoteJob, pollsBefore: Double)] { lock.withLock { list } }
}
