import CChafa
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
}
