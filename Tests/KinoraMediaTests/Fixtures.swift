import Foundation
import Testing

@testable import KinoraMedia

/// A scratch folder for one test, deleted by `remove()`.
struct Scratch {
    /// The folder.
    let directory: URL

    /// Creates a fresh, empty folder under the system temporary directory.
    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kinora-media-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    func file(_ name: String) -> URL {
        directory.appendingPathComponent(name)
    }

    /// Deletes the folder and everything in it.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs ffmpeg with `arguments` (after `-nostdin -v error -y`) and requires success.
    func ffmpeg(_ arguments: [String]) throws {
        let output = try FFmpegTools.run(
            .ffmpeg, arguments: ["-nostdin", "-hide_banner", "-v", "error", "-y"] + arguments)
        try #require(output.status.isSuccess, "ffmpeg failed: \(output.stderr)")
    }

    /// An H.264 MP4 of ffmpeg's `testsrc2` pattern (a moving picture with a frame counter).
    func testVideo(
        _ name: String = "source.mp4", width: Int = 320, height: Int = 240, rate: Int = 24,
        seconds: Double = 2, withAudio: Bool = false
    ) throws -> URL {
        let url = file(name)
        var arguments = ["-f", "lavfi", "-i", "testsrc2=size=\(width)x\(height):rate=\(rate)"]
        if withAudio {
            arguments += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]
        }
        arguments += ["-t", "\(seconds)", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "12"]
        arguments += ["-pix_fmt", "yuv420p"]
        if withAudio { arguments += ["-c:a", "aac", "-b:a", "64k"] }
        arguments.append(url.path)
        try ffmpeg(arguments)
        return url
    }

    /// A single PNG of the `testsrc2` pattern.
    func testImage(_ name: String = "still.png", width: Int = 320, height: Int = 240) throws -> URL {
        let url = file(name)
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=size=\(width)x\(height)", "-frames:v", "1", "-update", "1",
            "file:" + url.path,
        ])
        return url
    }
}
