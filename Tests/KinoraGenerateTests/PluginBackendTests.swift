import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

@testable import KinoraGenerate

/// The plug-ins these tests run, and helpers to run them and look at what they left behind.
enum PluginFixtures {
    /// This test target's folder.
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// The repository's root.
    static let repositoryRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    /// The reference plug-in, run directly through its shebang.
    static let referencePlugin = repositoryRoot.appendingPathComponent(
        "Plugins/reference/kinora_reference_plugin.py")
    /// The diffusers plug-in.
    static let diffusersPlugin = repositoryRoot.appendingPathComponent(
        "Plugins/diffusers/kinora_diffusers_plugin.py")
    /// The Python test of the diffusers plug-in.
    static let diffusersTest = testsFolder.appendingPathComponent("Fixtures/test_diffusers_plugin.py")

    /// The command that runs the misbehaving test plug-in `name` (in `Fixtures/plugins`).
    static func misbehaving(_ name: String) -> [String] {
        ["python3", testsFolder.appendingPathComponent("Fixtures/plugins/\(name).py").path]
    }

    /// A one-second 320x180 take at 24 fps for a plug-in backend.
    static func request(
        mode: ShotMode = .imageToVideo, seed: UInt64 = 5, duration: Double = 1, prompt: String = "a red fox"
    ) throws -> TakeRequest {
        var request = try GenerateFixtures.request(mode: mode, seed: seed, duration: duration, prompt: prompt)
        request.backend = "plugin-test"
        request.engineVersion = "plugin:test"
        return request
    }

    /// A job writing into a new temporary folder.
    static func job(_ request: TakeRequest, source: URL? = nil) throws -> GenerationJob {
        GenerationJob(
            request: request, sourceURL: source,
            outputURL: try TestFiles.folder().appendingPathComponent("take.partial.mp4"))
    }

    /// Runs `backend` for `job`, keeping every progress event.
    static func generate(_ backend: PluginBackend, _ job: GenerationJob) async throws -> (
        GenerationResult, [GenerationProgress]
    ) {
        let log = ProgressLog()
        let result = try await backend.generate(job) { log.record($0) }
        return (result, log.events)
    }

