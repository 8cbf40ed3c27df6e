import KinoraCore
import Testing

@testable import KinoraStudio

/// The job panel's order and limits, and which row is highlighted.
@Suite struct JobPanelTests {
    private func row(_ take: Int, _ state: JobRow.State) -> JobRow {
        JobRow(
            id: .take(shot: ShotID(serial: 1), take: TakeID(serial: take)), label: "s1 t\(take)", state: state
        )
    }

    @Test("running first, then waiting (oldest first), then finished (newest first)")
    func order() {
        var studio = StudioFixture.studio()
        for (take, state) in [
            (1, JobRow.State.done), (2, .waiting), (3, .running), (4, .failed("x")), (5, .waiting),
        ] {
            _ = studio.update(.jobChanged(row(take, state)))
        }
        let export = JobRow(
            id: .export(serial: 1, file: "film.mp4"), label: "export film.mp4", state: .running)
        _ = studio.update(.jobChanged(export))
        #expect(studio.jobs.map(\.label) == ["s1 t3", "export film.mp4", "s1 t2", "s1 t5", "s1 t4", "s1 t1"])
    }

    @Test("at most 50 finished rows are kept; the running ones always are")
    func limit() {
        var studio = StudioFixture.studio()
        _ = studio.update(.jobChanged(row(1000, .running)))
        for take in 1...80 { _ = studio.update(.jobChanged(row(take, .done))) }
        #expect(studio.jobs.count == 51)
        #expect(studio.jobs.first?.label == "s1 t1000")
        #expect(studio.jobs[1].label == "s1 t80", "the newest finished first")
    }

    @Test("outside the panel the top row is highlighted; inside, the highlighted job stays as rows move")
    func selection() {
        var studio = StudioFixture.studio()
        _ = studio.update(.jobChanged(row(1, .running)))
        _ = studio.update(.jobChanged(row(2, .waiting)))
        _ = studio.update(.jobChanged(row(1, .done)))
        #expect(studio.jobs.map(\.label) == ["s1 t2", "s1 t1"])
        #expect(studio.jobSelection == 0)
        studio.focus = .jobs
        studio.press("j")
        #expect(studio.jobs[studio.jobSelection].label == "s1 t1")
        _ = studio.update(.jobChanged(row(3, .running)))
        #expect(studio.jobs[studio.jobSelection].label == "s1 t1")
    }
}
