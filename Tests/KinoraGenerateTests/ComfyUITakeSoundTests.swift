import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraGenerate
@testable import KinoraMedia

/// An audio-video model's output (LTX-2's) keeps its sound when it is re-encoded to the take's size and
/// frame count.
@Suite struct ComfyUITakeSoundTests {
    @Test func aReEncodedOutputKeepsItsSound() throws {
        let folder = try TestFiles.folder()
        let output = folder.appendingPathComponent("model.mp4")
        // 17 frames at 24 fps, 192x112, with a tone: not the take's 12 frames at 160x96.
        let made = try Subprocess.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: [
                "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=192x112:rate=24",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-frames:v", "17", "-t", "0.75",
                "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", output.path,
            ])
        try #require(made.status.isSuccess, "\(made.stderr)")
        let rate = try #require(FrameRate(parsing: "24"))
        let take = folder.appendingPathComponent("t1.mp4")
        let copied = try ComfyUITakeWriter.writeVideo(
            from: output,
            to: ComfyUITakeWriter.Target(
                url: take, size: PixelSize(width: 160, height: 96), rate: rate, frames: 12),
            cancelled: AtomicFlag())
        #expect(!copied, "another size and frame count are re-encoded")
        let info = try MediaProbe.probe(take)
        #expect(info.video?.frameCount == 12 && info.video?.width == 160)
        #expect(info.hasAudio, "the model's sound is kept")
        #expect(abs((info.duration ?? 0) - 0.5) < 0.05, "cut to the take: \(info.duration ?? 0)")
    }
}
