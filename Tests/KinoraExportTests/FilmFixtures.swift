import Foundation
import KinoraCore
import KinoraExport
import KinoraTestSupport

/// A real project folder with takes made by ffmpeg: each shot's take is a different lavfi source, so a
/// shot put in the wrong place is visible.
struct FilmFixture {
    /// One shot to make.
    struct ShotSpec {
        /// lavfi source, e.g. `testsrc2`, `smptebars`, `mandelbrot`.
        var source: String
        /// Seconds of take.
        var seconds: Double
        var transition: Transition = .cut
        var trim: TrimRange?
        /// Take size and rate when they differ from the film's.
        var size = "320x180"
        var rate = 24
        /// Make no take file (the shot has a chosen take whose file is missing).
        var missing = false
        /// The shot's label (default `shot N`).
        var label: String?
        /// The shot's prompt (default `prompt N, "quoted"`).
        var prompt: String?
        /// The shot's seed (default 100 + its index).
        var seed: UInt64?
        /// The person's review of the chosen take.
        var review: TakeReview?
        /// What else the person wrote on the shot (action, dialogue, crew fields ...).
        var edit: ((inout Shot) -> Void)?
    }

    let folder: URL
    let project: Project

    /// A 320x180 24 fps project with `shots`, titled `title`, in a folder called `folderName` when given.
    init(
        _ shots: [ShotSpec], size: FrameSize? = FrameSize(width: 320, height: 180),
        title: String = "Test film",
        folderName: String? = nil
    ) throws {
        let root = try TestFiles.folder()
        folder = folderName.map { root.appendingPathComponent($0) } ?? root
        guard let rate = FrameRate(numerator: 24), let size else { throw CocoaError(.fileWriteUnknown) }
        var project = Project(title: title, fps: rate, size: size)
        for (index, spec) in shots.enumerated() {
            let id = ShotID(serial: index + 1)
            var shot = Shot(
                id: id, label: spec.label ?? "shot \(index + 1)",
                prompt: spec.prompt ?? "prompt \(index + 1), \"quoted\"", mode: .slate,
                duration: spec.seconds,
                seed: spec.seed ?? UInt64(100 + index))
            let output = "takes/\(id.rawValue)/t1.mp4"
            let file = folder.appendingPathComponent(output)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !spec.missing {
                try Self.ffmpeg([
                    "-f", "lavfi", "-i", "\(spec.source)=size=\(spec.size):rate=\(spec.rate)", "-t",
                    "\(spec.seconds)",
                    "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", file.path,
                ])
            }
            let request = TakeRequest(
                backend: "builtin", engineVersion: "test", mode: .slate, prompt: shot.prompt,
                negativePrompt: "",
                source: nil, sourceHash: nil, inPoint: nil, outPoint: nil, duration: spec.seconds, fps: rate,
                size: size, seed: shot.seed, settings: GenerationSettings())
            shot.takes = [
                Take(
                    id: TakeID(serial: 1), seed: shot.seed, request: request, status: .done, output: output,
                    createdAt: Date())
            ]
            shot.takes[0].review = spec.review
            spec.edit?(&shot)
            shot.chosenTake = TakeID(serial: 1)
            shot.nextTakeNumber = 2
            shot.transition = spec.transition
            shot.trim = spec.trim
            project.shots.append(shot)
        }
        project.nextShotNumber = shots.count + 1
        self.project = project
        _ = try ProjectStore.create(at: folder, project: project)
    }

    /// The plan for this project.
    func plan(missing: MissingTakePolicy = .slate) throws -> FilmPlan {
        try FilmPlanner(project: project, folder: folder, missing: missing).plan()
    }

    /// Runs ffmpeg quietly; throws when it fails.
    static func ffmpeg(_ arguments: [String]) throws {
        try TestFiles.run(["ffmpeg", "-nostdin", "-v", "error", "-y"] + arguments)
    }
}
