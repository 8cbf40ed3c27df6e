import Foundation
import KinoraCore
import KinoraMedia
import KinoraNet
import KinoraTestSupport
import Testing

@testable import KinoraGenerate

/// A ComfyUI server elsewhere: over TLS with its own certificate authority, checked before anything is
/// uploaded, told Kinora's own prompt id, cancelled through the route it has, and its prompts collected
/// after Kinora stopped.
@Suite struct ComfyUIRemoteTests {
    typealias Base = ComfyUIBackendTests

    /// A job for a small image-to-video take of `backend`, recording its remote jobs in `records`.
    private func job(
        _ backend: ComfyUIBackend, records: RecordedRemoteJobs, parameters: [String: String] = [:]
    ) throws
        -> GenerationJob
    {
        let request = try Base.request(mode: .imageToVideo, backend: backend, parameters: parameters)
        var job = GenerationJob(
            request: request, sourceURL: try Base.still(),
            outputURL: try TestFiles.folder().appendingPathComponent("take.mp4"))
        job.recordRemoteJob = { records.add($0) }
        return job
    }

    @Test func overTLSWithItsOwnAuthorityProgressAndPreviewsArriveOverWSS() async throws {
        let authority = try TestCertificateAuthority.make()
        let server = try await FakeComfyUI.start(["--token", Base.token], tls: authority)
        let backend = try Base.backend(server.url, caFile: authority.caFile.path)
        let recorder = ProgressRecorder()
        let records = RecordedRemoteJobs()
        let job = try job(backend, records: records)
        let result = try await backend.generate(job) { recorder.add($0) }
        #expect(try MediaProbe.probe(job.outputURL).video?.frameCount == 12)
        #expect(result.worker == server.display && server.display.hasPrefix("https://"))
        #expect(recorder.events.contains { $0.preview != nil }, "a live preview arrived over wss://")
        #expect(recorder.events.filter { $0.preview == nil }.count >= 3, "progress arrived")
        let state = try await server.state()
        #expect((state["ws_connects"]?.number ?? 0) >= 1)
        #expect(
            state["handshake_authorization"]?.array?.first?.string == "Bearer \(Base.token)",
            "the token is on the WebSocket handshake")
        #expect(state["prompts"]?.array?.first?["extra_data"]?["preview_method"]?.string == "auto")

