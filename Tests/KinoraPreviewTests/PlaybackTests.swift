import CZlib
import Foundation
import KinoraMedia
import KinoraTestSupport
import Testing

@testable import KinoraPreview

@Suite struct PlaybackTests {
    private let cell = PixelSize(width: 10, height: 20)

    /// A testsrc2 picture at `size`, decoded by ffmpeg.
    private func picture(_ size: PixelSize) throws -> RGBFrame {
        let image = try TestFiles.media(
            ["-f", "lavfi", "-i", "testsrc2=size=\(size.width)x\(size.height)", "-frames:v", "1"],
            name: "s.png")
        return try FrameDecoder.decodeImage(url: image, size: size, fit: .stretch)
    }

    /// `frame` with a `side`-pixel white square at (`x`, `y`): an actor moving over a still background.
    private func withSquare(_ frame: RGBFrame, x: Int, y: Int, side: Int) -> RGBFrame {
        var out = frame
        for row in y..<(y + side) {
            for column in x..<(x + side) { out[column, row] = RGB(red: 255, green: 255, blue: 255) }
        }
        return out
    }

    @Test func cellPresenterSendsOnlyChangedCellsAndTheScreenEndsRight() throws {
        let first = try picture(PixelSize(width: 320, height: 180))
        let second = withSquare(first, x: 100, y: 60, side: 30)
        var presenter = CellPresenter(columns: 40, rows: 12, depth: .truecolor, origin: .savedCursor)
        var screen = ScreenModel(columns: 40, rows: 12)
        let full = presenter.present(first, key: "a")
        try screen.apply(full)
        #expect(presenter.present(first, key: "a").isEmpty, "an unchanged frame costs nothing")
        let delta = presenter.present(second, key: "b")
        try screen.apply(delta)
        #expect(!delta.isEmpty && delta.count * 10 < full.count, "\(delta.count) bytes of \(full.count)")
        let expected = PictureRenderer.cells(second, columns: 40, rows: 12)
        #expect(screen.cells == expected.map { $0.map { Optional($0) } }, "the screen shows the second frame")
    }

    /// Splits presenter output into (cell row, cell column, sixel bytes) per picture drawn.
    private func sixels(in bytes: [UInt8]) -> [(row: Int, column: Int, bytes: [UInt8])] {
        var out: [(Int, Int, [UInt8])] = []
        let text = String(decoding: bytes, as: UTF8.self)
        for part in text.components(separatedBy: "\u{1B}8").dropFirst() {
            let start = part.range(of: "\u{1B}P")?.lowerBound ?? part.endIndex
            let moves = part[..<start]
            let row = Int(moves.firstMatch(of: /\[(\d+)B/)?.1 ?? "0") ?? 0
            let column = Int(moves.firstMatch(of: /\[(\d+)C/)?.1 ?? "0") ?? 0
            out.append((row, column, Array(part[start...].utf8)))
        }
        return out
    }

    @Test func sixelPresenterResendsOnlyTheTilesThatChangedAndTheyDecodeInPlace() throws {
        let size = PixelSize(width: 640, height: 360)
        let first = try picture(size)
        let second = withSquare(first, x: 130, y: 50, side: 20)
        var presenter = SixelTilePresenter(columns: 64, rows: 18, cell: cell, origin: .savedCursor)
        let full = presenter.present(first, key: "a")
        #expect(presenter.present(first, key: "a").isEmpty, "a still frame costs nothing")
        let delta = presenter.present(second, key: "b")
        let tiles = sixels(in: delta)
        // The square spans x 130–149 and y 50–69: tile columns 80–159, rows 0–59 and 60–119.
        #expect(
            tiles.map { "\($0.row),\($0.column)" } == ["0,8", "3,8"], "\(tiles.map { ($0.row, $0.column) })")
        #expect(
            delta.count * 5 < full.count, "\(delta.count) bytes against \(full.count) for the whole picture")
        // Paint the tiles over the decoded first picture, as the terminal would, and compare.
        let whole = try #require(sixels(in: full).first)
        var canvas = try SixelDecoder.frame(whole.bytes, size: size)
        for tile in tiles {
            let decoded = try SixelDecoder.frame(tile.bytes, size: PixelSize(width: 80, height: 60))
            canvas.copyIn(decoded, x: tile.column * 10, y: tile.row * 20)
        }
        let square = canvas[140, 60]
        #expect(square.red > 200 && square.green > 200 && square.blue > 200, "the square is drawn: \(square)")
        #expect(Quality.psnr(canvas, second) > 22, "PSNR \(Quality.psnr(canvas, second))")
    }

