import KinoraCore
import Testing

@testable import KinoraMedia

/// The scaling geometry and the filter chain built from it.
@Suite struct ScalePlanTests {
    private func plan(_ width: Int, _ height: Int, to target: PixelSize, _ fit: FitMode) -> ScalePlan {
        ScalePlan(
            decoded: PixelSize(width: width, height: height), displayWidth: Double(width),
            displayHeight: Double(height), target: target, fit: fit)
    }

    /// Same shape: scale only, area when shrinking and Lanczos when enlarging.
    @Test func sameShapeNeedsNoCropOrPad() {
        let shrink = plan(320, 240, to: PixelSize(width: 160, height: 120), .fill)
        #expect(shrink.scaled == PixelSize(width: 160, height: 120))
        #expect(shrink.filter() == "scale=160:120:flags=area,format=rgb24,setsar=1")
        let grow = plan(160, 120, to: PixelSize(width: 320, height: 240), .fit)
        #expect(grow.filter() == "scale=320:240:flags=lanczos,format=rgb24,setsar=1")
    }

    /// `.fill` scales to cover and crops equally on both sides.
    @Test func fillCropsTheCentre() {
        let wide = plan(1920, 1080, to: PixelSize(width: 100, height: 100), .fill)
        #expect(wide.scaled == PixelSize(width: 178, height: 100))
        #expect(wide.filter() == "scale=178:100:flags=area,format=rgb24,crop=100:100:39:0,setsar=1")
    }

    /// `.fit` scales to fit and pads equally with black.
    @Test func fitPadsWithBlack() {
        let tall = plan(1080, 1920, to: PixelSize(width: 160, height: 90), .fit)
        #expect(tall.scaled == PixelSize(width: 51, height: 90))
        #expect(
            tall.filter(frameRate: FrameRate(numerator: 12, denominator: 1))
                == "fps=12,scale=51:90:flags=area,format=rgb24,pad=160:90:54:0:color=black,setsar=1")
    }

    /// `.stretch` scales straight to the target.
    @Test func stretchIgnoresShape() {
        let stretched = plan(1920, 1080, to: PixelSize(width: 100, height: 100), .stretch)
        #expect(stretched.filter() == "scale=100:100:flags=area,format=rgb24,setsar=1")
    }

    /// Non-square pixels are corrected to the picture's display shape.
    @Test func anamorphicSourceUsesDisplayShape() {
        // 720x576 stored with 16:11 pixels shows as about 1047x576 (wide).
        let anamorphic = ScalePlan(
            decoded: PixelSize(width: 720, height: 576), displayWidth: 720 * 16 / 11, displayHeight: 576,
            target: PixelSize(width: 320, height: 180), fit: .fit)
        #expect(anamorphic.scaled == PixelSize(width: 320, height: 176))
    }

    /// Thumbnails keep the shape and are never enlarged.
    @Test func thumbnailsNeverGrow() {
        #expect(
            FrameDecoder.thumbnailSize(displayWidth: 1920, displayHeight: 1080, maxWidth: 320)
                == PixelSize(width: 320, height: 180))
        #expect(
            FrameDecoder.thumbnailSize(displayWidth: 100, displayHeight: 50, maxWidth: 320)
                == PixelSize(width: 100, height: 50))
    }

    /// Times are written without exponents, to the microsecond.
    @Test func formatsSecondsForFFmpeg() {
        #expect(FrameReader.format(0.5) == "0.500000")
        #expect(FrameReader.format(12) == "12.000000")
        #expect(FrameReader.format(1e-7) == "0.000000")
    }

    /// Frames fill with a colour and read and write single pixels.
    @Test func framePixelAccess() {
        var frame = RGBFrame(width: 2, height: 2, fill: RGB(red: 1, green: 2, blue: 3))
        #expect(frame.pixels == [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3])
        frame[1, 1] = RGB(red: 9, green: 8, blue: 7)
        #expect(frame.pixels[9...] == [9, 8, 7])
        #expect(frame[1, 1] == RGB(red: 9, green: 8, blue: 7))
    }
}
