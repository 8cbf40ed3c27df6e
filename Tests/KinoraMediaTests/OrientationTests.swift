import CImageDecode
import Foundation
import Glibc
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraMedia

/// JPEGs with an EXIF Orientation (phone photos) are probed at their upright shape and decode
/// upright, on ffmpeg's path and on the large-picture decoder's, for all eight orientations.
@Suite struct OrientationTests {
    /// The smallest PSNR (dB) a decode of a turned JPEG must reach against the same decode of the
    /// upright JPEG. Measured at 120x80: 34.6-79 dB (a mirrored JPEG's 16-pixel blocks fall
    /// elsewhere, so it is compressed differently); at 6000x4000: 72-76 dB. The pattern against
    /// itself mirrored or turned half a turn: under 20 dB.
    static let minimumPSNR = 30.0

    /// Writes the upright `pattern` as `name-N.jpg` for every orientation, big-endian tags for
    /// the odd ones.
    private func turnedFiles(_ pattern: RGBFrame, name: String, scratch: Scratch) throws -> [URL] {
        try (1...8).map { orientation in
            let url = scratch.file("\(name)-\(orientation).jpg")
            try OrientedJPEG.write(
                pattern, orientation: orientation, to: url, quality: 92, bigEndian: orientation % 2 == 1)
            return url
        }
    }

