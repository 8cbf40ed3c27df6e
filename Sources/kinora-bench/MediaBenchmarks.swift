import Foundation
import KinoraMedia

/// KinoraMedia's streamed decode and encode against plain ffmpeg doing the same work.
struct MediaBenchmarks {
    /// Where fixtures go.
    let workspace: URL

    /// Measures and adds the media rows.
    func run(into table: inout BenchTable) throws {
        let size = PixelSize(width: 1280, height: 720)
        let frames = 240
        let video = workspace.appendingPathComponent("source.mp4")
        _ = try Stopwatch.time(command: [
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=24",
            "-frames:v", "\(frames)", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
            video.path,
        ])

        var decoded: [RGBFrame] = []
        let ours = try Stopwatch.time {
            let reader = try FrameReader(url: video, size: size)
            while let frame = try reader.next() {
                if decoded.count < 48 { decoded.append(frame) }
            }
        }
        let theirs = try Stopwatch.time(
            command: [
                "ffmpeg", "-nostdin", "-v", "error", "-i", video.path, "-f", "rawvideo", "-pix_fmt", "rgb24",
                "-",
            ], drainOutput: true)
        table.add(
            BenchRow(
                name: "decode 720p H.264 to RGB", unit: "frames/s", kinora: Double(frames) / ours,
                reference: Double(frames) / theirs,
                referenceName: "ffmpeg -i X -f rawvideo -pix_fmt rgb24 - | reader",
                higherIsBetter: true))

        let raw = workspace.appendingPathComponent("frames.rgb")
        var bytes = Data()
        for index in 0..<frames { bytes.append(contentsOf: decoded[index % decoded.count].pixels) }
        try bytes.write(to: raw)
        let encodeOurs = try Stopwatch.time {
            let writer = try FrameWriter(
                url: workspace.appendingPathComponent("ours.mp4"), size: size, fps: 24)
            for index in 0..<frames { try writer.write(decoded[index % decoded.count]) }
            try writer.finish()
        }
        let encodeTheirs = try Stopwatch.time(command: [
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s",
            "1280x720",
            "-r", "24", "-i", raw.path, "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt",
            "yuv420p",
            workspace.appendingPathComponent("theirs.mp4").path,
        ])
        table.add(
            BenchRow(
                name: "encode 720p RGB to H.264", unit: "frames/s", kinora: Double(frames) / encodeOurs,
                reference: Double(frames) / encodeTheirs,
                referenceName: "ffmpeg -f rawvideo -i F -c:v libx264",
                higherIsBetter: true))
    }
}
