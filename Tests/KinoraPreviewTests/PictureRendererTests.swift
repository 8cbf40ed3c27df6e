import Foundation
import KinoraMedia
import KinoraTestSupport
import Testing

@testable import KinoraPreview

@Suite struct PictureRendererTests {
    private func source() throws -> RGBFrame {
        let image = try TestFiles.media(
            ["-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1"], name: "src.png")
        return try FrameDecoder.decodeImage(
            url: image, size: PixelSize(width: 320, height: 180), fit: .stretch)
    }

    @Test func sixelDecodesToAPictureCloseToTheSource() throws {
        let frame = try source()
        let bytes = PictureRenderer.sixel(frame, columns: 32, rows: 9, cell: PixelSize(width: 10, height: 20))
        #expect(bytes.starts(with: [0x1B, UInt8(ascii: "P")]), "a DCS sixel sequence")
        let png = try SixelDecoder.png(bytes)
        let info = try MediaProbe.probe(png)
        #expect(info.video?.width == 320 && info.video?.height == 180)
        let decoded = try FrameDecoder.decodeImage(
            url: png, size: PixelSize(width: 320, height: 180), fit: .stretch)
        // 256 palette colours with dithering: 22 dB is far above a wrong picture (under 12 dB) and
        // below what chafa reaches on testsrc2 (about 27 dB).
        #expect(Quality.psnr(decoded, frame) > 22, "PSNR \(Quality.psnr(decoded, frame))")
    }

    @Test func sixelHeightIsPaddedToWholeBands() throws {
        let frame = try source()
        // 9 rows of 17-pixel cells is 153 pixels: chafa alone would draw 150 and leave 3 rows of old content.
        let bytes = PictureRenderer.sixel(frame, columns: 32, rows: 9, cell: PixelSize(width: 10, height: 17))
        let info = try MediaProbe.probe(try SixelDecoder.png(bytes))
        #expect(info.video?.height == 156, "covers all 153 rows, in whole six-pixel bands")
        #expect(info.video?.width == 320)
    }

    @Test func blocksAreCellsWithColours() throws {
        let frame = try source()
        let cells = PictureRenderer.cells(frame, columns: 40, rows: 12)
        #expect(cells.count == 12 && cells.allSatisfy { $0.count == 40 })
        let symbols = Set(cells.joined().map(\.character))
        #expect(symbols.count > 3, "a picture is more than a few symbols: \(symbols)")
        #expect(Set(cells.joined().map(\.background)).count > 10, "many colours")
        let ascii = String(
            decoding: PictureRenderer.text(frame, columns: 40, rows: 12, depth: .indexed16, ascii: true),
            as: UTF8.self)
        #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII }, "plain ASCII for dumb terminals")
    }

    @Test("in 256 and 16 colours the cells hold palette indices, many of them")
    func indexedCellsArePaletteIndices() throws {
        let frame = try source()
        for (depth, limit) in [(PictureRenderer.ColorDepth.indexed256, UInt32(255)), (.indexed16, 15)] {
            let cells = PictureRenderer.cells(frame, columns: 40, rows: 12, depth: depth).joined()
            let colours = Set(cells.map(\.background)).union(cells.map(\.foreground))
            #expect(colours.allSatisfy { $0 <= limit }, "\(depth): \(colours.sorted().suffix(5))")
            #expect(colours.count > 5, "\(depth): a test picture needs more than \(colours.count) colours")
        }
    }
}
