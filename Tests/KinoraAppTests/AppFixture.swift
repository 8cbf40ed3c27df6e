import Foundation
import KinoraApp
import KinoraCore
import KinoraStudio
import KinoraTestSupport
import TermGrid

/// A real project on disk and the real runtime on it, drawing into a ``RecordingTerminal``.
@MainActor
struct AppFixture {
    /// The project folder.
    let folder: URL
    /// The runtime under test.
    let runtime: StudioRuntime
    /// What it draws on.
    let terminal: RecordingTerminal

    /// A project of `durations.count` slate shots (small frames, so takes are quick to make) and the
    /// runtime opened on it.
    init(durations: [Double] = [2], title: String = "App Test") async throws {
        let folder = try TestFiles.folder().appendingPathComponent("film")
        guard let fps = FrameRate(numerator: 24), let size = FrameSize(width: 192, height: 108) else {
            preconditionFailure("fixed values")
        }
        var project = Project(title: title, fps: fps, size: size)
        for (index, duration) in durations.enumerated() {
            _ = project.addShot(
                Shot(
                    id: ShotID(serial: 1), label: "\(index + 1)", prompt: "shot \(index + 1)", mode: .slate,
                    duration: duration, seed: UInt64(100 + index)))
        }
        try ProjectStore.create(at: folder, project: project).close()
        try await self.init(existing: folder)
    }

    /// Presses each key, by name (`j`, `enter`, `ctrl-r`), or types each character of a text.
    func press(_ names: String...) {
        for name in names {
            guard let key = Key(name: name) else { preconditionFailure("no key \(name)") }
            runtime.press(key)
        }
    }

    /// Types `text` character by character.
    func type(_ text: String) {
        for character in text { runtime.press(.character(character)) }
    }

    /// The storyboard as saved on disk now.
    func saved() throws -> Project {
        try ProjectStore(opening: folder, readOnly: true).project
    }

    /// Waits (up to `timeout` seconds) until the studio's state satisfies `done`; fails the test if it
    /// never does.
    @discardableResult
    func settle(_ timeout: Double = 60, until done: (Studio) -> Bool) -> Bool {
        runtime.settle(timeout: timeout, until: done)
    }

    /// Generates shot 1 and then shot 2 and waits until s1 t1 runs and s2 t1 waits (on a storyboard
    /// whose first shot is long); true when both are so, in the take records and in the job rows.
    func startLongJobAndWaitingJob() -> Bool {
        press("n", "j", "n")
        // The take records and the job rows travel separately: wait for both.
        return settle {
            status(1, 1, in: $0) == .running && status(2, 1, in: $0) == .queued
                && $0.jobs.map(\.state) == [.running, .waiting]
        }
    }

    /// The status of take `take` of shot `shot` as the studio knows it.
    func status(_ shot: Int, _ take: Int, in studio: Studio) -> Take.Status? {
        studio.project.shots.first { $0.id == ShotID(serial: shot) }?.takes.first {
            $0.id == TakeID(serial: take)
        }?
        .status
    }
}

extension AppFixture {
    /// The runtime opened again on an existing project.
    static func reopen(_ folder: URL) async throws -> AppFixture {
        try await AppFixture(existing: folder)
    }

    /// A runtime on the project already in `folder`.
    init(existing folder: URL) async throws {
        self.folder = folder
        terminal = RecordingTerminal()
        runtime = try await StudioRuntime(
            store: StudioRuntime.open(folder), terminal: terminal,
            options: StudioOptions(
                theme: nil, pictures: .cells, cell: .init(width: 10, height: 20), insideTmux: false),
            theme: Theme.named("dark"), colorDepth: .trueColor)
        runtime.render()
    }
}
