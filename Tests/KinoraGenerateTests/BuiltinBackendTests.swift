import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

@testable import KinoraGenerate

@Suite struct BuiltinBackendTests {
    @Test func oneSeedGivesTheSameTakeAndAnotherSeedADifferentOne() async throws {
        let still = try GenerateFixtures.still()
        let first = try await GenerateFixtures.generate(
            try GenerateFixtures.request(mode: .imageToVideo, seed: 5), source: still)
        let again = try await GenerateFixtures.generate(
            try GenerateFixtures.request(mode: .imageToVideo, seed: 5), source: still)
        let other = try await GenerateFixtures.generate(
            try GenerateFixtures.request(mode: .imageToVideo, seed: 6), source: still)
        let a = try GenerateFixtures.frames(first)
        let b = try GenerateFixtures.frames(again)
        let c = try GenerateFixtures.frames(other)
        #expect(a.count == 24 && b.count == 24 && c.count == 24)
        #expect(
            a.map { ContentHash.sha256(of: Data($0.pixels)) }
                == b.map { ContentHash.sha256(of: Data($0.pixels)) })
        #expect(
            try ContentHash.sha256(of: first) == (try ContentHash.sha256(of: again)),
            "the file itself is identical")
        #expect(GenerateFixtures.difference(a[23], c[23]) > 2, "another seed frames the push-in differently")
    }

    @Test func aPushInMovesSmoothlyFrameToFrame() async throws {
        let still = try GenerateFixtures.still()
        let take = try await GenerateFixtures.generate(
            try GenerateFixtures.request(mode: .imageToVideo, parameters: ["easing": "linear"]), source: still
        )
        let frames = try GenerateFixtures.frames(take)
        let steps = zip(frames, frames.dropFirst()).map { GenerateFixtures.difference($0, $1) }
        let median = steps.sorted()[steps.count / 2]
        #expect(steps.allSatisfy { $0 > 0.05 }, "the camera never stops mid-move: \(steps)")
        #expect(steps.allSatisfy { $0 < median * 3 }, "no frame jumps: \(steps)")
    }

    @Test func everyStyleChangesThePictureAndKeepsSizeAndFrameCount() async throws {
        let clip = try GenerateFixtures.video(seconds: 0.5)
        let plain = try GenerateFixtures.frames(
            try await GenerateFixtures.generate(
                try GenerateFixtures.request(mode: .videoToVideo, motion: .static, duration: 0.5),
                source: clip))
        #expect(plain.count == 12)
        for style in VisualStyle.allCases where style != .none {
            let take = try await GenerateFixtures.generate(
                try GenerateFixtures.request(
                    mode: .videoToVideo, motion: .static, style: style, duration: 0.5),
                source: clip)
            let info = try MediaProbe.probe(take)
            #expect(info.video?.width == 320 && info.video?.height == 180, "\(style)")
            let frames = try GenerateFixtures.frames(take)
            #expect(frames.count == 12, "\(style)")
            #expect(GenerateFixtures.difference(frames[6], plain[6]) > 4, "\(style) must change the picture")
        }
    }

    @Test func retimingPlaysFasterAndBackwards() async throws {
        let clip = try GenerateFixtures.video(seconds: 2)
        let forward = try GenerateFixtures.frames(
            try await GenerateFixtures.generate(
                try GenerateFixtures.request(mode: .videoToVideo, motion: .static, duration: 2), source: clip)
        )
        let fast = try GenerateFixtures.frames(
            try await GenerateFixtures.generate(
                try GenerateFixtures.request(
                    mode: .videoToVideo, motion: .static, duration: 1, parameters: ["speed": "2"]),
                source: clip))
        let reverse = try GenerateFixtures.frames(
            try await GenerateFixtures.generate(
                try GenerateFixtures.request(
                    mode: .videoToVideo, motion: .static, duration: 2, parameters: ["playback": "reverse"]),
                source: clip))
        #expect(fast.count == 24 && reverse.count == 48)
        #expect(
            GenerateFixtures.difference(fast[10], forward[20]) < 3,
            "2x speed shows source frame 20 at frame 10")
        #expect(GenerateFixtures.difference(reverse[0], forward[47]) < 3, "reverse starts on the last frame")
        #expect(GenerateFixtures.difference(reverse[47], forward[0]) < 3, "and ends on the first")
    }

    @Test func aSlateDrawsItsTextOnAMovingBackground() async throws {
        let take = try await GenerateFixtures.generate(
            try GenerateFixtures.request(
                mode: .slate, duration: 1, parameters: ["label": "4"], prompt: "倒计时 countdown"),
            source: nil)
        let frames = try GenerateFixtures.frames(take)
        #expect(frames.count == 24)
        // At 320x180 the prompt is 10 px tall: a few hundred near-white bytes, on a dark background.
        let bright = frames[0].pixels.filter { $0 > 200 }.count
        #expect(bright > 100, "text is drawn in near-white: \(bright)")
        #expect(frames[0].pixels.prefix(320 * 3 * 10).allSatisfy { $0 < 160 }, "the top rows are background")
        #expect(GenerateFixtures.difference(frames[0], frames[23]) > 0.05, "the background drifts")
    }

    /// Starts a take at the engine's longest (600 s, far more than the test waits for) and, on the
    /// render thread when its fifth frame is done, runs `atFifthFrame` with the take's task. Done there,
    /// not by polling from the test, so a test runner whose threads are all busy with other tests cannot
    /// let the take run to its end before the test acts.
    private func longTake(
        atFifthFrame: @escaping @Sendable (_ task: Task<GenerationResult, Error>, _ output: URL) -> Void
    ) throws -> (Task<GenerationResult, Error>, URL) {
        let still = try GenerateFixtures.still()
        let output = try GenerateFixtures.folder().appendingPathComponent("take.mp4")
        let request = try GenerateFixtures.request(mode: .imageToVideo, duration: 600)
        let holder = TaskHolder()
        let task = Task {
            try await BuiltinBackend().generate(
                GenerationJob(request: request, sourceURL: still, outputURL: output)
            ) { progress in
                guard progress.framesDone == 5 else { return }
                // The task may not be stored yet when the engine is that fast: wait for it, briefly.
                for _ in 0..<1000 where holder.task == nil { usleep(1000) }
                if let task = holder.task { atFifthFrame(task, output) }
            }
        }
        holder.task = task
        return (task, output)
    }

    @Test func cancellingLeavesNoFile() async throws {
        let (task, output) = try longTake { task, _ in task.cancel() }
        await #expect(throws: GenerationError.cancelled) { try await task.value }
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func ffmpegKilledMidEncodeFailsWithTheReason() async throws {
        let killed = TaskHolder.Counter()
        let (task, output) = try longTake { _, output in
            killed.add(ProcessTable.killFFmpeg(commandLineContaining: output.path))
        }
        let error = await #expect(throws: (any Error).self) { try await task.value }
        #expect(killed.value > 0, "ffmpeg was running when the fifth frame was done")
        #expect(
            (error as? UserFacingError)?.userMessage.contains(output.path) == true,
            "\(String(describing: error))")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func badRequestsAreRefusedWithTheReason() async throws {
        let backend = BuiltinBackend()
        let missing = URL(fileURLWithPath: "/nonexistent/photo.png")
        await #expect(throws: GenerationError.self) {
            _ = try await GenerateFixtures.generate(
                try GenerateFixtures.request(mode: .imageToVideo), source: missing)
        }
        let notImage = try GenerateFixtures.folder().appendingPathComponent("notes.png")
        try Data("not a picture".utf8).write(to: notImage)
        await #expect(throws: GenerationError.self) {
            _ = try await GenerateFixtures.generate(
                try GenerateFixtures.request(mode: .imageToVideo), source: notImage)
        }
        var short = try GenerateFixtures.request(mode: .videoToVideo)
        short.inPoint = 0.5
        short.outPoint = 9
        let clip = try GenerateFixtures.video(seconds: 1)
        let error = await #expect(throws: GenerationError.self) {
            _ = try await GenerateFixtures.generate(short, source: clip)
        }
        #expect(error?.userMessage.contains("outside the video") == true)
        #expect(throws: GenerationError.self) {
            try backend.check(try GenerateFixtures.request(mode: .slate, duration: 601))
        }
        #expect(throws: GenerationError.self) {
            try backend.check(try GenerateFixtures.request(mode: .slate, strength: 1.5))
        }
        await #expect(throws: GenerationError.self) {
            _ = try await GenerateFixtures.generate(
                try GenerateFixtures.request(mode: .slate, parameters: ["speed": "9"]), source: nil)
        }
    }
}

/// The long take's task, handed to its own progress callback on the render thread.
private final class TaskHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Task<GenerationResult, Error>?

    /// The task, once stored.
    var task: Task<GenerationResult, Error>? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    /// A count kept across threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0

        /// Adds `amount`.
        func add(_ amount: Int) { lock.withLock { count += amount } }

        /// The count so far.
        var value: Int { lock.withLock { count } }
    }
}
