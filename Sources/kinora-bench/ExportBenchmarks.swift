import Foundation
import KinoraCore
import KinoraExport
import KinoraMedia

/// Exporting a 12-shot 720p storyboard with dissolves, against the single ffmpeg command a person
/// would write for the same film (an xfade chain); and the same film with sound (a scratch line on every
/// shot, a music bed ducked under them, the mix measured and brought to -16 LUFS) against it without.
struct ExportBenchmarks {
    /// Where fixtures go.
    let workspace: URL

    private let shots = 12
    private let seconds = 3
    private let dissolveFrames = 12

    /// Measures and adds the export row.
    func run(into table: inout BenchTable) throws {
        let folder = workspace.appendingPathComponent("export-project")
        let sources = ["testsrc2", "smptebars", "mandelbrot", "rgbtestsrc", "testsrc", "smptehdbars"]
        guard let fps = FrameRate(numerator: 24), let size = FrameSize(width: 1280, height: 720) else {
            return
        }
        var project = Project(title: "Bench", fps: fps, size: size)
        var takes: [URL] = []
        for index in 0..<shots {
            let id = ShotID(serial: index + 1)
            let output = "takes/\(id.rawValue)/t1.mp4"
            let file = folder.appendingPathComponent(output)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            _ = try Stopwatch.time(command: [
                "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "\(sources[index % sources.count])=size=1280x720:rate=24", "-t", "\(seconds)", "-pix_fmt",
                "yuv420p",
                // Tagged BT.709 as Kinora's own takes are, so the film needs no colour conversion.
                "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
                "-c:v", "libx264", "-preset", "veryfast", file.path,
            ])
            takes.append(file)
            var shot = Shot(
                id: id, label: "\(index + 1)", prompt: "bench", mode: .slate, duration: Double(seconds),
                seed: 1)
            let request = TakeRequest(
                backend: "builtin", engineVersion: "bench", mode: .slate, prompt: "bench", negativePrompt: "",
                source: nil, sourceHash: nil, inPoint: nil, outPoint: nil, duration: Double(seconds),
                fps: fps,
                size: size, seed: 1, settings: GenerationSettings())
            shot.takes = [
                Take(
                    id: TakeID(serial: 1), seed: 1, request: request, status: .done, output: output,
                    createdAt: Date())
            ]
            shot.chosenTake = TakeID(serial: 1)
            shot.transition = index < shots - 1 ? .dissolve(frames: dissolveFrames) : .cut
            project.shots.append(shot)
        }
        let plan = try FilmPlanner(project: project, folder: folder, missing: .stop).plan()
        let ours = try Stopwatch.time {
            try FilmExporter(plan: plan, output: workspace.appendingPathComponent("ours.mp4"), format: .mp4)
                .run()
        }
        let theirs = try Stopwatch.time(
            command: handWritten(takes, output: workspace.appendingPathComponent("theirs.mp4")))
        table.add(
            BenchRow(
                name: "export 12 shots 720p with dissolves", unit: "s", kinora: ours, reference: theirs,
                referenceName: "one hand-written ffmpeg xfade command, libx264 veryfast",
                higherIsBetter: false,
                target: 1 / 1.2))
        try soundRow(project: project, folder: folder, silent: ours, into: &table)
    }

    /// The film with sound against the same film without: what the mix pass, its measurement and the
    /// sound's encode cost. The scratch lines are spoken once before timing (the voice cache keeps them,
    /// so every later export finds them there).
    private func soundRow(project: Project, folder: URL, silent: Double, into table: inout BenchTable) throws
    {
        var project = project
        for index in project.shots.indices {
            project.shots[index].dialogue = "MIMI: This is line \(index + 1) of the bench."
        }
        let music = workspace.appendingPathComponent("music.wav")
        _ = try Stopwatch.time(command: [
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
            "sine=frequency=220:duration=\(shots * seconds)", music.path,
        ])
        _ = try FilmPlanner(project: project, folder: folder, missing: .stop).plan()
        let withSound = try Stopwatch.time {
            var plan = try FilmPlanner(project: project, folder: folder, missing: .stop).plan()
            plan.music = FilmMusic(url: music)
            try FilmExporter(plan: plan, output: workspace.appendingPathComponent("sound.mp4"), format: .mp4)
                .run()
        }
        table.add(
            BenchRow(
                name: "export 12 shots 720p with sound (12 scratch lines, ducked music, -16 LUFS)", unit: "s",
                kinora: withSound, reference: silent, referenceName: "the same export without sound",
                higherIsBetter: false, target: nil))
    }

    /// `ffmpeg -i 1.mp4 … -filter_complex "[0][1]xfade…[x1];[x1][2]xfade…" -c:v libx264 … out.mp4`.
    private func handWritten(_ takes: [URL], output: URL) -> [String] {
        var command = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
        for take in takes { command += ["-i", take.path] }
        var filters: [String] = []
        var current = "0:v"
        let overlap = Double(dissolveFrames) / 24
        for index in 1..<takes.count {
            let offset = Double(index) * (Double(seconds) - overlap)
            filters.append(
                "[\(current)][\(index):v]xfade=transition=fade:duration=\(overlap):offset=\(offset)[x\(index)]"
            )
            current = "x\(index)"
        }
        return command + [
            "-filter_complex", filters.joined(separator: ";"), "-map", "[\(current)]", "-c:v", "libx264",
            "-preset",
            "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-movflags", "+faststart", output.path,
        ]
    }
}