    /// The message of the `GenerationError` that running `backend` for `job` throws, or `nil` when it
    /// throws none (which the caller's expectation then reports).
    static func failureMessage(_ backend: PluginBackend, _ job: GenerationJob) async -> String? {
        let error = await #expect(throws: GenerationError.self) {
            _ = try await backend.generate(job) { _ in }
        }
        return error?.userMessage
    }

    /// The process ids a test plug-in noted in `file` (waiting up to ten seconds for it to appear).
    static func notedProcessIDs(in file: URL) async throws -> [Int32] {
        for _ in 0..<500 {
            if let text = try? String(contentsOf: file, encoding: .utf8) {
                return text.split(separator: " ").compactMap { Int32($0) }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: file.path])
    }

    /// Processes of process group `group` still alive (zombies are dead), after waiting up to two seconds
    /// for a SIGKILL to land.
    static func survivors(ofGroup group: Int32) async throws -> [Int32] {
        var alive: [Int32] = []
        for _ in 0..<100 {
            alive = livingMembers(ofGroup: group)
            if alive.isEmpty { return [] }
            try await Task.sleep(for: .milliseconds(20))
        }
        return alive
    }

    /// Every process in `/proc` whose group is `group` and that is not a zombie.
    private static func livingMembers(ofGroup group: Int32) -> [Int32] {
        let ids =
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int32($0) } ?? []
        return ids.filter { id in
            // /proc/PID/stat is "PID (COMMAND) STATE PPID PGRP ..."; the command may hold spaces and ")".
            guard let stat = try? String(contentsOfFile: "/proc/\(id)/stat", encoding: .utf8),
                let close = stat.range(of: ")", options: .backwards)
            else { return false }
            let fields = stat[close.upperBound...].split(separator: " ")
            guard fields.count > 2, let processGroup = Int32(fields[2]) else { return false }
            return processGroup == group && fields[0] != "Z"
        }
    }

    /// The Python that runs the diffusers test: `KINORA_TEST_PYTHON`, else `python3`, when torch and
    /// diffusers import in it; `nil` otherwise.
    static let diffusersPython: String? = {
        let python = ProcessInfo.processInfo.environment["KINORA_TEST_PYTHON"] ?? "python3"
        let status = try? runPython(python, ["-c", "import torch, diffusers, transformers"]).status
        return status == 0 ? python : nil
    }()

    /// Runs `python` with `arguments`; returns its exit status and everything it printed.
    static func runPython(_ python: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, output: String)
    {
        let log = try TestFiles.folder().appendingPathComponent("python.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}

/// Progress events collected from the backend's thread.
final class ProgressLog: @unchecked Sendable {
    // Guarded by `lock`: the backend reports from its own thread.
    private let lock = NSLock()
    private var recorded: [GenerationProgress] = []

    /// Keeps one event.
    func record(_ progress: GenerationProgress) { lock.withLock { recorded.append(progress) } }

    /// Every event so far, in order.
    var events: [GenerationProgress] { lock.withLock { recorded } }
}

@Suite struct PluginBackendTests {
    private let reference = PluginBackend(
        name: "reference", command: [PluginFixtures.referencePlugin.path], timeout: 60)

    private func misbehaving(_ name: String, timeout: Double = 30, environment: [String: String] = [:])
        -> PluginBackend
    {
        PluginBackend(
            name: name, command: PluginFixtures.misbehaving(name), timeout: timeout, environment: environment)
    }

    @Test func theReferencePluginMakesATakeOfTheRequestedSizeAndLength() async throws {
        let still = try GenerateFixtures.still()
        let job = try PluginFixtures.job(try PluginFixtures.request(), source: still)
        let (result, events) = try await PluginFixtures.generate(reference, job)
        let video = try #require(try MediaProbe.probe(job.outputURL).video)
        #expect(video.width == 320 && video.height == 180)
        #expect(video.frameCount == 24 && result.frames == 24)
        let counts = events.map(\.framesDone)
        #expect(counts.last == 24 && events.allSatisfy { $0.framesTotal == 24 }, "progress: \(counts)")
        #expect(counts == counts.sorted(), "progress only goes forward: \(counts)")
        let previews = events.compactMap(\.preview)
        #expect(previews.count == 2, "the first and the middle frame")
        #expect(previews.allSatisfy { $0.starts(with: [0x89, 0x50, 0x4E, 0x47]) }, "PNG pictures")
    }

    @Test func theReferencePluginGivesTheSameTakeForASeedAndAnotherForAnotherSeed() async throws {
        func take(seed: UInt64) async throws -> String {
            let job = try PluginFixtures.job(try PluginFixtures.request(seed: seed))
            _ = try await PluginFixtures.generate(reference, job)
            return try ContentHash.sha256(of: job.outputURL)
        }
        let first = try await take(seed: 5)
        #expect(try await take(seed: 5) == first)
        #expect(try await take(seed: 6) != first)
    }

    @Test func theReferencePluginFollowsAVideoSourcesRange() async throws {
        let clip = try GenerateFixtures.video(seconds: 2)
        var request = try PluginFixtures.request(mode: .videoToVideo, duration: 0.5)
        request.inPoint = 0.5
        request.outPoint = 1.5
        let job = try PluginFixtures.job(request, source: clip)
        let (result, _) = try await PluginFixtures.generate(reference, job)
        let video = try #require(try MediaProbe.probe(job.outputURL).video)
        #expect(video.width == 320 && video.height == 180 && video.frameCount == 12 && result.frames == 12)
    }

    @Test func theRequestCarriesEveryProtocolField() async throws {
        let folder = try TestFiles.folder()
        let saved = folder.appendingPathComponent("request.json")
        let still = try GenerateFixtures.still()
        var request = try PluginFixtures.request(prompt: "雪の夜 \"quoted\"")
        request.negativePrompt = "blur"
        request.seed = UInt64.max
        request.settings.parameters = ["steps": "4"]
        let job = try PluginFixtures.job(request, source: still)
        let backend = misbehaving("garbage_plugin", environment: ["KINORA_TEST_REQUEST_FILE": saved.path])
        _ = await PluginFixtures.failureMessage(backend, job)
        let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: saved)) as? [String: Any]
        let fields = try #require(object)
        #expect(fields["protocol"] as? Int == 1 && fields["mode"] as? String == "image-to-video")
        #expect(
            fields["prompt"] as? String == "雪の夜 \"quoted\"" && fields["negative_prompt"] as? String == "blur")
        #expect((fields["seed"] as? NSNumber)?.uint64Value == UInt64.max)
        #expect(fields["source"] as? String == still.standardizedFileURL.path)
        #expect(fields["source_in"] is NSNull && fields["source_out"] is NSNull)
        #expect(fields["width"] as? Int == 320 && fields["height"] as? Int == 180)
        #expect(fields["fps"] as? Double == 24 && fields["fps_fraction"] as? String == "24")
        #expect(fields["frames"] as? Int == 24 && fields["duration"] as? Double == 1)
        #expect(fields["output"] as? String == job.outputURL.path)
        let previewFolder = try #require(fields["preview_dir"] as? String)
        #expect(
            !FileManager.default.fileExists(atPath: previewFolder), "the preview folder is removed afterwards"
        )
        #expect(fields["parameters"] as? [String: String] == ["steps": "4"])
    }

    @Test func aCrashFailsTheTakeNamingTheExitStatusAndQuotingStderr() async throws {
        let job = try PluginFixtures.job(try PluginFixtures.request())
        let log = ProgressLog()
        let error = await #expect(throws: GenerationError.self) {
            _ = try await misbehaving("crashing_plugin").generate(job) { log.record($0) }
        }
        let message = try #require(error?.userMessage)
        #expect(message.contains("crashing_plugin.py") && message.contains("exit status 3"), "\(message)")
        #expect(message.contains("RuntimeError: CUDA out of memory"), "\(message)")
        #expect(log.events.map(\.framesDone) == [1, 2])
        #expect(
            !FileManager.default.fileExists(atPath: job.outputURL.path), "the half-written file is removed")
    }

    @Test func aPluginThatPrintsGarbageAndExitsFailsQuotingTheFirstGarbageLine() async throws {
        let job = try PluginFixtures.job(try PluginFixtures.request())
        let message = try #require(await PluginFixtures.failureMessage(misbehaving("garbage_plugin"), job))
        #expect(message.contains("exited without a result"), "\(message)")
        #expect(message.contains("5 lines on its stdout were not protocol messages"), "\(message)")
        #expect(message.contains("“Loading checkpoint shards: 100%|##########| 3/3”"), "\(message)")
        #expect(message.contains("“still talking after a 3 MB line”"), "the last log line: \(message)")
        #expect(message.count < 1000, "\(message.count) characters")
    }

    @Test func theProgramStartsInTheConfiguredFolder() async throws {
        let backend = PluginBackend(
            name: "relative", command: ["python3", "garbage_plugin.py"], timeout: 30,
            workingDirectory: PluginFixtures.testsFolder.appendingPathComponent("Fixtures/plugins"))
        let job = try PluginFixtures.job(try PluginFixtures.request())
        let message = try #require(await PluginFixtures.failureMessage(backend, job))
        #expect(message.contains("exited without a result"), "the script was found there: \(message)")
    }

    // A deadline that never fired would hang here: the time limit catches that. Wall-clock bounds inside
    // a test are not kept: with the whole suite running on two cores a finished test can wait a minute
    // to be resumed.
    @Test(.timeLimit(.minutes(3)))
    func aHangingPluginIsStoppedAtItsTimeoutWithItsWholeProcessGroup() async throws {
        let noted = try TestFiles.folder().appendingPathComponent("pids")
        let backend = misbehaving(
            "hanging_plugin", timeout: 1.5, environment: ["KINORA_TEST_PID_FILE": noted.path])
        let job = try PluginFixtures.job(try PluginFixtures.request())
        let message = try #require(await PluginFixtures.failureMessage(backend, job))
        #expect(message.contains("hanging_plugin.py") && message.contains("timeout of 1.5 s"), "\(message)")
        let ids = try await PluginFixtures.notedProcessIDs(in: noted)
        let group = try #require(ids.first)
        #expect(ids.count == 2, "the plug-in and its child")
        #expect(try await PluginFixtures.survivors(ofGroup: group).isEmpty)
    }

    @Test(.timeLimit(.minutes(3)))
    func cancellingTheTaskKillsThePluginsProcessGroup() async throws {
        let noted = try TestFiles.folder().appendingPathComponent("pids")
        let backend = misbehaving(
            "hanging_plugin", timeout: 600, environment: ["KINORA_TEST_PID_FILE": noted.path])
        let job = try PluginFixtures.job(try PluginFixtures.request())
        let run = Task { try await backend.generate(job) { _ in } }
        let ids = try await PluginFixtures.notedProcessIDs(in: noted)
        run.cancel()
        await #expect(throws: GenerationError.cancelled) { _ = try await run.value }
        let group = try #require(ids.first)
        #expect(try await PluginFixtures.survivors(ofGroup: group).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: job.outputURL.path))
    }

    @Test func aVideoOfTheWrongSizeIsRefusedAndRemoved() async throws {
        let job = try PluginFixtures.job(try PluginFixtures.request())
        let message = try #require(await PluginFixtures.failureMessage(misbehaving("wrong_size_plugin"), job))
        #expect(message.contains("160x90 video; the take is 320x180"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: job.outputURL.path))
    }

    @Test func aLinkAsTheOutputIsRefusedAndOnlyTheLinkRemoved() async throws {
        // A video that passes every other check, outside the folder the take is written in.
        let video = try TestFiles.media(
            ["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24", "-frames:v", "24", "-pix_fmt", "yuv420p"],
            name: "elsewhere.mp4")
        defer { try? FileManager.default.removeItem(at: video.deletingLastPathComponent()) }
        let script = """
            output=$(head -n 1 | sed -n 's/.*"output":"\\([^"]*\\)".*/\\1/p')
            ln -s "$1" "$output"
            printf '{"type":"result","output":"%s","frames":24}\\n' "$output"
            """
        let backend = PluginBackend(
            name: "linker", command: ["/bin/sh", "-c", script, "linker", video.path], timeout: 30)
        let job = try PluginFixtures.job(try PluginFixtures.request())
        defer { try? FileManager.default.removeItem(at: job.outputURL.deletingLastPathComponent()) }
        let message = try #require(await PluginFixtures.failureMessage(backend, job))
        #expect(message.contains("made its output a link to \(video.path)"), "\(message)")
        #expect(ProjectPath.entry(at: job.outputURL) == .missing, "the link is removed")
        #expect(ProjectPath.entry(at: video) == .file, "what it pointed to is left alone")
    }

    @Test func theProgramInheritsNoTokenButItsOwn() {
        let backend = PluginBackend(
            name: "mine", command: ["true"], timeout: 5,
            environment: ["KINORA_TOKEN_MINE": "own", "MODEL": "/models/wan"],
            withheldVariables: ["HF_TOKEN", "KINORA_TOKEN_MINE"])
        let inherited = [
            "PATH": "/usr/bin", "KINORA_TOKEN_OTHER": "other", "KINORA_TOKEN_MINE": "stale",
            "HF_TOKEN": "hf", "KINORA_TOKENS": "looks alike", "HOME": "/home/me",
        ]
        #expect(
            backend.programEnvironment(inheriting: inherited) == [
                "PATH": "/usr/bin", "HOME": "/home/me", "KINORA_TOKEN_MINE": "own", "MODEL": "/models/wan",
                "KINORA_TOKENS": "looks alike",
            ])
    }

    @Test func escapeSequencesInAPluginsErrorNeverReachTheMessage() async throws {
        let job = try PluginFixtures.job(try PluginFixtures.request())
        let message = try #require(await PluginFixtures.failureMessage(misbehaving("escape_plugin"), job))
        #expect(message.contains("reported an error") && message.contains("out of memory"), "\(message)")
        let controls = message.unicodeScalars.filter { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }
        #expect(controls.isEmpty, "no control characters survive: \(message.debugDescription)")
        #expect(message.contains("^[[2J") && message.contains("<U+009B>"), "shown, not executed")
        #expect(message.count < 600, "the plug-in's message is shortened")
    }

    @Test func aMissingProgramFailsNamingIt() async throws {
        let backend = PluginBackend(name: "ghost", command: ["/nonexistent/kinora-ghost-plugin"], timeout: 5)
        let job = try PluginFixtures.job(try PluginFixtures.request())
        let message = try #require(await PluginFixtures.failureMessage(backend, job))
        #expect(
            message.contains("could not be started") && message.contains("kinora-ghost-plugin"), "\(message)")
    }

    @Test func capabilitiesComeFromTheConfigurationWithSensibleDefaults() throws {
        let diffusers = PluginBackend(
            name: "wan", command: ["python3", "-u", "/opt/kinora/kinora_diffusers_plugin.py"], timeout: 1800)
        #expect(diffusers.capabilities.engineVersion == "plugin:kinora_diffusers_plugin.py")
        #expect(diffusers.capabilities.modes == [.imageToVideo, .videoToVideo])
        #expect(diffusers.capabilities.maximumDuration == 60 && !diffusers.capabilities.exactSeeds)
        #expect(throws: GenerationError.self) {
            try diffusers.check(try PluginFixtures.request(mode: .slate))
        }
        let unlimited = PluginBackend(name: "bad", command: ["true"], timeout: 0)
        #expect(throws: GenerationError.self) { try unlimited.check(try PluginFixtures.request()) }
    }

    @Test(
        .enabled(
            if: PluginFixtures.diffusersPython != nil,
            "torch and diffusers are not installed for python3 (KINORA_TEST_PYTHON names another Python)"))
    func theDiffusersPluginSpeaksTheProtocolWithATinyPipeline() throws {
        let python = try #require(PluginFixtures.diffusersPython)
        let run = try PluginFixtures.runPython(
            python, [PluginFixtures.diffusersTest.path],
            environment: ["KINORA_DIFFUSERS_PLUGIN": PluginFixtures.diffusersPlugin.path])
        #expect(run.status == 0, "\(run.output)")
    }
}
