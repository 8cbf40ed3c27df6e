import Foundation
import KinoraCore
import Testing

@testable import KinoraMedia

/// ffprobe reports turned into ``MediaInfo``.
@Suite struct MediaProbeTests {
    /// A lavfi video's size, rate, frame count and duration are read exactly.
    @Test func probesVideoWithoutAudio() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let info = try MediaProbe.probe(scratch.testVideo())
        let video = try #require(info.video)
        #expect(video.width == 320 && video.height == 240)
        #expect(abs(video.fps - 24) < 0.001)
        #expect(video.frameRate == FrameRate(numerator: 24, denominator: 1))
        #expect(video.frameCount == 48)
        #expect(video.codec == "h264")
        #expect(video.pixelFormat == "yuv420p")
        let duration = try #require(info.duration)
        #expect(abs(duration - 2) <= 1.0 / 24)
        #expect(!info.hasAudio)
        #expect(!info.isStillImage)
        #expect(info.formatName.contains("mp4"))
        #expect(info.streams.map(\.kind) == [.video])
    }

    /// A video with a sine-wave track has audio.
    @Test func probesVideoWithAudio() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let info = try MediaProbe.probe(scratch.testVideo(withAudio: true))
        #expect(info.hasAudio)
        #expect(info.video != nil)
        #expect(info.streams.contains { $0.kind == .audio && $0.codec == "aac" })
        #expect(!info.isStillImage)
    }

    /// A PNG is a still image without a duration.
    @Test func probesStillImage() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let info = try MediaProbe.probe(scratch.testImage())
        #expect(info.isStillImage)
        #expect(info.duration == nil)
        #expect(info.video?.width == 320 && info.video?.height == 240)
        #expect(info.video?.codec == "png")
        #expect(!info.hasAudio)
    }

    /// Names with `%03d`, `http:` and quotes are opened as plain files.
    @Test func probesFileNamesThatLookLikePatternsOrProtocols() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let odd = try scratch.testImage("http:shot%03d 'quoted'.png")
        let info = try MediaProbe.probe(odd)
        #expect(info.isStillImage)
        let frame = try FrameDecoder.decodeImage(url: odd, size: PixelSize(width: 16, height: 12))
        #expect(frame.size == PixelSize(width: 16, height: 12))
    }

    /// Rotation, pixel aspect and cover art are read from ffprobe's report.
    @Test func readsRotationAndPixelAspect() throws {
        let json = """
            {"streams": [{"index": 0, "codec_type": "video", "codec_name": "h264", "width": 1920,
              "height": 1080, "avg_frame_rate": "30000/1001", "r_frame_rate": "30000/1001",
              "sample_aspect_ratio": "4:3", "side_data_list": [{"side_data_type": "Display Matrix",
              "displaymatrix": "x", "rotation": -90}]},
             {"index": 1, "codec_type": "video", "codec_name": "mjpeg", "width": 600, "height": 600,
              "disposition": {"attached_pic": 1}}],
             "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "3.5"}}
            """
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let report = try decoder.decode(ProbeReport.self, from: Data(json.utf8))
        let info = MediaProbe.mediaInfo(from: report)
        let video = try #require(info.video)
        #expect(video.index == 0)
        #expect(video.rotation == 90)
        #expect(video.frameRate == FrameRate(numerator: 30000, denominator: 1001))
        #expect(video.decodedSize == PixelSize(width: 1080, height: 1920))
        #expect(video.displayWidth == 1080 && video.displayHeight == 2560)
        #expect(info.duration == 3.5)
        #expect(info.streams[1].isAttachedPicture)
    }

    /// Frame rates parse from ffprobe text and approximate NTSC rates exactly.
    @Test func parsesFrameRates() throws {
        #expect(FrameRate(parsing: "24/1")?.framesPerSecond == 24)
        #expect(FrameRate(parsing: "0/0") == nil)
        #expect(FrameRate(parsing: "25") == FrameRate(numerator: 25, denominator: 1))
        #expect(FrameRate(approximating: 23.976)?.description == "24000/1001")
        #expect(FrameRate(approximating: 29.97)?.description == "30000/1001")
        #expect(FrameRate(approximating: 12.5)?.description == "25/2")
        #expect(FrameRate(approximating: -1) == nil)
        #expect(FrameRate(approximating: .nan) == nil)
        #expect(FrameRate(numerator: 48, denominator: 2) == FrameRate(numerator: 24, denominator: 1))
    }
}
