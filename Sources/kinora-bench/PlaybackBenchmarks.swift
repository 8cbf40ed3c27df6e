import Foundation
import KinoraCore
import KinoraGenerate
import KinoraMedia
import KinoraPreview

/// Playing a 24 fps 720p take in a 64x18-cell area: the rate Kinora can sustain and the bytes it sends,
/// against the chafa CLI drawing every frame whole.
struct PlaybackBenchmarks {
    /// Where fixtures go.
    let workspace: URL
    /// The still the takes are made from.
    let still: URL

    private let columns = 64
    private let rows = 18
    private let cell = PixelSize(width: 10, height: 20)

    /// Measures and adds the playback rows.
    func run(into table: inout BenchTable) async throws {
        let moving = try await take(.pushIn, name: "push-in")
        let still = try await take(.static, name: "static")
        let frames = try extractFrames(moving, name: "push-in")
        let chafaSymbols = [
            "chafa", "-f", "symbols", "-c", "full", "-s", "\(columns)x\(rows)", "--font-ratio", "0.5",
        ]
        let chafaSixel = PreviewBenchmarks.chafaSixel

        let blocks = try capacity(moving) {
            CellPresenter(columns: columns, rows: rows, depth: .truecolor, origin: .savedCursor)
        }
        let chafaBlocks = try Stopwatch.time(command: chafaSymbols + frames, drainOutput: true)
        table.add(
            BenchRow(
                name: "blocks playback 64x18, 24 fps 720p take", unit: "frames/s", kinora: blocks,
                reference: Double(frames.count) / chafaBlocks,
                referenceName: "chafa -f symbols on the take's PNG frames", higherIsBetter: true,
                absoluteTarget: 24))
        let sixel = try capacity(moving) {
            SixelTilePresenter(columns: columns, rows: rows, cell: cell, origin: .savedCursor)
        }
        let chafaSixelTime = try Stopwatch.time(command: chafaSixel + frames, drainOutput: true)
        table.add(
            BenchRow(
                name: "sixel playback 64x18, 24 fps 720p take", unit: "frames/s", kinora: sixel,
                reference: Double(frames.count) / chafaSixelTime,
                referenceName: "chafa -f sixel on the take's PNG frames", higherIsBetter: true,
                absoluteTarget: 12))

        let blocksLive = try realTime(moving) {
            CellPresenter(columns: columns, rows: rows, depth: .truecolor, origin: .savedCursor)
        }
        table.add(
            BenchRow(
                name: "blocks playback, bytes/s at 24 fps", unit: "KB/s",
                kinora: blocksLive.bytesPerSecond / 1024,
                reference: try CommandOutput.size(chafaSymbols + frames) / Double(frames.count) * 24 / 1024,
                referenceName: "chafa -f symbols, every frame whole", higherIsBetter: false))
        let sixelLive = try realTime(moving) {
            SixelTilePresenter(columns: columns, rows: rows, cell: cell, origin: .savedCursor)
        }
        table.add(
            BenchRow(
                name: "sixel playback, bytes/s (push-in)", unit: "KB/s",
                kinora: sixelLive.bytesPerSecond / 1024,
                reference: try CommandOutput.size(chafaSixel + frames) / Double(frames.count) * 24 / 1024,
                referenceName: "chafa -f sixel, every frame whole", higherIsBetter: false))
        let stillFrames = try extractFrames(still, name: "static")
        let stillLive = try realTime(still) {
            SixelTilePresenter(columns: columns, rows: rows, cell: cell, origin: .savedCursor)
        }
        table.add(
            BenchRow(
                name: "sixel playback, static camera, bytes", unit: "KB",
                kinora: Double(stillLive.bytes) / 1024,
                reference: try CommandOutput.size(chafaSixel + stillFrames) / 1024,
                referenceName: "chafa -f sixel, every frame whole", higherIsBetter: false, target: 2))
        let budget = BandwidthBudget.sshDefaultKilobits
        // Three loops (15 s), so the one frame a budget may owe at the end weighs little.
        let ssh = try realTime(moving, kilobits: budget, loops: 3) {
            SixelTilePresenter(columns: columns, rows: rows, cell: cell, origin: .savedCursor)
        }
        table.add(
            BenchRow(
                name: "sixel playback in the SSH budget, bytes/s", unit: "KB/s",
                kinora: ssh.bytesPerSecond / 1024,
                reference: sixelLive.bytesPerSecond / 1024, referenceName: "the same playback unlimited",
                higherIsBetter: false, absoluteTarget: Double(budget) * 125 / 1024 * 1.1))
        FileHandle.standardError.write(
            Data(
                ("playback at 24 fps: blocks showed \(blocksLive.shown), dropped \(blocksLive.droppedLate); sixel "
                    + "showed \(sixelLive.shown), dropped \(sixelLive.droppedLate); in \(budget) kbit/s sixel "
                    + "showed \(ssh.shown), dropped \(ssh.droppedForBandwidth) for bandwidth\n").utf8))
    }