    /// The orientation comes from IFD0 of the first Exif APP1 segment in either byte order (an XMP
    /// APP1 before it is skipped); a value outside 1-8 or no Exif at all is upright, as ffmpeg
    /// reads them; a PNG is upright.
    @Test func theOrientationIsReadFromTheFirstExifSegment() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let plain = scratch.file("plain.jpg")
        try scratch.ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=size=64x48", "-frames:v", "1", "file:" + plain.path,
        ])
        let bytes = try Data(contentsOf: plain)
        let xmp = Array("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>".utf8)
        let xmpSegment = [0xFF, 0xE1, 0, UInt8(xmp.count + 2)] + xmp
        for (value, bigEndian, withXMP, expected) in [
            (6, false, false, PictureOrientation.rotate90), (8, true, false, .rotate270),
            (5, true, true, .transpose), (2, false, true, .mirror), (9, false, false, .identity),
            (0, true, false, .identity),
        ] {
            var tagged = try OrientedJPEG.tagging(bytes, orientation: value, bigEndian: bigEndian)
            if withXMP { tagged.insert(contentsOf: xmpSegment, at: 2) }
            let url = scratch.file("tagged-\(value).jpg")
            try tagged.write(to: url)
            let header = try StillPictureFile(url: url).header
            #expect(header.orientation == expected, "value \(value), big-endian \(bigEndian), XMP \(withXMP)")
            #expect(try MediaProbe.probe(url).video?.orientation == expected)
        }
        #expect(try StillPictureFile(url: plain).header.orientation == .identity)
        let png = try scratch.testImage("still.png", width: 64, height: 48)
        #expect(try StillPictureFile(url: png).header.orientation == .identity)
        #expect(try MediaProbe.probe(png).video?.orientation == .identity)
    }

    /// The IFD walk reads only the bytes it is given: every cut of a good segment, offsets and
    /// counts pointing far outside, wrong types and thousands of random corruptions are read with
    /// the bytes placed just before a page that cannot be read (any read past them would crash).
    @Test func hostileExifBytesAreReadWithinTheirBounds() throws {
        let good = try exifPayload(orientation: 6)
        #expect(try guarded(good) == 6)
        // The Orientation entry ends 40 bytes in: any shorter cut loses it.
        for length in 0..<good.count {
            let read = try guarded(Array(good.prefix(length)))
            #expect(read == (length >= 40 ? 6 : 0), "cut at \(length) read \(read)")
        }
        // TIFF header: "II", 42, IFD0 offset at 4. IFD0: a count, then 12-byte entries.
        var farOffset = good
        farOffset.replaceSubrange(10..<14, with: [0xF8, 0xFF, 0xFF, 0xFF])
        #expect(try guarded(farOffset) == 0)
        var manyEntries = good
        manyEntries.replaceSubrange(14..<16, with: [0xFF, 0xFF])
        #expect(try guarded(manyEntries) == 6, "the Orientation entry comes before the walk runs out")
        manyEntries.replaceSubrange(28..<30, with: [0x00, 0x00])  // the Orientation tag itself gone
        #expect(try guarded(manyEntries) == 0)
        var asText = good
        asText.replaceSubrange(30..<32, with: [2, 0])  // ASCII, not a number
        #expect(try guarded(asText) == 0)
        var asLong = good
        asLong.replaceSubrange(30..<32, with: [4, 0])
        asLong.replaceSubrange(36..<40, with: [8, 0, 0, 0])
        #expect(try guarded(asLong) == 8)
        #expect(try guarded(Array("Exif\0\0XX*\0\u{8}\0\0\0".utf8)) == 0)

        var random = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                bytes[Int.random(in: 6..<bytes.count, using: &random)] = UInt8.random(
                    in: 0...255, using: &random)
            }
            let read = try guarded(Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random))))
            #expect((0...8).contains(read))
        }
    }

    /// ffprobe says 120x80 for a 120x80 photo tagged 6 (it does not report the tag); the probe
    /// gives the upright shape for every orientation, stored sizes kept.
    @Test func probesGiveTheUprightShape() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let shown = PixelSize(width: 120, height: 80)
        for (index, url) in try turnedFiles(OrientedJPEG.testPattern(shown), name: "small", scratch: scratch)
            .enumerated()
        {
            let orientation = index + 1
            let video = try #require(try MediaProbe.probe(url).video)
            #expect(video.orientation.rawValue == orientation && video.rotation == 0)
            let stored = OrientedJPEG.storedSize(shown: shown, orientation: orientation)
            #expect(PixelSize(width: video.width, height: video.height) == stored)
            #expect(video.decodedSize == shown, "orientation \(orientation)")
            #expect(video.displayWidth == 120 && video.displayHeight == 80, "orientation \(orientation)")
        }
    }

    /// A 120x80 photo in each orientation decodes through ffmpeg to the upright picture: whole,
    /// cropped, padded, grabbed and as a thumbnail.
    @Test func smallPhotosDecodeUprightInEveryOrientation() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let pattern = try OrientedJPEG.testPattern(PixelSize(width: 120, height: 80))
        expectAsymmetric(pattern)
        let files = try turnedFiles(pattern, name: "small", scratch: scratch)
        let ways = decodes(scratch: scratch)
        let references = try ways.map { try $0.decode(files[0]) }
        for (index, url) in files.enumerated().dropFirst() {
            let reader = try FrameReader(url: url, size: PixelSize(width: 30, height: 20))
            #expect(!reader.decodesInProcess)
            #expect(reader.arguments.contains("-autorotate"), "ffmpeg must not turn it a second time")
            if index + 1 == 6 {
                #expect(
                    reader.arguments.contains { $0.hasPrefix("transpose=clock,scale=") },
                    "\(reader.arguments)")
            }
            reader.close()
            for (way, reference) in zip(ways, references) {
                let frame = try way.decode(url)
                try #require(
                    frame.size == reference.size, "orientation \(index + 1), \(way.name): \(frame.size)")
                let psnr = Quality.psnr(frame, reference)
                #expect(psnr >= Self.minimumPSNR, "orientation \(index + 1), \(way.name): PSNR \(psnr) dB")
            }
        }
    }

    /// A 6000x4000 photo in each orientation (stored 4000x6000 when quarter-turned) is shrunk in
    /// process, turned upright, and matches the upright photo and ffmpeg's decode of the same file.
    @Test func largePhotosDecodeUprightInEveryOrientation() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let files = try turnedFiles(
            OrientedJPEG.testPattern(PixelSize(width: 6000, height: 4000)), name: "large", scratch: scratch)
        let ways = decodes(scratch: scratch)
        let references = try ways.map { try $0.decode(files[0]) }
        for (index, url) in files.enumerated().dropFirst() {
            let reader = try FrameReader(url: url, size: PixelSize(width: 30, height: 20))
            #expect(reader.decodesInProcess)
            reader.close()
            for (way, reference) in zip(ways, references) {
                let frame = try way.decode(url)
                try #require(
                    frame.size == reference.size, "orientation \(index + 1), \(way.name): \(frame.size)")
                let psnr = Quality.psnr(frame, reference)
                #expect(psnr >= Self.minimumPSNR, "orientation \(index + 1), \(way.name): PSNR \(psnr) dB")
            }
        }
        // The two paths agree on a turned file as well as on the upright one (they differ by
        // libjpeg's shrinking by 8 first), crop and padding included.
        let size = PixelSize(width: 200, height: 200)
        for fit in FitMode.allCases {
            let upright = try pathAgreement(files[0], size: size, fit: fit, scratch: scratch)
            for url in [files[5], files[6]] {
                let psnr = try pathAgreement(url, size: size, fit: fit, scratch: scratch)
                #expect(
                    psnr >= upright - 0.5,
                    "\(url.lastPathComponent) \(fit): PSNR \(psnr) dB against ffmpeg, upright \(upright) dB")
            }
        }
    }

    /// Turning a frame puts every stored pixel where the EXIF definitions say, and the stored
    /// region of any shown rectangle turns into exactly that rectangle.
    @Test func turningPutsEveryPixelWhereEXIFSays() {
        let stored = PixelSize(width: 5, height: 3)
        var frame = RGBFrame(width: stored.width, height: stored.height)
        for y in 0..<stored.height {
            for x in 0..<stored.width { frame[x, y] = RGB(red: UInt8(x), green: UInt8(y), blue: 7) }
        }
        for orientation in PictureOrientation.allCases {
            let shown = orientation.turned(stored)
            let upright = orientation.upright(frame)
            #expect(upright.size == shown)
            #expect(
                OrientedJPEG.storedSize(shown: shown, orientation: orientation.rawValue) == stored)
            for y in 0..<stored.height {
                for x in 0..<stored.width {
                    let at = OrientedJPEG.shownPosition(
                        x: x, y: y, orientation: orientation.rawValue, shown: shown)
                    #expect(upright[at.x, at.y] == frame[x, y], "\(orientation) stored (\(x), \(y))")
                }
            }
            let columns = 1..<shown.width
            let rows = 0..<(shown.height - 1)
            let region = orientation.storedRegion(columns: columns, rows: rows, shown: shown)
            var part = RGBFrame(width: region.columns.count, height: region.rows.count)
            for y in region.rows {
                for x in region.columns {
                    part[x - region.columns.lowerBound, y - region.rows.lowerBound] = frame[x, y]
                }
            }
            let turnedPart = orientation.upright(part)
            #expect(turnedPart.size == PixelSize(width: columns.count, height: rows.count))
            for y in rows {
                for x in columns {
                    #expect(
                        turnedPart[x - columns.lowerBound, y - rows.lowerBound] == upright[x, y],
                        "\(orientation) shown (\(x), \(y))")
                }
            }
        }
    }

    /// One way of decoding a still, named for messages.
    private struct Decode {
        let name: String
        let decode: (URL) throws -> RGBFrame
    }

    /// Every way Kinora decodes a still: the whole picture, cropped to a square (fill), padded to
    /// one (fit), a frame grabbed from it, and a thumbnail written and read back.
    private func decodes(scratch: Scratch) -> [Decode] {
        let square = PixelSize(width: 60, height: 60)
        return [
            Decode(name: "whole") { url in
                let video = try #require(try MediaProbe.probe(url).video)
                let size = PixelSize(
                    width: min(240, Int(video.displayWidth)), height: min(160, Int(video.displayHeight)))
                return try FrameDecoder.decodeImage(url: url, size: size, fit: .stretch)
            },
            Decode(name: "fill") { try FrameDecoder.decodeImage(url: $0, size: square, fit: .fill) },
            Decode(name: "fit") { try FrameDecoder.grabFrame(url: $0, at: 1, size: square, fit: .fit) },
            Decode(name: "thumbnail") { url in
                let thumbnail = scratch.file("thumbnail-\(UUID().uuidString).png")
                defer { try? FileManager.default.removeItem(at: thumbnail) }
                try FrameDecoder.writeThumbnail(from: url, at: 0, to: thumbnail, maxWidth: 90)
                let video = try #require(try MediaProbe.probe(thumbnail).video)
                #expect(
                    video.width == 90 && video.height == 60,
                    "the thumbnail is upright: \(video.width)x\(video.height)")
                return try FrameDecoder.decodeImage(
                    url: thumbnail, size: PixelSize(width: video.width, height: video.height), fit: .stretch)
            },
        ]
    }

    /// Expects `pattern` to look nothing like itself mirrored or turned half a turn, so a decode
    /// that turns it wrongly cannot reach ``minimumPSNR``.
    private func expectAsymmetric(_ pattern: RGBFrame) {
        for orientation in [2, 3, 4] {
            var turned = pattern
            for y in 0..<pattern.height {
                for x in 0..<pattern.width {
                    let at = OrientedJPEG.shownPosition(
                        x: x, y: y, orientation: orientation, shown: pattern.size)
                    turned[at.x, at.y] = pattern[x, y]
                }
            }
            let psnr = Quality.psnr(turned, pattern)
            #expect(psnr < Self.minimumPSNR - 10, "orientation \(orientation) of the pattern: \(psnr) dB")
        }
    }

    /// PSNR of the large-picture decoder's frame of `url` against ffmpeg's.
    private func pathAgreement(_ url: URL, size: PixelSize, fit: FitMode, scratch: Scratch) throws -> Double {
        let info = try MediaProbe.probe(url)
        let ours = try FrameDecoder.decodeImage(url: url, size: size, fit: fit, info: info)
        let theirs = try ffmpegFrame(url, info: info, size: size, fit: fit, scratch: scratch)
        return Quality.psnr(ours, theirs)
    }

    /// The frame ffmpeg gives for `url` with ``FrameReader``'s arguments for small pictures.
    private func ffmpegFrame(_ url: URL, info: MediaInfo, size: PixelSize, fit: FitMode, scratch: Scratch)
        throws -> RGBFrame
    {
        let video = try #require(info.video)
        let plan = ScalePlan(video: video, target: size, fit: fit)
        let output = scratch.file("ffmpeg-\(UUID().uuidString).rgb")
        defer { try? FileManager.default.removeItem(at: output) }
        try scratch.ffmpeg(
            FrameReader.inputOptions(info) + [
                "-i", "file:" + url.path, "-vf", plan.filter(), "-frames:v", "1", "-f", "rawvideo",
                "-pix_fmt",
                "rgb24", "file:" + output.path,
            ])
        let bytes = try [UInt8](Data(contentsOf: output))
        try #require(bytes.count == size.rgbByteCount)
        return RGBFrame(width: size.width, height: size.height, pixels: bytes)
    }

    /// The APP1 payload ("Exif", padding, a little-endian TIFF) that ``OrientedJPEG`` writes.
    private func exifPayload(orientation: Int) throws -> [UInt8] {
        let tagged = try OrientedJPEG.tagging(Data([0xFF, 0xD8, 0xFF, 0xD9]), orientation: orientation)
        let length = Int(tagged[4]) << 8 | Int(tagged[5])
        return Array(tagged[6..<(4 + length)])
    }

    /// `cid_exif_orientation` of `bytes` placed so that they end where an unreadable page begins.
    private func guarded(_ bytes: [UInt8]) throws -> UInt32 {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        try #require(bytes.count <= page)
        let memory = try #require(
            mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        try #require(memory != UnsafeMutableRawPointer(bitPattern: -1), "mmap failed")
        defer { munmap(memory, 2 * page) }
        try #require(mprotect(memory + page, page, PROT_NONE) == 0)
        let start = (memory + page - bytes.count).bindMemory(to: UInt8.self, capacity: max(1, bytes.count))
        start.update(from: bytes, count: bytes.count)
        return cid_exif_orientation(start, bytes.count)
    }
}
