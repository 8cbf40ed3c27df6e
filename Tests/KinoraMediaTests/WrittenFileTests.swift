import Foundation
import KinoraTestSupport
import Testing

@testable import KinoraMedia

/// Files are read back before they are renamed into place, and a full disk is named as such.
@Suite struct WrittenFileTests {
    /// A render of `frames` frames of ffmpeg's test pattern into `output`, expecting `expected`.
    private func render(frames: Int, expecting expected: Int, to output: URL) -> FFmpegRender {
        FFmpegRender(
            arguments: [
                "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=24", "-frames:v", "\(frames)", "-c:v",
                "libx264",
                "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            ], output: output, container: "mp4", totalFrames: expected, framesPerSecond: 24,
            estimatedBytes: 100_000)
    }

    @Test func aRenderThatReadsBackWholeIsMovedIntoPlace() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let output = scratch.file("film.mp4")
        try render(frames: 24, expecting: 24, to: output).run()
        #expect(try MediaProbe.probe(output).video?.frameCount == 24)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.directory.path) == ["film.mp4"])
    }

    /// ffmpeg exited 0, but the file does not hold the film asked for: it never appears.
    @Test func aRenderMissingFramesIsRefusedAndLeavesNoFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let output = scratch.file("film.mp4")
        let error = try #require(throws: MediaError.self) {
            try render(frames: 24, expecting: 48, to: output).run()
        }
        guard case .encodeFailed(let path, let reason) = error else {
            Issue.record("expected encodeFailed, got \(error)")
            return
        }
        #expect(path == output.path)
        #expect(reason.contains("24 of its 48 frames"), "\(reason)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.directory.path).isEmpty)
    }

    /// A file cut short (its index lost, as when the disk filled up at the end) is caught.
    @Test func aCutShortVideoIsCaught() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let video = try scratch.testVideo(seconds: 1)
        let whole = WrittenVideoCheck(url: video, container: "mp4", frames: 24, framesPerSecond: 24)
        #expect(whole.problem() == nil)
        let data = try Data(contentsOf: video)
        try data.prefix(data.count - 600).write(to: video)
        #expect(whole.problem() != nil)
    }

    /// Animated WebP (which this ffmpeg cannot decode) is checked from its chunks.
    @Test func aCutShortWebPIsCaught() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let webp = scratch.file("film.webp")
        try scratch.ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=15", "-frames:v", "30", "-c:v", "libwebp_anim",
            "-loop", "0", "-f", "webp", webp.path,
        ])
        let check = WrittenVideoCheck(url: webp, container: "webp", frames: 30, framesPerSecond: 15)
        #expect(check.problem() == nil)
        #expect(
            WrittenVideoCheck(url: webp, container: "webp", frames: 60, framesPerSecond: 15).problem() != nil,
            "half the film's length")
        let data = try Data(contentsOf: webp)
        try data.prefix(data.count - 100).write(to: webp)
        #expect(check.problem()?.contains("cut short") == true)
    }

    /// A PNG is whole only with its IEND chunk, which is written last.
    @Test func aPNGWithoutItsEndIsCaught() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let png = try scratch.testImage()
        #expect(PictureFile.endsWithPNGTrailer(png))
        let data = try Data(contentsOf: png)
        try data.prefix(data.count - 12).write(to: png)
        #expect(!PictureFile.endsWithPNGTrailer(png))
    }

    @Test(.enabled(if: TinyDisk.isAvailable, "needs root to mount a small tmpfs (CI runs as root)"))
    func aTakeThatDoesNotFitSaysTheDiskIsFullAndLeavesNothing() throws {
        let disk = try TinyDisk(bytes: 1 << 20)
        defer { disk.unmount() }
        try disk.leave(48 * 1024)
        let take = disk.folder.appendingPathComponent(".t1.mp4.partial")
        let size = PixelSize(width: 320, height: 240)
        let writer = try FrameWriter(url: take, size: size, fps: 24, crf: 0)
        var generator = SystemRandomNumberGenerator()
        // Noise does not compress: twelve lossless frames are megabytes, far more than the room left.
        let error = try #require(throws: MediaError.self) {
            for _ in 0..<12 {
                var pixels = [UInt8](repeating: 0, count: size.rgbByteCount)
                pixels.withUnsafeMutableBytes { bytes in
                    for index in stride(from: 0, to: bytes.count - 7, by: 8) {
                        bytes.storeBytes(of: generator.next(), toByteOffset: index, as: UInt64.self)
                    }
                }
                try writer.write(RGBFrame(width: size.width, height: size.height, pixels: pixels))
            }
            try writer.finish()
        }
        guard case .diskFull(let path, let shortage) = error else {
            Issue.record("expected diskFull, got \(error)")
            return
        }
        #expect(path == take.path)
        #expect(shortage.folder == disk.folder.path && shortage.mountPoint == disk.folder.path)
        #expect(error.userMessage.contains("the disk is full"), "\(error.userMessage)")
        let left = try FileManager.default.contentsOfDirectory(atPath: disk.folder.path)
        #expect(left == ["filler"], "\(left)")
    }

    @Test func aShortageNamesThePlaceAndTheSizes() {
        #expect(DiskShortage.mountPoint(of: "/proc/self/fd") == "/proc")
        #expect(DiskShortage.text(0) == "0 bytes")
        #expect(DiskShortage.text(40 * 1024) == "40 KB")
        #expect(DiskShortage.text(3 << 20) == "3.0 MB")
        let shortage = DiskShortage(
            folder: "/data/film/exports", mountPoint: "/data", availableBytes: 40 * 1024,
            need: .about(300 * 1024))
        #expect(
            shortage.explanation
                == "the disk is full: the folder /data/film/exports (on the file system mounted at /data) has "
                + "40 KB free, and the file needs about 300 KB. Free some space there, or write it to another disk"
        )
        // A failure with room to spare is not the disk's.
        let roomy = URL(fileURLWithPath: FileManager.default.temporaryDirectory.path + "/x.mp4")
        #expect(DiskShortage.diagnose(writing: roomy, need: .about(1000)) == nil)
        #expect(DiskShortage.diagnose(writing: roomy, need: .about(1000), errorCode: ENOSPC) != nil)
    }
}
