import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraMedia

/// Pictures too large for ffmpeg (or too costly for it) are shrunk while decoding, in this
/// process, to the frame the ffmpeg path would give.
@Suite struct LargeImageTests {
    /// The smallest PSNR (dB) the in-process decode of a large PNG must reach against ffmpeg's
    /// decode of it, for every fit. Measured: 71.6-74.3 dB on testsrc2 (the two area averages
    /// differ by a rounding step here and there).
    static let minimumPNGPSNR = 60.0

    /// The same for a large JPEG, which libjpeg decodes at 1/8 scale (averaging each 8x8 block
    /// in the DCT) before the area average, where ffmpeg decodes it whole. Measured on testsrc2's
    /// hard edges: 35.7 dB at 480x320 (fill), 42.5 dB at 300x300 (fit).
    static let minimumJPEGPSNR = 32.0

    /// A 20000x20000 palette PNG (ffmpeg refuses it) is described from its header and decoded to
    /// 320x320 with every band where it belongs and its edges blended by area.
    @Test func hugePNGIsShrunkWhileDecoding() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let picture = BandedPicture(
            size: PixelSize(width: 20_000, height: 20_000), background: RGB(red: 30, green: 60, blue: 200),
            rowBands: [
                .init(range: 5_000..<7_500, colour: RGB(red: 220, green: 30, blue: 30)),
                .init(range: 15_000..<17_500, colour: RGB(red: 240, green: 220, blue: 20)),
            ],
            // Ends 31 pixels into output column 240 (which covers 15000..<15062.5): a blended edge.
            columnBands: [.init(range: 12_500..<15_031, colour: RGB(red: 20, green: 200, blue: 60))])
        let url = scratch.file("huge.png")
        try picture.write(.palettePNG, to: url)

        let info = try MediaProbe.probe(url)
        let video = try #require(info.video)
        #expect(video.width == 20_000 && video.height == 20_000)
        #expect(video.codec == "png")
        #expect(info.isStillImage && info.duration == nil && !info.hasAudio)