    /// A 5 s 1280x720 24 fps take of the still made by the built-in engine with `motion`.
    private func take(_ motion: CameraMotion, name: String) async throws -> URL {
        let request = TakeRequest(
            backend: "builtin", engineVersion: BuiltinBackend.engineVersion, mode: .imageToVideo,
            prompt: "bench", negativePrompt: "", source: nil, sourceHash: nil, inPoint: nil, outPoint: nil,
            duration: 5, fps: FrameRate(numerator: 24) ?? FrameRate(numerator: 25).unsafelyUnwrapped,
            size: FrameSize(width: 1280, height: 720) ?? FrameSize(width: 2, height: 2).unsafelyUnwrapped,
            seed: 1, settings: GenerationSettings(motion: motion))
        let output = workspace.appendingPathComponent("playback-\(name).mp4")
        _ = try await BuiltinBackend().generate(
            GenerationJob(request: request, sourceURL: still, outputURL: output)
        ) { _ in }
        return output
    }

    /// The take's frames as PNG files, as a user would give them to chafa.
    private func extractFrames(_ take: URL, name: String) throws -> [String] {
        let folder = workspace.appendingPathComponent("frames-\(name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = try Stopwatch.time(command: [
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", take.path,
            folder.appendingPathComponent("%03d.png").path,
        ])
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map {
            folder.appendingPathComponent($0).path
        }
    }

    /// Frames a second Kinora can play `take` at, decoding included, with no clock holding it back.
    private func capacity(_ take: URL, presenter make: () -> some PicturePresenter) throws -> Double {
        var playback = Playback(fps: 24)
        playback.realTime = false
        var presenter = make()
        return try play(take, playback: &playback, presenter: &presenter).framesPerSecond
    }

    /// Plays `take` at its own 24 fps as a terminal would see it.
    private func realTime(
        _ take: URL, kilobits: Int? = nil, loops: Int = 1, presenter make: () -> some PicturePresenter
    ) throws -> Playback.Report {
        var playback = Playback(fps: 24)
        playback.budget = BandwidthBudget(kilobitsPerSecond: kilobits)
        var presenter = make()
        var total = Playback.Report()
        for _ in 0..<loops { total.add(try play(take, playback: &playback, presenter: &presenter)) }
        return total
    }

    private func play(_ take: URL, playback: inout Playback, presenter: inout some PicturePresenter) throws
        -> Playback.Report
    {
        let reader = try FrameReader(
            url: take, size: PixelSize(width: columns * cell.width, height: rows * cell.height), fit: .fit)
        defer { reader.close() }
        let sink = FileHandle(forWritingAtPath: "/dev/null")
        defer { try? sink?.close() }
        let realTime = playback.realTime
        return try playback.play(
            key: take.path, frames: reader.next, presenter: &presenter, write: { sink?.write(Data($0)) },
            wait: { deadline in
                if realTime { usleep(UInt32(max(0, deadline - Playback.now()) * 1e6)) }
                return true
            })
    }
}
