import CChafa
import KinoraMedia

/// Turns a frame into terminal pictures with libchafa: sixel or kitty bytes, or a grid of coloured
/// block-symbol cells that a text UI can draw like any other text.
public enum PictureRenderer {
    /// Colours a symbol picture may use, matched to the terminal.
    public enum ColorDepth: Sendable {
        /// 24-bit colour.
        case truecolor
        /// The xterm 256-colour palette.
        case indexed256
        /// The 16 ANSI colours.
        case indexed16
    }

    /// One character cell of a symbol picture.
    public struct Cell: Sendable, Equatable {
        /// The symbol.
        public var character: Character
        /// Foreground colour: 0xRRGGBB in truecolor, a palette index otherwise.
        public var foreground: UInt32
        /// Background colour: 0xRRGGBB in truecolor, a palette index otherwise.
        public var background: UInt32
    }

    /// The cells (`columns` × `rows`) of `frame` drawn with half and quadrant blocks.
    /// With `ascii`, the symbols are plain ASCII and the colours are not used.
    public static func cells(
        _ frame: RGBFrame, columns: Int, rows: Int, depth: ColorDepth = .truecolor, ascii: Bool = false
    ) -> [[Cell]] {
        let canvas = Canvas(
            frame, columns: columns, rows: rows, pixelMode: CHAFA_PIXEL_MODE_SYMBOLS, depth: depth,
            ascii: ascii)
        return (0..<Int32(rows)).map { y in
            (0..<Int32(columns)).map { x in
                let scalar = UnicodeScalar(chafa_canvas_get_char_at(canvas.pointer, x, y)) ?? " "
                var foreground: Int32 = 0
                var background: Int32 = 0
                // get_colors_at gives RGB in every mode; the raw colours are the palette indices an
                // indexed terminal needs (negative: none, drawn as black).
                if depth == .truecolor {
                    chafa_canvas_get_colors_at(canvas.pointer, x, y, &foreground, &background)
                } else {
                    chafa_canvas_get_raw_colors_at(canvas.pointer, x, y, &foreground, &background)
                }
                return Cell(
                    character: Character(scalar), foreground: UInt32(bitPattern: max(foreground, 0)),
                    background: UInt32(bitPattern: max(background, 0)))
            }
        }
    }

    /// Sixel bytes for `frame` over `columns` × `rows` cells of `cell` pixels. The pixel height is rounded
    /// up to whole six-pixel bands (chafa would round down and leave old rows showing below the picture);
    /// the source gets matching transparent rows, so nothing stretches and the text below stays.
    public static func sixel(_ frame: RGBFrame, columns: Int, rows: Int, cell: PixelSize) -> [UInt8] {
        let height = rows * cell.height
        let banded = (height + 5) / 6 * 6
        let extra = Int((Double(banded - height) / Double(height) * Double(frame.height)).rounded())
        let padded =
            extra == 0
            ? frame
            : RGBFrame(
                width: frame.width, height: frame.height + extra,
                pixels: frame.pixels + [UInt8](repeating: 0, count: frame.width * 3 * extra))
        return sixel(
            banded: padded, columns: columns,
            pixelSize: PixelSize(width: columns * cell.width, height: banded), opaqueRows: frame.height)
    }

    /// Sixel bytes for `frame` drawn at `pixelSize`, whose height is a whole number of six-pixel bands;
    /// rows from `opaqueRows` down are left transparent.
    static func sixel(banded frame: RGBFrame, columns: Int, pixelSize: PixelSize, opaqueRows: Int? = nil)
        -> [UInt8]
    {
        // One tall "row" of the banded height: chafa's pixel canvas is then exactly a whole number of bands.
        let canvas = Canvas(
            frame, columns: columns, rows: 1, pixelMode: CHAFA_PIXEL_MODE_SIXELS, depth: .truecolor,
            cell: PixelSize(width: pixelSize.width / max(columns, 1), height: pixelSize.height),
            opaqueRows: opaqueRows)
        return canvas.printed()
    }

