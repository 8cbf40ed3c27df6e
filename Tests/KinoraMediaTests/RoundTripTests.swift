import Foundation
import KinoraTestSupport
import Testing

@testable import KinoraMedia

/// Decoding a range, re-encoding it, and decoding it again.
@Suite struct RoundTripTests {
    /// The mean luma PSNR (BT.709 Y computed from RGB, the usual video-quality measure) the
    /// re-encoded frames must reach against the frames that went in: 35 dB.
    ///
    /// Measured: about 39 dB at CRF 18 (43 dB even losslessly, since 4:2:0 also moves Y).
    static let minimumMeanLumaPSNR = 35.0

    /// The mean full-RGB PSNR the re-encoded frames must reach: 23 dB.
    ///
    /// Lower than the luma bound because yuv420p keeps one colour sample per 2x2 pixels and
    /// testsrc2 at 160x120 is saturated, hard-edged colour bars: even a lossless (CRF 0)
    /// encode only reaches about 25.6 dB RGB PSNR on it (about 53 dB with 4:4:4). Measured
    /// at CRF 18: about 25.2 dB.
    static let minimumMeanRGBPSNR = 23.0

    /// 0.5-1.5 s decodes to 24 frames that survive an H.264 round trip.
    @Test func decodeRangeReencodeAndCompare() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let source = try scratch.testVideo()
        let small = PixelSize(width: 160, height: 120)

        // 0.5 s to 1.5 s at 24 fps is exactly frames 12...35.
        let ranged = try Quality.frames(FrameReader(url: source, size: small, start: 0.5, duration: 1))
        #expect(ranged.count == 24)
        #expect(ranged.allSatisfy { $0.width == 160 && $0.height == 120 && $0.pixels.count == 160 * 120 * 3 })

        // The range really applies: 0.5-1.5 differs from 0-1, and matches frames 12...35 of 0-2.
        let fromStart = try Quality.frames(FrameReader(url: source, size: small, start: 0, duration: 1))
        #expect(fromStart.count == 24)
        #expect(ranged[0] != fromStart[0])
        let whole = try Quality.frames(FrameReader(url: source, size: small))
        #expect(whole.count == 48)
        #expect(Array(whole[12..<36]) == ranged)

        let encoded = scratch.file("roundtrip.mp4")
        let writer = try FrameWriter(url: encoded, size: small, fps: 24)
        for frame in ranged { try writer.write(frame) }
        try writer.finish()
        #expect(writer.framesWritten == 24)

        let info = try MediaProbe.probe(encoded)
        let video = try #require(info.video)
        #expect(video.width == 160 && video.height == 120)
        #expect(video.frameCount == 24)
        #expect(abs(video.fps - 24) < 0.001)
        #expect(video.codec == "h264")
        #expect(video.pixelFormat == "yuv420p")
        #expect(!info.hasAudio)

