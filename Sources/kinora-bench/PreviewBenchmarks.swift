import Foundation
import KinoraMedia
import KinoraPreview

/// Terminal pictures against the chafa CLI and img2sixel on the same frames.
struct PreviewBenchmarks {
    /// chafa 1.12 sizes pixel pictures in 8x8-pixel cells when it cannot ask a terminal: 80x45 cells,
    /// stretched, is exactly the 640x360 pixels Kinora draws in 64x18 cells of 10x20, so both encode
    /// the same picture.
    static let chafaSixel = ["chafa", "-f", "sixel", "--stretch", "-s", "80x45"]

    /// Where fixtures go.
    let workspace: URL

    /// Measures and adds the picture rows.
    func run(into table: inout BenchTable) throws {
        let count = 24
        let video = workspace.appendingPathComponent("preview.mp4")
        _ = try Stopwatch.time(command: [
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=24",
            "-frames:v", "\(count)", "-pix_fmt", "yuv420p", video.path,
        ])
        let folder = workspace.appendingPathComponent("frames")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = try Stopwatch.time(command: [
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", video.path,
            folder.appendingPathComponent("%03d.png").path,
        ])
        let files = (1...count).map { folder.appendingPathComponent(String(format: "%03d.png", $0)).path }
        let reader = try FrameReader(url: video, size: PixelSize(width: 640, height: 360))
        var frames: [RGBFrame] = []
        while let frame = try reader.next() { frames.append(frame) }
        let cell = PixelSize(width: 10, height: 20)

        var sixelBytes = 0
        let sixel = Stopwatch.time {
            for frame in frames {
                sixelBytes += PictureRenderer.sixel(frame, columns: 64, rows: 18, cell: cell).count
            }
        }
        let chafaSixel = try Stopwatch.time(
            command: PreviewBenchmarks.chafaSixel + files, drainOutput: true
        )
        let img2sixel = try Stopwatch.time(command: ["img2sixel"] + files, drainOutput: true)
        let perFrame = { (seconds: Double) in seconds * 1000 / Double(count) }
        table.add(
            BenchRow(
                name: "640x360 sixel, per frame", unit: "ms", kinora: perFrame(sixel),
                reference: perFrame(chafaSixel),
                referenceName: "chafa -f sixel (CLI, decodes PNG too)", higherIsBetter: false, target: 1))
        table.add(
            BenchRow(
                name: "640x360 sixel vs img2sixel, per frame", unit: "ms", kinora: perFrame(sixel),
                reference: perFrame(img2sixel), referenceName: "img2sixel (decodes PNG too)",
                higherIsBetter: false))
        table.add(
            BenchRow(
                name: "640x360 sixel, bytes per frame", unit: "KB",
                kinora: Double(sixelBytes) / Double(count) / 1024,
                reference: try CommandOutput.size(
                    PreviewBenchmarks.chafaSixel + files)
                    / Double(count) / 1024,
                referenceName: "chafa -f sixel", higherIsBetter: false))

        let blocks = Stopwatch.time {
            for frame in frames {
                _ = PictureRenderer.text(frame, columns: 64, rows: 18, depth: .truecolor, ascii: false)
            }
        }
        let chafaBlocks = try Stopwatch.time(
            command: ["chafa", "-f", "symbols", "-c", "full", "-s", "64x18", "--font-ratio", "0.5"] + files,
            drainOutput: true)
        table.add(
            BenchRow(
                name: "64x18-cell block picture, per frame", unit: "ms", kinora: perFrame(blocks),
                reference: perFrame(chafaBlocks), referenceName: "chafa -f symbols (CLI, decodes PNG too)",
                higherIsBetter: false, target: 1))
    }
}
