import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

/// Phone photos: JPEGs stored turned, with the EXIF Orientation that shows them upright. Through the
/// real `kinora`, each of the eight orientations comes out as the upright picture would, with its
/// shape, on ffmpeg's path (120x80) and on the large-picture decoder's (6000x4000).
@Suite struct OrientationCLITests {
    /// The smallest PSNR (dB) a picture drawn from a turned JPEG must reach against the same
    /// drawn from the upright JPEG. Measured: sixel 29.3-41.8 dB at 120x80 (a mirrored JPEG's
    /// blocks fall elsewhere), 66-70 dB at 6000x4000; takes 35.4-60 dB. Before EXIF orientation
    /// was honoured, takes of quarter-turned photos gave 11 dB (120x80) and 3 dB (6000x4000).
    static let minimumPSNR = 24.0

    /// The small picture's upright size (ffmpeg decodes it) and the large one's (over 4096x4096
    /// pixels, shrunk while decoding in process).
    static let small = PixelSize(width: 120, height: 80)
    static let large = PixelSize(width: 6000, height: 4000)

    /// A folder with `Orientation-N.jpg` for each orientation asked for, the upright `pattern` of
    /// `size` stored turned and tagged; big-endian tags for the even ones.
    private func pictures(_ size: PixelSize, orientations: [Int], in folder: URL) throws -> [Int: URL] {
        let upright = try OrientedJPEG.testPattern(size)
        var files: [Int: URL] = [:]
        for orientation in orientations {
            let url = folder.appendingPathComponent("\(size)-orientation-\(orientation).jpg")
            try OrientedJPEG.write(
                upright, orientation: orientation, to: url, quality: 92, bigEndian: orientation % 2 == 0)
            files[orientation] = url
        }
        return files
    }

    /// `kinora preview FILE --graphics sixel` for every orientation draws what it draws for the
    /// upright file: the same size (the picture's upright shape) and the same picture.
    @Test func previewDrawsEveryOrientationUpright() throws {
        let folder = try TestFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (size, orientations) in [(Self.small, Array(1...8)), (Self.large, [1, 5, 6, 8])] {
            let files = try pictures(size, orientations: orientations, in: folder)
            var drawn: [Int: RGBFrame] = [:]
            for orientation in orientations {
                guard let file = files[orientation] else { continue }
                let result = try CLI.run(["preview", file.path, "--graphics", "sixel", "--width", "24"])
                try #require(result.status == 0, "\(file.lastPathComponent): \(result.stderr)")
                drawn[orientation] = try SixelDecoder.frame(Array(result.stdout.utf8))
            }
            let upright = try #require(drawn[1])
            #expect(
                upright.height > upright.width / 2, "\(size): a 3:2 picture in 24 columns: \(upright.size)")
            for orientation in orientations.dropFirst() {
                let frame = try #require(drawn[orientation])
                try #require(
                    frame.size == upright.size,
                    "\(size) orientation \(orientation): drawn \(frame.size), upright \(upright.size)")
                let psnr = Quality.psnr(frame, upright)
                #expect(psnr >= Self.minimumPSNR, "\(size) orientation \(orientation): PSNR \(psnr) dB")
            }
        }
    }

    /// `kinora gen` of image shots: the take made from a turned JPEG is the take made from the
    /// upright one (same seed, still camera), small and large.
    @Test func takesOfTurnedPhotosAreUpright() throws {
        let folder = try TestFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let film = folder.appendingPathComponent("film")
        let created = try CLI.run(["new", film.path, "--size", "160x120"])
        try #require(created.status == 0, "\(created.stderr)")
        var shots: [(label: String, id: String)] = []
        for (size, orientations) in [(Self.small, Array(1...8)), (Self.large, [1, 6, 8])] {
            let files = try pictures(size, orientations: orientations, in: folder)
            for orientation in orientations {
                guard let file = files[orientation] else { continue }
                let label = "\(size) o\(orientation)"
                let added = try CLI.run([
                    "shot", "add", film.path, "--prompt", label, "--label", label, "--image", file.path,
                    "--duration", "0.25", "--seed", "5", "--motion", "static",
                ])
                try #require(added.status == 0, "\(added.stderr)")
                shots.append((label, added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            }
        }
        let gen = try CLI.run(["gen", film.path, "--jobs", "2"])
        try #require(gen.status == 0, "\(gen.stderr)")

        var frames: [String: RGBFrame] = [:]
        for shot in shots {
            let take = film.appendingPathComponent("takes/\(shot.id)/t1.mp4")
            frames[shot.label] = try FrameDecoder.decodeImage(
                url: take, size: PixelSize(width: 160, height: 120), fit: .stretch)
        }
        for shot in shots {
            let size = shot.label.prefix { $0 != " " }
            let upright = try #require(frames["\(size) o1"])
            let frame = try #require(frames[shot.label])
            let psnr = Quality.psnr(frame, upright)
            #expect(psnr >= Self.minimumPSNR, "\(shot.label): PSNR \(psnr) dB against the upright take")
        }
    }
}