        let decoded = try Quality.frames(FrameReader(url: encoded, size: small))
        #expect(decoded.count == 24)
        let rgbScores = zip(decoded, ranged).map { Quality.psnr($0, $1) }
        let lumaScores = zip(decoded, ranged).map { Quality.lumaPSNR($0, $1) }
        let rgbMean = rgbScores.reduce(0, +) / Double(rgbScores.count)
        let lumaMean = lumaScores.reduce(0, +) / Double(lumaScores.count)
        #expect(lumaMean >= Self.minimumMeanLumaPSNR, "mean luma PSNR \(lumaMean) dB")
        #expect(rgbMean >= Self.minimumMeanRGBPSNR, "mean RGB PSNR \(rgbMean) dB")
    }

    /// A thumbnail grab at 1.0 s is the frame decoding shows at 1.0 s.
    @Test func grabFrameMatchesDecodedFrame() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let source = try scratch.testVideo()
        let size = PixelSize(width: 160, height: 120)
        let whole = try Quality.frames(FrameReader(url: source, size: size))
        let grabbed = try FrameDecoder.grabFrame(url: source, at: 1.0, size: size)
        // Frame 24 is the one shown at 1.0 s; a neighbour must match worse.
        let psnr = Quality.psnr(grabbed, whole[24])
        #expect(psnr >= 50)
        #expect(Quality.psnr(grabbed, whole[20]) < psnr)
    }

    /// A 10 s 640x360 video streams through one frame at a time.
    @Test func streamsALongVideoFrameByFrame() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let source = try scratch.testVideo(width: 640, height: 360, seconds: 10)
        let reader = try FrameReader(url: source, size: PixelSize(width: 640, height: 360))
        var count = 0
        // Each frame is dropped before the next is read: only one is alive at a time.
        while let frame = try reader.next() {
            #expect(frame.pixels.count == 640 * 360 * 3)
            count += 1
        }
        #expect(count == 240)
        #expect(reader.framesRead == 240)
        #expect(try reader.next() == nil)
    }

    /// Asking for 12 fps from a 24 fps video gives half the frames.
    @Test func resamplesFrameRate() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let source = try scratch.testVideo()
        let frames = try Quality.frames(
            FrameReader(url: source, size: PixelSize(width: 64, height: 48), duration: 1, fps: 12))
        #expect(frames.count == 12)
    }

    /// Closing a reader early stops ffmpeg and ends the frames.
    @Test func closeStopsEarly() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let source = try scratch.testVideo()
        let reader = try FrameReader(url: source, size: PixelSize(width: 64, height: 48))
        #expect(try reader.next() != nil)
        reader.close()
        #expect(try reader.next() == nil)
        reader.close()
    }

    /// A still image gives exactly one frame, whatever duration is asked.
    @Test func decodesStillImageOnce() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.testImage()
        let reader = try FrameReader(url: image, size: PixelSize(width: 32, height: 24), duration: 5)
        #expect(try Quality.frames(reader).count == 1)
        let frame = try FrameDecoder.decodeImage(url: image, size: PixelSize(width: 320, height: 240))
        #expect(frame.size == PixelSize(width: 320, height: 240))
    }

    /// `.fit` pads with black, `.fill` covers the whole frame.
    @Test func fitPadsWithBlackAndFillCovers() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // A plain white 4:3 picture into a 2:1 frame.
        let image = scratch.file("white.png")
        try scratch.ffmpeg(["-f", "lavfi", "-i", "color=white:size=320x240", "-frames:v", "1", image.path])
        let wide = PixelSize(width: 200, height: 100)

        let fitted = try FrameDecoder.decodeImage(url: image, size: wide, fit: .fit)
        // Scaled to 133x100 and centred: columns 0-32 and 166-199 are black.
        #expect(fitted[0, 50] == RGB(red: 0, green: 0, blue: 0))
        #expect(fitted[199, 50] == RGB(red: 0, green: 0, blue: 0))
        #expect(fitted[100, 50].red > 250)

        let filled = try FrameDecoder.decodeImage(url: image, size: wide, fit: .fill)
        #expect(filled[0, 0].red > 250 && filled[199, 99].red > 250)
    }

    /// Thumbnails are written as PNG or JPEG at most `maxWidth` wide.
    @Test func writesThumbnails() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let source = try scratch.testVideo()
        let png = scratch.file("thumb.png")
        try FrameDecoder.writeThumbnail(from: source, at: 1.0, to: png, maxWidth: 160)
        let pngInfo = try MediaProbe.probe(png)
        #expect(pngInfo.isStillImage)
        #expect(pngInfo.video?.width == 160 && pngInfo.video?.height == 120)

        let jpeg = scratch.file("thumb.jpg")
        try FrameDecoder.writeThumbnail(from: source, at: 0, to: jpeg, maxWidth: 1000)
        let jpegInfo = try MediaProbe.probe(jpeg)
        #expect(jpegInfo.video?.codec == "mjpeg")
        #expect(jpegInfo.video?.width == 320)

        #expect(throws: MediaError.self) {
            try FrameDecoder.writeThumbnail(from: source, at: 5, to: scratch.file("late.png"), maxWidth: 160)
        }
    }
}