    /// Kitty graphics protocol bytes that store `frame` as image `id` and show it at the cursor over
    /// `columns` × `rows` cells.
    public static func kitty(_ frame: RGBFrame, columns: Int, rows: Int, id: UInt32 = 1) -> [UInt8] {
        KittyGraphics.transmit(frame, id: id) + KittyGraphics.place(id: id, columns: columns, rows: rows)
    }

    /// The picture as lines of text with colour escapes (`ascii`: plain ASCII characters, no colour).
    public static func text(_ frame: RGBFrame, columns: Int, rows: Int, depth: ColorDepth, ascii: Bool)
        -> [UInt8]
    {
        Canvas(
            frame, columns: columns, rows: rows, pixelMode: CHAFA_PIXEL_MODE_SYMBOLS, depth: depth,
            ascii: ascii
        )
        .printed()
    }
}

/// A chafa canvas holding one drawn frame; freed with the value.
private final class Canvas {
    let pointer: OpaquePointer

    init(
        _ frame: RGBFrame, columns: Int, rows: Int, pixelMode: ChafaPixelMode,
        depth: PictureRenderer.ColorDepth,
        ascii: Bool = false, cell: PixelSize = PixelSize(width: 10, height: 20), opaqueRows: Int? = nil
    ) {
        let config = chafa_canvas_config_new()
        defer { chafa_canvas_config_unref(config) }
        chafa_canvas_config_set_geometry(config, Int32(max(columns, 1)), Int32(max(rows, 1)))
        chafa_canvas_config_set_cell_geometry(config, Int32(cell.width), Int32(cell.height))
        chafa_canvas_config_set_pixel_mode(config, pixelMode)
        let mode: ChafaCanvasMode =
            switch depth {
            case .truecolor: CHAFA_CANVAS_MODE_TRUECOLOR
            case .indexed256: CHAFA_CANVAS_MODE_INDEXED_256
            case .indexed16: CHAFA_CANVAS_MODE_INDEXED_16
            }
        chafa_canvas_config_set_canvas_mode(config, ascii ? CHAFA_CANVAS_MODE_FGBG : mode)
        let symbols = chafa_symbol_map_new()
        defer { chafa_symbol_map_unref(symbols) }
        chafa_symbol_map_add_by_tags(symbols, ascii ? CHAFA_SYMBOL_TAG_ASCII : kinora_chafa_block_tags())
        chafa_canvas_config_set_symbol_map(config, symbols)
        pointer = chafa_canvas_new(config)
        guard let opaqueRows, opaqueRows < frame.height else {
            frame.pixels.withUnsafeBufferPointer { pixels in
                chafa_canvas_draw_all_pixels(
                    pointer, CHAFA_PIXEL_RGB8, pixels.baseAddress, Int32(frame.width), Int32(frame.height),
                    Int32(frame.width * 3))
            }
            return
        }
        // Rows from `opaqueRows` down are left undrawn: a sixel's padding band then shows what was there.
        var rgba = [UInt8](repeating: 0, count: frame.width * frame.height * 4)
        for index in 0..<(frame.width * max(opaqueRows, 0)) {
            rgba[index * 4] = frame.pixels[index * 3]
            rgba[index * 4 + 1] = frame.pixels[index * 3 + 1]
            rgba[index * 4 + 2] = frame.pixels[index * 3 + 2]
            rgba[index * 4 + 3] = 255
        }
        rgba.withUnsafeBufferPointer { pixels in
            chafa_canvas_draw_all_pixels(
                pointer, CHAFA_PIXEL_RGBA8_UNASSOCIATED, pixels.baseAddress, Int32(frame.width),
                Int32(frame.height), Int32(frame.width * 4))
        }
    }

    deinit { chafa_canvas_unref(pointer) }

    /// The canvas as terminal bytes, with the escape sequences of a generic xterm-like terminal.
    func printed() -> [UInt8] {
        let info = chafa_term_db_get_fallback_info(chafa_term_db_get_default())
        defer { chafa_term_info_unref(info) }
        guard let printed = chafa_canvas_print(pointer, info) else { return [] }
        defer { kinora_gstring_free(printed) }
        guard let start = printed.pointee.str else { return [] }
        return Array(UnsafeRawBufferPointer(start: start, count: Int(printed.pointee.len)))
    }
}
