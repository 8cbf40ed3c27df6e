import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraMedia

/// The two media pieces continuity stands on: a video's exact frame by index, and joining two videos
/// with the second's first frame dropped.
@Suite struct ContinuityMediaTests {
    @Test func frameAtIndexIsExactlyThatFrameAndTheJoinKeepsEveryFrameOnce() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let size = PixelSize(width: 160, height: 90)
        let first = try scratch.testVideo("first.mp4", width: 160, height: 90, rate: 12, seconds: 1)
        let second = try scratch.testVideo("second.mp4", width: 160, height: 90, rate: 12, seconds: 0.5)
        let rate = try #require(FrameRate(numerator: 12))
        let all = try Quality.frames(try FrameReader(url: first, size: size))
        #expect(all.count == 12)
        for index in [0, 5, 11] {
            #expect(
                try FrameDecoder.frame(at: index, of: first, frameRate: rate) == all[index], "frame \(index)")
        }
        #expect(throws: MediaError.self) { try FrameDecoder.frame(at: 12, of: first, frameRate: rate) }

        let joined = scratch.file("joined.mp4")
        let written = try VideoJoin.join(first, then: second, dropping: 1, to: joined, frameRate: rate)
        let frames = try Quality.frames(try FrameReader(url: joined, size: size))
        let tail = try Quality.frames(try FrameReader(url: second, size: size))
        #expect(written == 12 + 5 && frames.count == written)
        #expect(zip(all, frames).map { Quality.psnr($0, $1) }.min() ?? 0 >= 40)
        #expect(Quality.psnr(frames[12], tail[1]) >= 40, "the second video's first frame is dropped")
        let cancelled = scratch.file("cancelled.mp4")
        #expect(throws: MediaError.self) {
            try VideoJoin.join(first, then: second, dropping: 1, to: cancelled, frameRate: rate) { true }
        }
        #expect(!FileManager.default.fileExists(atPath: cancelled.path), "nothing half-written")
    }

    @Test func anEnginesSoundIsJoinedWithItsPictures() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let first = try scratch.testVideo("silent.mp4", width: 160, height: 90, rate: 12, seconds: 1)
        let second = try scratch.testVideo(
            "sound.mp4", width: 160, height: 90, rate: 12, seconds: 1, withAudio: true)
        let rate = try #require(FrameRate(numerator: 12))
        let joined = scratch.file("joined.mp4")
        try VideoJoin.join(first, then: second, dropping: 1, to: joined, frameRate: rate)
        let info = try MediaProbe.probe(joined)
        #expect(info.hasAudio)
        // The first second is the silent take's; the tone follows it.
        let samples = scratch.file("joined.raw")
        try scratch.ffmpeg(["-i", joined.path, "-ac", "1", "-ar", "8000", "-f", "s16le", samples.path])
        let pcm = try Data(contentsOf: samples).withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        func loudest(_ range: Range<Int>) -> Int {
            pcm[range.clamped(to: 0..<pcm.count)].map { abs(Int($0)) }.max() ?? 0
        }
        #expect(loudest(0..<7_000) < 100, "the silent part stays silent")
        #expect(
            loudest(8_400..<15_000) > 1_500, "the engine's tone (lavfi sine, an eighth of full scale) is kept"
        )
        let soundSeconds = Double(pcm.count) / 8000
        let pictureSeconds = 1 + 11.0 / 12
        #expect(abs(soundSeconds - pictureSeconds) < 0.1, "the sound is as long as the pictures")
    }
}