        let size = PixelSize(width: 320, height: 320)
        let reader = try FrameReader(url: url, size: size, fit: .fill, info: info)
        defer { reader.close() }
        #expect(reader.decodesInProcess)
        let frame = try #require(try reader.next())
        #expect(frame.size == size)
        #expect(try reader.next() == nil)
        expectMatches(frame, picture, scale: 62.5)
    }

    /// A JPEG too large for ffmpeg (20000x14000) is also described from its header, and libjpeg's
    /// 1/8 scale feeds the average: bands land where they belong, colours within JPEG's error.
    @Test func hugeJPEGIsShrunkWhileDecoding() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let picture = BandedPicture(
            size: PixelSize(width: 20_000, height: 14_000), background: RGB(red: 40, green: 40, blue: 160),
            rowBands: [.init(range: 3_500..<7_000, colour: RGB(red: 200, green: 40, blue: 40))],
            columnBands: [.init(range: 10_000..<15_000, colour: RGB(red: 40, green: 180, blue: 60))])
        let url = scratch.file("huge.jpg")
        try picture.write(.jpeg(quality: 90), to: url)

        let info = try MediaProbe.probe(url)
        let video = try #require(info.video)
        #expect(video.width == 20_000 && video.height == 14_000 && video.codec == "mjpeg")
        #expect(info.isStillImage)

        let frame = try FrameDecoder.decodeImage(
            url: url, size: PixelSize(width: 400, height: 280), fit: .stretch, info: info)
        #expect(frame.size == PixelSize(width: 400, height: 280))
        // JPEG rings beside the band edges: measured 6 levels off there, 1 elsewhere.
        expectMatches(frame, picture, scale: 50, tolerance: 10)

        // A thumbnail is shrunk the same way, and ffmpeg only encodes it.
        let thumbnail = scratch.file("thumb.png")
        try FrameDecoder.writeThumbnail(from: url, at: 0, to: thumbnail, maxWidth: 200)
        let small = try FrameDecoder.decodeImage(url: thumbnail, size: PixelSize(width: 200, height: 140))
        #expect(try MediaProbe.probe(thumbnail).video?.width == 200)
        expectMatches(small, picture, scale: 100, tolerance: 10)
    }

    /// A large PNG (6000x3000, which ffmpeg could decode whole) takes the in-process path and
    /// gives ffmpeg's frame for fill, fit and stretch, crop and padding included.
    @Test func largePNGMatchesFFmpegInEveryFit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let url = try scratch.testImage("large.png", width: 6000, height: 3000)
        let info = try MediaProbe.probe(url)
        let size = PixelSize(width: 320, height: 240)
        for fit in FitMode.allCases {
            let reader = try FrameReader(url: url, size: size, fit: fit, info: info)
            defer { reader.close() }
            #expect(reader.decodesInProcess)
            let ours = try #require(try reader.next())
            let theirs = try ffmpegFrame(url, info: info, size: size, fit: fit, scratch: scratch)
            let psnr = Quality.psnr(ours, theirs)
            #expect(psnr >= Self.minimumPNGPSNR, "\(fit): PSNR \(psnr) dB against ffmpeg")
            if fit == .fit {
                // 2:1 in 4:3: 320x160 with 40 black rows above and below, as ffmpeg pads.
                #expect(ours[160, 10] == RGB(red: 0, green: 0, blue: 0))
                #expect(ours[160, 229] == RGB(red: 0, green: 0, blue: 0))
            }
        }
        // A small picture still goes through ffmpeg.
        let small = try scratch.testImage()
        let smallReader = try FrameReader(url: small, size: size)
        defer { smallReader.close() }
        #expect(!smallReader.decodesInProcess)
    }

    /// A large JPEG (6000x4000, made by ffmpeg) decodes at libjpeg's 1/8 scale and matches the
    /// frame ffmpeg makes from the full-size picture.
    @Test func largeJPEGMatchesFFmpeg() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let url = scratch.file("large.jpg")
        try scratch.ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=size=6000x4000", "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "2",
            "-update", "1", "file:" + url.path,
        ])
        let info = try MediaProbe.probe(url)
        for (size, fit) in [
            (PixelSize(width: 480, height: 320), FitMode.fill), (PixelSize(width: 300, height: 300), .fit),
        ] {
            let reader = try FrameReader(url: url, size: size, fit: fit, info: info)
            defer { reader.close() }
            #expect(reader.decodesInProcess)
            let ours = try #require(try reader.next())
            let theirs = try ffmpegFrame(url, info: info, size: size, fit: fit, scratch: scratch)
            let psnr = Quality.psnr(ours, theirs)
            #expect(psnr >= Self.minimumJPEGPSNR, "\(size) \(fit): PSNR \(psnr) dB against ffmpeg")
        }
    }

    /// A PNG and a JPEG cut short, and a PNG with damaged data, give a MediaError that names the
    /// file and says what is wrong (libpng and libjpeg print nothing; the CLI test checks stderr).
    @Test func damagedLargePicturesGiveMediaErrors() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let picture = BandedPicture(
            size: PixelSize(width: 5_000, height: 4_000), background: RGB(red: 90, green: 90, blue: 90),
            rowBands: [.init(range: 1_000..<2_000, colour: RGB(red: 250, green: 120, blue: 0))],
            columnBands: [.init(range: 100..<4_000, colour: RGB(red: 0, green: 120, blue: 250))])
        let size = PixelSize(width: 200, height: 160)
        for (name, encoding) in [("cut.png", BandedPicture.Encoding.rgbPNG), ("cut.jpg", .jpeg(quality: 85))]
        {
            let url = scratch.file(name)
            try picture.write(encoding, to: url)
            let whole = try Data(contentsOf: url)
            try whole.prefix(whole.count / 2).write(to: url)
            let error = try #require(throws: MediaError.self) {
                try FrameDecoder.decodeImage(url: url, size: size)
            }
            guard case .decodeFailed(let path, _, let reason) = error else {
                Issue.record("expected decodeFailed for \(name), got \(error)")
                continue
            }
            #expect(path == url.path)
            #expect(reason.contains("ends before the picture does"), "\(reason)")
            #expect(error.userMessage.contains(url.path) && error.userMessage.contains("cut short"))
        }

        let damaged = scratch.file("damaged.png")
        try picture.write(.rgbPNG, to: damaged)
        var bytes = try [UInt8](Data(contentsOf: damaged))
        for offset in stride(from: bytes.count / 2, to: bytes.count / 2 + 64, by: 1) { bytes[offset] ^= 0x5A }
        try Data(bytes).write(to: damaged)
        let error = try #require(throws: MediaError.self) {
            try FrameDecoder.decodeImage(url: damaged, size: size)
        }
        guard case .decodeFailed(let path, _, let reason) = error else {
            Issue.record("expected decodeFailed, got \(error)")
            return
        }
        #expect(path == damaged.path)
        #expect(reason.hasPrefix("libpng cannot decode it"), "\(reason)")
    }

    /// An interlaced PNG and a progressive JPEG too large for ffmpeg cannot be streamed in rows:
    /// they are described, then refused with the reason and what to do, never buffered.
    @Test func unstreamableHugePicturesAreRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let interlaced = scratch.file("interlaced.png")
        try Data(HandMadeHeaders.interlacedPNG(width: 20_000, height: 20_000)).write(to: interlaced)
        let progressive = scratch.file("progressive.jpg")
        try Data(HandMadeHeaders.progressiveJPEG(width: 20_000, height: 20_000)).write(to: progressive)

        for (url, kind) in [(interlaced, "an interlaced PNG"), (progressive, "a progressive JPEG")] {
            let info = try MediaProbe.probe(url)
            #expect(info.video?.width == 20_000 && info.isStillImage)
            let error = try #require(throws: MediaError.self) {
                try FrameDecoder.decodeImage(url: url, size: PixelSize(width: 64, height: 64), info: info)
            }
            guard case .pictureTooLarge(let path, let size, let reason) = error else {
                Issue.record("expected pictureTooLarge for \(url.lastPathComponent), got \(error)")
                continue
            }
            #expect(path == url.path && size == PixelSize(width: 20_000, height: 20_000))
            #expect(reason.contains(kind), "\(reason)")
            #expect(error.userMessage.contains(url.path) && error.userMessage.contains("baseline JPEG"))
            #expect(error.isUserError)
        }
    }

    /// Every kind of PNG (palette, 1-bit and 16-bit grey, grey with alpha, 8- and 16-bit RGB
    /// with and without alpha) comes out of libpng as the RGB ffmpeg makes of it: alpha dropped,
    /// grey spread to three channels, 16 bits scaled to 8.
    @Test func everyKindOfPNGGivesFFmpegsRGB() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let size = PixelSize(width: 64, height: 48)
        // testsrc2 with an alpha ramp, so dropping alpha (not blending it) shows.
        let source = "testsrc2=size=\(size),format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='X*4'"
        for pixelFormat in [
            "pal8", "monob", "gray", "gray16be", "ya8", "rgb24", "rgba", "rgb48be", "rgba64be",
        ] {
            let url = scratch.file("\(pixelFormat).png")
            try scratch.ffmpeg([
                "-f", "lavfi", "-i", source, "-frames:v", "1", "-pix_fmt", pixelFormat, "-update", "1",
                "file:" + url.path,
            ])
            let file = try StillPictureFile(url: url)
            #expect(file.header.format == .png && file.header.size == size)
            let rows = try file.start(minimum: size)
            #expect(rows == size, "a PNG is never scaled by libpng")
            var pixels = [UInt8](repeating: 0, count: size.rgbByteCount)
            for y in 0..<size.height {
                try pixels.withUnsafeMutableBufferPointer { all in
                    let start = y * size.width * 3
                    try file.readRow(
                        into: UnsafeMutableBufferPointer(rebasing: all[start..<(start + size.width * 3)]))
                }
            }
            let theirs = try ffmpegFrame(
                url, info: MediaProbe.probe(url), size: size, fit: .stretch, scratch: scratch)
            let worst = zip(pixels, theirs.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
            // 16-bit samples: libpng rounds (x * 255 + 32767) / 65535, swscale may truncate.
            #expect(worst <= 1, "\(pixelFormat): \(worst) levels from ffmpeg's decode")
        }
    }

    /// Area averaging on small rows, where every weight can be checked by hand.
    @Test func areaResamplerWeighsPartlyCoveredPixels() throws {
        // 3 -> 2 across, 1 -> 1 down: each output pixel is 1.5 source pixels wide.
        var shrink = AreaResampler(
            source: PixelSize(width: 3, height: 1), target: PixelSize(width: 2, height: 1))
        var rows: [[UInt8]] = []
        let grey: [UInt8] = [0, 0, 0, 90, 90, 90, 180, 180, 180]
        grey.withUnsafeBufferPointer { row in shrink.add(row: row) { _, bytes in rows.append(Array(bytes)) } }
        // (0 * 1 + 90 * 0.5) / 1.5 = 30 and (90 * 0.5 + 180 * 1) / 1.5 = 150.
        #expect(rows == [[30, 30, 30, 150, 150, 150]])

        // 1 -> 1 across, 2 -> 4 down: enlarging repeats each row twice, in order.
        var enlarge = AreaResampler(
            source: PixelSize(width: 1, height: 2), target: PixelSize(width: 1, height: 4))
        var indices: [Int] = []
        rows = []
        for value: UInt8 in [10, 200] {
            [value, value, value].withUnsafeBufferPointer { row in
                enlarge.add(row: row) { index, bytes in
                    indices.append(index)
                    rows.append(Array(bytes))
                }
            }
        }
        #expect(indices == [0, 1, 2, 3])
        #expect(rows == [[10, 10, 10], [10, 10, 10], [200, 200, 200], [200, 200, 200]])
    }

    /// Expects `frame` to be `picture` shrunk `scale` times on each axis by area averaging:
    /// every channel of every pixel within `tolerance` of the exact average of the area it covers.
    private func expectMatches(
        _ frame: RGBFrame, _ picture: BandedPicture, scale: Double, tolerance: Double = 1
    ) {
        let expected = picture.areaAverages(scale: scale, size: frame.size)
        var worst = 0.0
        var worstAt = 0
        for (index, value) in expected.enumerated() {
            let difference = abs(Double(frame.pixels[index]) - value)
            if difference > worst {
                worst = difference
                worstAt = index / 3
            }
        }
        #expect(
            worst <= tolerance,
            "pixel (\(worstAt % frame.width), \(worstAt / frame.width)) is \(worst) away from the area average"
        )
    }

    /// The frame ffmpeg gives for `url` with the filter chain ``FrameReader`` uses for small pictures.
    private func ffmpegFrame(_ url: URL, info: MediaInfo, size: PixelSize, fit: FitMode, scratch: Scratch)
        throws -> RGBFrame
    {
        let video = try #require(info.video)
        let plan = ScalePlan(
            decoded: video.decodedSize, displayWidth: video.displayWidth, displayHeight: video.displayHeight,
            target: size, fit: fit)
        let output = scratch.file("ffmpeg-\(UUID().uuidString).rgb")
        try scratch.ffmpeg([
            "-i", "file:" + url.path, "-vf", plan.filter(), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt",
            "rgb24", "file:" + output.path,
        ])
        let bytes = try [UInt8](Data(contentsOf: output))
        try #require(bytes.count == size.rgbByteCount)
        return RGBFrame(width: size.width, height: size.height, pixels: bytes)
    }
}

/// The first bytes of pictures too costly to write whole: enough for libpng, libjpeg and ffprobe
/// to read the header, nothing more.
enum HandMadeHeaders {
    /// A PNG signature, an IHDR for an 8-bit RGB Adam7-interlaced picture, an empty IDAT and IEND.
    static func interlacedPNG(width: Int, height: Int) -> [UInt8] {
        var header: [UInt8] = []
        header += bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 1]  // depth 8, RGB, deflate, no filter method, Adam7
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", [])
            + chunk("IEND", [])
    }

    /// SOI, a progressive (SOF2) frame header for a 4:2:0 YCbCr picture, and the first scan's
    /// header: what libjpeg reads before it knows the picture needs all its coefficients kept.
    static func progressiveJPEG(width: Int, height: Int) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += [0xFF, 0xC2, 0x00, 0x11, 0x08]
        bytes += bigEndian16(height) + bigEndian16(width)
        bytes += [0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]
        bytes += [0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00]
        bytes += [0x00, 0x00, 0xFF, 0xD9]
        return bytes
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    private static func bigEndian16(_ value: Int) -> [UInt8] {
        [UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// The CRC-32 PNG chunks carry (ISO-HDLC, bit by bit: the data here is a few bytes).
    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
