import CChafa
import CImageDecode
import CNCurses
import Testing

/// The C libraries link and their shims agree with the C macros they wrap.
@Suite struct CLibraryTests {
    @Test func ncursesIsWideCharacterVersionSix() throws {
        let version = String(cString: try #require(curses_version()))
        #expect(version.hasPrefix("ncurses 6"), "\(version)")
        #expect(kinora_color_pair(3) == attr_t(3) << 8, "COLOR_PAIR(n) is n shifted past the character bits")
        #expect(kinora_a_bold() != 0 && kinora_a_bold() != kinora_a_reverse())
        #expect(kinora_key_resize() == 0o632)
    }

    @Test func chafaComputesCanvasGeometry() {
        // A 16:9 picture in at most 64x30 cells that are twice as tall as wide: 64 x (64 * 9/16 / 2) = 64x18.
        var width: Int32 = 64
        var height: Int32 = 30
        chafa_calc_canvas_geometry(1280, 720, &width, &height, 0.5, 0, 0)
        #expect(width == 64 && height == 18, "\(width)x\(height)")
        #expect(chafa_get_n_actual_threads() >= 1)
        #expect(kinora_chafa_block_tags().rawValue & CHAFA_SYMBOL_TAG_BLOCK.rawValue != 0)
    }

    @Test func jpegEncodingGrowsItsBufferPastItsFirstBlock() throws {
        // Noise does not compress: a 512x512 picture at quality 95 is far larger than the first 64 KB.
        let (width, height) = (512, 512)
        var state: UInt32 = 12345
        let rgb = (0..<(width * height * 3)).map { _ -> UInt8 in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let made = try rgb.withUnsafeBufferPointer { pixels in
            cid_encode_jpeg(
                try #require(pixels.baseAddress), UInt32(width), UInt32(height), 95, &output, &length)
        }
        defer { cid_jpeg_free(output) }
        let bytes = try #require(output)
        #expect(made == 1 && length > 65536, "\(length) bytes")
        #expect(bytes[0] == 0xFF && bytes[1] == 0xD8, "starts with a JPEG's SOI marker")
        #expect(bytes[length - 2] == 0xFF && bytes[length - 1] == 0xD9, "ends with its EOI marker")
        var none: UnsafeMutablePointer<UInt8>?
        #expect(cid_encode_jpeg(bytes, 0, 0, 90, &none, &length) == 0 && none == nil, "no picture, no JPEG")
    }
}