        // By host name, the certificate's name is checked on both HTTPS and WSS.
        let byName = try Base.backend(
            try #require(URL(string: "https://localhost:\(server.port)")), caFile: authority.caFile.path)
        let named = ProgressRecorder()
        _ = try await byName.generate(try self.job(byName, records: RecordedRemoteJobs())) { named.add($0) }
        #expect(named.events.contains { $0.preview != nil }, "previews over wss://localhost")

        // Without the authority, the message names the host and the option; with the wrong one, the file.
        let untrusted = try await Base.failure(try Base.backend(server.url), server: nil)
        #expect(
            untrusted.contains("127.0.0.1:\(server.port)") && untrusted.contains("\"caFile\""), "\(untrusted)"
        )
        let other = try TestCertificateAuthority.make(name: "Someone Else")
        let wrong = try await Base.failure(
            try Base.backend(server.url, caFile: other.caFile.path), server: nil)
        #expect(
            wrong.contains("not signed by the certificate authority in caFile (\(other.caFile.path))"),
            "\(wrong)")
        let notPEM = #expect(throws: RemoteError.self) {
            try Base.backend(
                server.url, caFile: authority.keyFile.deletingLastPathComponent().path + "/none.pem")
        }
        #expect(notPEM?.message.contains("caFile") == true)
    }

    @Test func thePreflightNamesEveryMissingNodeAndModelBeforeAnythingIsUploaded() async throws {
        let server = try await FakeComfyUI.start([
            "--missing-nodes", "WanImageToVideo,CLIPVisionEncode", "--missing-models",
            "wan_2.1_vae.safetensors",
        ])
        let backend = try Base.backend(server.url)
        let message = try await Base.failure(backend, server: server)
        for name in ["WanImageToVideo", "CLIPVisionEncode", "wan_2.1_vae.safetensors (in models/vae)"] {
            #expect(message.contains(name), "\(name) in \(message)")
        }
        #expect(message.contains("wan-i2v.json"), "the template's file: \(message)")
        let state = try await server.state()
        #expect(state["uploads"]?.array?.isEmpty == true, "nothing was uploaded")
        #expect(state["prompts"]?.array?.isEmpty == true, "nothing was queued")

        // Once everything is there, the take is made, and the check is not asked again for that template.
        let complete = try await FakeComfyUI.start()
        let ready = try Base.backend(complete.url)
        for _ in 0..<2 {
            _ = try await ready.generate(try job(ready, records: RecordedRemoteJobs())) { _ in }
        }
        #expect((try await complete.state())["object_info"]?.number == 1)
    }

    @Test func thePromptIDIsKinorasOwnAndRecordedBeforeThePromptLeaves() async throws {
        let server = try await FakeComfyUI.start(["--strict-prompt-id"])
        let backend = try Base.backend(server.url)
        let records = RecordedRemoteJobs()
        var job = try job(backend, records: records)
        let seenAtRecording = RecordedRemoteJobs()
        job.recordRemoteJob = { remote in
            // The server has not seen any prompt yet when the id is recorded.
            let prompts = try await server.state()["prompts"]?.array ?? []
            if prompts.isEmpty { seenAtRecording.add(remote) }
            records.add(remote)
        }
        _ = try await backend.generate(job) { _ in }
        let recorded = try #require(records.jobs.first)
        #expect(records.jobs.count == 1 && seenAtRecording.jobs.count == 1)
        #expect(recorded.id == recorded.id.lowercased() && UUID(uuidString: recorded.id) != nil)
        #expect(recorded.endpoint == server.display)
        let sent = try #require(try await server.state()["prompts"]?.array?.first)
        #expect(sent["prompt_id"]?.string == recorded.id)

        // An older server chooses its own id: that one is recorded too.
        let older = try await FakeComfyUI.start(["--own-prompt-id"])
        let olderBackend = try Base.backend(older.url)
        let olderRecords = RecordedRemoteJobs()
        _ = try await olderBackend.generate(try self.job(olderBackend, records: olderRecords)) { _ in }
        let queued = try #require(try await older.state()["queued"]?.array?.first?.string)
        #expect(olderRecords.jobs.count == 2 && olderRecords.jobs.last?.id == queued)
        #expect(olderRecords.jobs.last?.clientID == olderRecords.jobs.first?.clientID)
    }

    @Test func aPromptOfAnOlderServerIsCollectedAsTheClientThatQueuedIt() async throws {
        // The server chose the id; its messages go to the client id Kinora queued it with.
        let server = try await FakeComfyUI.start(["--own-prompt-id", "--step-delay", "0.4"])
        let backend = try Base.backend(server.url)
        let records = RecordedRemoteJobs()
        var job = try job(backend, records: records)
        job.leavesRemoteJob = { true }
        let first = Task { [job] in try await backend.generate(job) { _ in } }
        _ = try await server.state { ($0["sent"]?.array ?? []).contains(.string("progress")) }
        first.cancel()
        _ = await first.result
        var collecting = job
        collecting.resuming = try #require(records.jobs.last)
        collecting.outputURL = try TestFiles.folder().appendingPathComponent("collected.mp4")
        _ = try await backend.generate(collecting) { _ in }
        #expect(try MediaProbe.probe(collecting.outputURL).video?.frameCount == 12)
        // The collecting run listens as the client the prompt was queued for (the server's messages go there).
        let sent = try #require(try await server.state()["prompts"]?.array?.first)
        #expect(
            sent["client_id"]?.string == collecting.resuming?.clientID && collecting.resuming?.clientID != nil
        )
        #expect((try await server.state())["prompts"]?.array?.count == 1)
    }

    @Test func aServerOutOfReachKeepsTheJobForLater() async throws {
        let backend = try Base.backend(try #require(URL(string: "http://127.0.0.1:1")), timeout: 120)
        var job = try job(backend, records: RecordedRemoteJobs())
        job.resuming = RemoteJob(
            id: UUID().uuidString.lowercased(), endpoint: "http://127.0.0.1:1", submittedAt: Date())
        let error = await #expect(throws: GenerationError.self) { try await backend.generate(job) { _ in } }
        guard case .jobOutOfReach(let endpoint, let reason)? = error else {
            Issue.record("expected jobOutOfReach, got \(String(describing: error))")
            return
        }
        #expect(endpoint == "http://127.0.0.1:1" && reason.contains("connection was refused"), "\(reason)")
        #expect(error?.userMessage.contains("the job is kept") == true)
    }

    @Test func cancelUsesTheJobsAPIForAQueuedAndARunningPrompt() async throws {
        let server = try await FakeComfyUI.start(["--jobs-api", "--scenario", "slow"])
        let backend = try Base.backend(server.url)
        let records = RecordedRemoteJobs()
        let first = try job(backend, records: records)
        let second = try job(backend, records: records)
        let tasks = [first, second].map { job in Task { try await backend.generate(job) { _ in } } }
        // Both prompts reach the server: one runs, one waits behind it.
        _ = try await server.state { ($0["queued"]?.array?.count ?? 0) == 2 }
        tasks.forEach { $0.cancel() }
        for task in tasks { _ = await task.result }
        let state = try await server.state { ($0["jobs_cancels"]?.array?.count ?? 0) == 2 }
        let cancelled = Set((state["jobs_cancels"]?.array ?? []).compactMap(\.string))
        #expect(cancelled == Set(records.jobs.map(\.id)), "both, through POST /api/jobs/{id}/cancel")
        #expect(state["interrupts"]?.array?.isEmpty == true, "no bare /interrupt")
    }

    @Test func aRunLeftForLaterIsNotCancelledAndIsCollectedAfterwards() async throws {
        let server = try await FakeComfyUI.start(["--jobs-api", "--step-delay", "0.3"])
        let backend = try Base.backend(server.url)
        let records = RecordedRemoteJobs()
        var job = try job(backend, records: records)
        job.leavesRemoteJob = { true }
        let running = Task { [job] in try await backend.generate(job) { _ in } }
        // Left once the server has the prompt (a busy runner may take a while to get there).
        try await records.wait()
        let id = try #require(records.jobs.last?.id)
        _ = try await server.state { ($0["queued"]?.array ?? []).contains(.string(id)) }
        running.cancel()
        _ = await running.result
        let recorded = try #require(records.jobs.last)
        var collecting = job
        collecting.resuming = recorded
        collecting.outputURL = try TestFiles.folder().appendingPathComponent("collected.mp4")
        let result = try await backend.generate(collecting) { _ in }
        #expect(try MediaProbe.probe(collecting.outputURL).video?.frameCount == 12)
        #expect(result.frames == 12)
        let state = try await server.state()
        #expect(state["prompts"]?.array?.count == 1, "the server saw the prompt once")
        #expect(state["jobs_cancels"]?.array?.isEmpty == true && state["interrupts"]?.array?.isEmpty == true)

        // A prompt the server does not know ends the take as gone, naming the server.
        var gone = job
        gone.resuming = RemoteJob(
            id: UUID().uuidString.lowercased(), endpoint: server.display, submittedAt: Date())
        let error = await #expect(throws: GenerationError.self) { try await backend.generate(gone) { _ in } }
        if case .jobGone(let endpoint, _)? = error {
            #expect(endpoint == server.display)
        } else {
            Issue.record("expected jobGone, got \(String(describing: error))")
        }
    }

    @Test func anUploadOverTheServersLimitIsSaidPlainly() async throws {
        let message = try await Base.failure(["--max-upload-mb", "0.001"])
        #expect(message.contains("over its size limit (HTTP 413)"), "\(message)")
        #expect(message.contains("--max-upload-size"))
    }

    @Test func inputFilesInTheHistoryAreNeverTheTake() throws {
        let outputs = try #require(
            ComfyUIJSON.parse(
                Data(
                    #"""
                    {"3": {"images": [{"filename": "source.mp4", "subfolder": "", "type": "input"}], "animated": [true]},
                     "9": {"images": [{"filename": "f1.png", "subfolder": "", "type": "output"},
                                      {"filename": "f2.png", "subfolder": "", "type": "output"}]}}
                    """#.utf8)))
        guard case .frames(let files)? = ComfyUIOutput.pick(from: outputs) else {
            Issue.record("expected the saved frames")
            return
        }
        #expect(files.map(\.filename) == ["f1.png", "f2.png"])
    }
}
