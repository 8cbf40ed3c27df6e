import Foundation
import KinoraCore
import Testing

@testable import KinoraGenerate

/// Records the order things happen in, across tasks.
private actor Journal {
    var events: [String] = []
    var concurrent = 0
    var peak: [String: Int] = [:]
    var running: [String: Int] = [:]

    func begin(_ name: String, backend: String) {
        events.append("start \(name)")
        running[backend, default: 0] += 1
        peak[backend] = max(peak[backend] ?? 0, running[backend] ?? 0)
    }

    func end(_ name: String, backend: String) {
        events.append("end \(name)")
        running[backend, default: 0] -= 1
    }
}

@Suite struct JobQueueTests {
    @Test func anEnginesNoteShowsWhileItLastsAndClearsWithTheNextFrames() async {
        let queue = JobQueue()
        let updates = await queue.updates()
        let identity = JobIdentity.take(shot: ShotID(serial: 1), take: TakeID(serial: 1))
        await queue.enqueue(identity: identity, backend: "gpu", label: "s1 t1") { progress in
            progress(0, 12, note: "cold start: booting a machine")
            progress(6, 12)
        }
        await queue.waitUntilIdle()
        var notes: [String?] = []
        for await status in updates {
            if status.state == .running { notes.append(status.note) }
            if status.state.isFinished { break }
        }
        #expect(notes.contains("cold start: booting a machine"))
        #expect(notes.last == .some(nil), "the next frames clear it: \(notes)")
    }

    @Test func jobsStartInOrderWithinEachBackendsLimit() async {
        let queue = JobQueue(limits: ["a": 2, "b": 1])
        let journal = Journal()
        for index in 0..<6 {
            let backend = index % 2 == 0 ? "a" : "b"
            let identity = JobIdentity.take(shot: ShotID(serial: 1), take: TakeID(serial: index + 1))
            await queue.enqueue(identity: identity, backend: backend, label: "job\(index)") { progress in
                await journal.begin("job\(index)", backend: backend)
                for frame in 1...5 {
                    try await Task.sleep(nanoseconds: 4_000_000)
                    progress(frame, 5)
                }
                await journal.end("job\(index)", backend: backend)
            }
        }
        await queue.waitUntilIdle()
        let peak = await journal.peak
        #expect(peak["a"] == 2 && peak["b"] == 1)
        let starts = await journal.events.filter { $0.hasPrefix("start") }
        #expect(
            starts.filter { ["start job0", "start job2", "start job4"].contains($0) } == [
                "start job0", "start job2", "start job4",
            ])
        #expect(
            starts.filter { ["start job1", "start job3", "start job5"].contains($0) } == [
                "start job1", "start job3", "start job5",
            ])
        let statuses = await queue.snapshot()
        #expect(statuses.allSatisfy { $0.state == .done && $0.framesDone == 5 && $0.framesTotal == 5 })
    }

    @Test func cancellingStopsQueuedAndRunningJobs() async throws {
        let queue = JobQueue()
        let first = await queue.enqueue(
            identity: .take(shot: ShotID(serial: 1), take: TakeID(serial: 2)), backend: "a", label: "long"
        ) { progress in
            for frame in 1...1000 {
                try await Task.sleep(nanoseconds: 2_000_000)
                progress(frame, 1000)
            }
        }
        let second = await queue.enqueue(
            identity: .take(shot: ShotID(serial: 1), take: TakeID(serial: 3)), backend: "a", label: "waiting"
        ) { _ in }
        try await Task.sleep(nanoseconds: 30_000_000)
        await queue.cancel(second)
        await queue.cancel(first)
        await queue.waitUntilIdle()
        let states = await queue.snapshot().map(\.state)
        #expect(states == [.cancelled, .cancelled])
    }

    @Test func cancellingByIdentityStopsThatJobAndNoOther() async throws {
        let queue = JobQueue(limits: ["a": 2])
        let shot = ShotID(serial: 4)
        for take in 1...2 {
            await queue.enqueue(
                identity: .take(shot: shot, take: TakeID(serial: take)), backend: "a", label: "t\(take)"
            ) {
                progress in
                for frame in 1...50 {
                    try await Task.sleep(nanoseconds: 2_000_000)
                    progress(frame, 50)
                }
            }
        }
        try await Task.sleep(nanoseconds: 20_000_000)
        await queue.cancel(JobIdentity.take(shot: shot, take: TakeID(serial: 2)))
        await queue.waitUntilIdle()
        let states = await queue.snapshot().map(\.state)
        #expect(states == [.done, .cancelled])
    }

    @Test func cancellingEverythingStartsNothingNew() async throws {
        let queue = JobQueue()
        let journal = Journal()
        for take in 1...3 {
            let identity = JobIdentity.take(shot: ShotID(serial: 1), take: TakeID(serial: take))
            await queue.enqueue(identity: identity, backend: "a", label: "t\(take)") { _ in
                await journal.begin("t\(take)", backend: "a")
                try await Task.sleep(nanoseconds: 500_000_000)
            }
        }
        try await Task.sleep(nanoseconds: 30_000_000)
        await queue.cancelAll()
        await queue.waitUntilIdle()
        #expect(await queue.snapshot().map(\.state) == [.cancelled, .cancelled, .cancelled])
        #expect(
            await journal.events == ["start t1"], "no waiting job started while the others were cancelled")
    }

    @Test func aFailedJobIsReportedAndTheQueueGoesOn() async {
        struct Boom: Error {}
        let queue = JobQueue()
        await queue.enqueue(
            identity: .take(shot: ShotID(serial: 1), take: TakeID(serial: 4)), backend: "a", label: "fails"
        ) { _ in throw Boom() }
        await queue.enqueue(
            identity: .take(shot: ShotID(serial: 1), take: TakeID(serial: 5)), backend: "a", label: "works"
        ) { progress in progress(1, 1) }
        await queue.waitUntilIdle()
        let states = await queue.snapshot().map(\.state)
        #expect(states.count == 2)
        if case .failed = states[0] {
        } else {
            Issue.record("expected the first job to fail, got \(states[0])")
        }
        #expect(states[1] == .done)
    }

    @Test func etaFollowsTheRateSoFar() {
        let start = Date(timeIntervalSince1970: 1000)
        var status = JobQueue.Status(
            id: JobQueue.JobID(value: 1), identity: .take(shot: ShotID(serial: 1), take: TakeID(serial: 1)),
            backend: "a", label: "x", state: .running, framesDone: 25,
            framesTotal: 100,
            startedAt: start)
        #expect(status.eta(now: start.addingTimeInterval(10)) == 30)
        status.framesDone = 0
        #expect(status.eta(now: start.addingTimeInterval(10)) == nil)
    }
}