    @Test func aSmallEdgeLeftBehindIsStillResent() throws {
        let black = RGBFrame(width: 320, height: 180)
        var sliver = black
        // Three by three pixels of red: far under 1 in 200 of a tile, but plainly visible.
        for y in 60..<63 { for x in 80..<83 { sliver[x, y] = RGB(red: 255, green: 0, blue: 0) } }
        var presenter = SixelTilePresenter(columns: 32, rows: 9, cell: cell, origin: .savedCursor)
        _ = presenter.present(sliver, key: "a")
        let cleared = presenter.present(black, key: "b")
        #expect(!cleared.isEmpty, "the tile holding the sliver is drawn again")
        var noisy = black
        for index in stride(from: 0, to: noisy.pixels.count, by: 7) { noisy.pixels[index] = 12 }
        #expect(presenter.present(noisy, key: "c").isEmpty, "codec noise is not a change")
    }

    @Test func sixelTilesAreWholeBandsWhateverTheCellHeight() {
        for height in [12, 16, 17, 20, 25] {
            let presenter = SixelTilePresenter(
                columns: 20, rows: 11, cell: PixelSize(width: 9, height: height), origin: .savedCursor)
            let tiles = presenter.tileRects()
            #expect(
                tiles.allSatisfy { $0.height % 6 == 0 || $0.y + $0.height == 11 * height },
                "cell height \(height)")
            #expect(
                tiles.reduce(0) { $0 + $1.width * $1.height } == 20 * 9 * 11 * height,
                "tiles cover the picture once")
        }
    }

    /// The payload of kitty `bytes`: the keys of the first chunk and the inflated pixels.
    private func kittyPayload(_ bytes: [UInt8]) throws -> (keys: String, pixels: [UInt8], chunks: Int) {
        let text = String(decoding: bytes, as: UTF8.self)
        let chunks = text.components(separatedBy: "\u{1B}_G").dropFirst().map {
            $0.replacingOccurrences(of: "\u{1B}\\", with: "")
        }
        let transmits = chunks.filter { !$0.hasPrefix("a=p") && !$0.hasPrefix("a=d") }
        var base64 = ""
        for (index, chunk) in transmits.enumerated() {
            let parts = chunk.split(separator: ";", maxSplits: 1)
            #expect(parts[0].hasSuffix(index == transmits.count - 1 ? "m=0" : "m=1"))
            #expect(parts[1].count <= 4096)
            base64 += parts[1]
        }
        let packed = try #require(Data(base64Encoded: base64))
        var length = uLong(16 << 20)
        var pixels = [UInt8](repeating: 0, count: Int(length))
        let status = pixels.withUnsafeMutableBufferPointer { out in
            [UInt8](packed).withUnsafeBufferPointer {
                uncompress(out.baseAddress, &length, $0.baseAddress, uLong(packed.count))
            }
        }
        #expect(status == Z_OK)
        return (
            String(transmits.first?.split(separator: ";").first ?? ""), Array(pixels[0..<Int(length)]),
            transmits.count
        )
    }

    @Test func kittyPicturesAreCompressedChunkedAndExact() throws {
        let frame = try picture(PixelSize(width: 320, height: 180))
        let bytes = PictureRenderer.kitty(frame, columns: 32, rows: 9, id: 7)
        let payload = try kittyPayload(bytes)
        #expect(
            payload.keys.contains("a=t") && payload.keys.contains("o=z")
                && payload.keys.contains("s=320,v=180,i=7"))
        #expect(payload.pixels == frame.pixels, "zlib round trip gives the exact pixels")
        #expect(payload.chunks > 1, "a picture this size takes several chunks")
        #expect(bytes.count < frame.pixels.count * 4 / 3, "compressed below the raw base64 size")
        #expect(String(decoding: bytes, as: UTF8.self).contains("a=p,i=7,p=1,c=32,r=9"))
    }

    @Test func kittyFramesAreSentOnceAndPlacedAgain() throws {
        let first = try picture(PixelSize(width: 160, height: 90))
        let second = withSquare(first, x: 10, y: 10, side: 20)
        var presenter = KittyPresenter(columns: 16, rows: 5, origin: .savedCursor)
        let sent = presenter.present(first, key: "f#0").count + presenter.present(second, key: "f#1").count
        let again = presenter.present(first, key: "f#0")
        let text = String(decoding: again, as: UTF8.self)
        #expect(!text.contains("a=t"), "the terminal already holds frame 0: \(text)")
        #expect(text.contains("a=p,i=\(0x4B49_0000)") && text.contains("a=d,d=i,i=\(0x4B49_0001)"), "\(text)")
        #expect(again.count < 100 && sent > 1000)
        let finish = String(decoding: presenter.finish(), as: UTF8.self)
        #expect(finish == "\u{1B}_Ga=d,d=I,i=\(0x4B49_0001),q=2\u{1B}\\", "frees all but the frame on screen")
    }

    @Test func theBudgetDropsFramesInsteadOfFallingBehind() {
        var budget = BandwidthBudget(kilobitsPerSecond: 800)  // 100 KB/s
        var sent = 0
        for index in 0..<(24 * 4) {
            let now = Double(index) / 24
            if budget.allows(at: now) {
                budget.spend(40_000, at: now)
                sent += 40_000
            }
        }
        // 4 s at 100 KB/s, plus the half second that may be saved up and one frame of overdraft.
        #expect(sent <= 400_000 + 50_000 + 40_000 && sent >= 300_000, "\(sent) bytes")
        #expect(BandwidthBudget.forPlayback(asked: nil, overSSH: true).kilobitsPerSecond == 8000)
        #expect(BandwidthBudget.forPlayback(asked: 300, overSSH: true).kilobitsPerSecond == 300)
        #expect(BandwidthBudget.forPlayback(asked: nil, overSSH: false).kilobitsPerSecond == nil)
        var unlimited = BandwidthBudget(kilobitsPerSecond: nil)
        #expect((0..<100).allSatisfy { _ in unlimited.allows(at: 0) })
    }

    /// Sleeps as a slow terminal would.
    private struct SlowPresenter: PicturePresenter {
        var seconds: Double
        mutating func present(_ frame: RGBFrame, key: String) -> [UInt8] {
            usleep(UInt32(seconds * 1e6))
            return [0x41]
        }
        mutating func finish() -> [UInt8] { [] }
    }

    @Test func aSlowTerminalDropsFramesAndPlaybackKeepsTime() {
        var playback = Playback(fps: 50)
        var presenter = SlowPresenter(seconds: 0.05)
        var left = 50
        let frame = RGBFrame(width: 2, height: 2)
        let report = playback.play(
            key: "slow",
            frames: { () -> RGBFrame? in
                left -= 1
                return left >= 0 ? frame : nil
            }, presenter: &presenter, write: { _ in },
            wait: { deadline in
                usleep(UInt32(max(0, deadline - Playback.now()) * 1e6))
                return true
            })
        #expect(report.droppedLate > 10, "\(report)")
        #expect(report.shown + report.droppedLate == 50)
        #expect(report.seconds < 1.3, "one second of video takes about a second: \(report.seconds)")
    }

    @Test func theCacheKeepsRecentPicturesWithinItsCapacity() {
        let cache = PictureCache<[UInt8]>(capacity: 100)
        cache.store([UInt8](repeating: 1, count: 40), for: "a")
        cache.store([UInt8](repeating: 2, count: 40), for: "b")
        _ = cache.lookup("a")
        cache.store([UInt8](repeating: 3, count: 40), for: "c")
        #expect(cache.lookup("b") == nil, "the least recently used went")
        #expect(cache.lookup("a")?.first == 1 && cache.lookup("c")?.first == 3)
        #expect(cache.bytesHeld == 80)
        var made = 0
        _ = cache.value(for: "a") {
            made += 1; return []
        }
        #expect(made == 0, "a held picture is not made again")
    }
}

extension RGBFrame {
    /// Paints `other` over this frame with its top-left corner at (`x`, `y`), as a terminal draws a picture.
    fileprivate mutating func copyIn(_ other: RGBFrame, x: Int, y: Int) {
        for row in 0..<min(other.height, height - y) {
            for column in 0..<min(other.width, width - x) { self[x + column, y + row] = other[column, row] }
        }
    }
}
