import CCairo
import CImageDecode
import Foundation
import KinoraMedia

/// A PDF document drawn page by page with cairo, its text set by pango: real, searchable text in
/// fonts fontconfig finds (Chinese included) and pictures embedded as JPEG.
///
/// Pictures are held only until their page is shown, so a document of thousands of pages needs
/// the memory of one page. Not thread-safe: one document is drawn by one thread.
final class PDFCanvas {
    /// A rectangle in points, from the page's top-left corner.
    struct Box: Equatable {
        /// The left edge.
        var x: Double
        /// The top edge.
        var y: Double
        /// How wide.
        var width: Double
        /// How tall.
        var height: Double

        /// The bottom edge.
        var bottom: Double { y + height }
        /// The right edge.
        var right: Double { x + width }
    }

    /// How a line of text sits across its box.
    enum Alignment {
        /// From the left edge.
        case left
        /// Centred.
        case centre
        /// Against the right edge.
        case right
    }

    /// A font: pango's family list (fallbacks after commas), size in points and weight.
    struct Font {
        /// Families tried in order; fontconfig falls back further for scripts none of them has.
        static let families = "Noto Sans CJK SC, DejaVu Sans, sans-serif"
        /// Size in points.
        var size: Double
        /// Whether it is bold.
        var bold = false
    }

    /// The JPEG quality of embedded pictures: frames stay clean on paper at a tenth of their raw size.
    static let jpegQuality: Int32 = 85

    private let surface: OpaquePointer
    private let context: OpaquePointer
    /// The file cairo writes.
    let url: URL
    /// Pictures painted on the current page and their pixels, released when the page is shown.
    private var pagePictures: [(surface: OpaquePointer, pixels: UnsafeMutableRawPointer)] = []

    /// Starts a document of pages `width` x `height` points, written to `url` as it is drawn.
    ///
    /// - Throws: ``ExportError/badOutput(path:reason:)`` when cairo cannot create the file.
    init(url: URL, width: Double, height: Double) throws {
        guard let surface = cairo_pdf_surface_create(url.path, width, height) else {
            throw ExportError.badOutput(path: url.path, reason: "cairo could not start a PDF")
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw ExportError.badOutput(path: url.path, reason: Self.describe(status))
        }
        self.surface = surface
        self.context = context
        self.url = url
    }

    deinit {
        releasePictures()
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Sets the document's title and creator, which PDF readers show.
    func setMetadata(title: String) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Kinora")
    }

    /// Paints `box` in `colour`.
    func fill(_ box: Box, with colour: RGB) {
        setColour(colour)
        cairo_rectangle(context, box.x, box.y, box.width, box.height)
        cairo_fill(context)
    }

    /// Draws a line `width` points thick around `box`, inside it.
    func outline(_ box: Box, with colour: RGB, width: Double = 0.5) {
        setColour(colour)
        cairo_set_line_width(context, width)
        cairo_rectangle(
            context, box.x + width / 2, box.y + width / 2, box.width - width, box.height - width)
        cairo_stroke(context)
    }

    /// Draws a straight line from (`x1`, `y1`) to (`x2`, `y2`).
    func line(from start: (x: Double, y: Double), to end: (x: Double, y: Double), colour: RGB, width: Double)
    {
        setColour(colour)
        cairo_set_line_width(context, width)
        cairo_move_to(context, start.x, start.y)
        cairo_line_to(context, end.x, end.y)
        cairo_stroke(context)
    }

    /// Places `frame` stretched over `box`, embedded as a JPEG (the PDF holds one image per call).
    ///
    /// - Throws: ``ExportError/renderFailed(path:reason:)`` when the picture cannot be encoded.
    func picture(_ frame: RGBFrame, in box: Box) throws {
        guard frame.width > 0, frame.height > 0 else { return }
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32(frame.width)))
        let pixels = UnsafeMutableRawPointer.allocate(byteCount: stride * frame.height, alignment: 16)
        Self.convert(frame, into: pixels, stride: stride)
        // cairo never returns NULL here: a failure is an error surface, told by its status.
        guard
            let image = cairo_image_surface_create_for_data(
                pixels.assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_RGB24, Int32(frame.width),
                Int32(frame.height), Int32(stride)), cairo_surface_status(image) == CAIRO_STATUS_SUCCESS
        else {
            pixels.deallocate()
            throw ExportError.renderFailed(path: url.path, reason: "cairo could not hold a picture")
        }
        pagePictures.append((image, pixels))
        try attachJPEG(of: frame, to: image)
        cairo_save(context)
        cairo_rectangle(context, box.x, box.y, box.width, box.height)
        cairo_clip(context)
        cairo_translate(context, box.x, box.y)
        cairo_scale(context, box.width / Double(frame.width), box.height / Double(frame.height))
        cairo_set_source_surface(context, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(context), CAIRO_FILTER_GOOD)
        cairo_paint(context)
        cairo_restore(context)
    }

    /// Sets Pango `markup` in `box`: wrapped to its width and ellipsized on the last line that fits
    /// its height (or `maxLines`), clipped to it so it never runs into what is below. Returns the
    /// height the text took.
    @discardableResult
    func text(
        _ markup: String, font: Font, colour: RGB, in box: Box, maxLines: Int? = nil,
        alignment: Alignment = .left
    ) -> Double {
        guard box.width > 0, box.height > 0, !markup.isEmpty, let layout = pango_cairo_create_layout(context)
        else { return 0 }
        defer { kinora_pango_layout_free(layout) }
        let scale = Double(kinora_pango_scale())
        let description = pango_font_description_from_string(
            "\(Font.families) \(font.bold ? "Bold " : "")\(font.size)px")
        // "px" in a description is the size in device units, which cairo's PDF surface counts in points.
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        pango_layout_set_width(layout, Int32(box.width * scale))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
        switch alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .centre: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        var height = box.height
        if let maxLines {
            height = min(height, Double(maxLines) * lineHeight(font) + 0.5)
        }
        pango_layout_set_height(layout, Int32(height * scale))
        kinora_pango_layout_set_markup(layout, markup)
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let used = min(box.height, Double(logical.height) / scale)
        cairo_save(context)
        cairo_rectangle(context, box.x, box.y, box.width, box.height)
        cairo_clip(context)
        setColour(colour)
        cairo_move_to(context, box.x, box.y)
        pango_cairo_show_layout(context, layout)
        cairo_restore(context)
        return used
    }

    /// The distance from one line of `font` to the next, as pango sets it.
    func lineHeight(_ font: Font) -> Double { font.size * 1.45 }

    /// Ends the page: writes it to the file and releases its pictures.
    func endPage() throws {
        cairo_show_page(context)
        releasePictures()
        try check()
    }

    /// Finishes the document: cairo writes the last of the file and closes it.
    ///
    /// - Throws: ``ExportError/diskFull(path:shortage:)`` or ``ExportError/renderFailed(path:reason:)``
    ///   when cairo could not write it.
    func finish() throws {
        cairo_surface_finish(surface)
        try check()
    }

    /// Throws when cairo has failed (it stops drawing at its first error and remembers it).
    private func check() throws {
        var status = cairo_status(context)
        if status == CAIRO_STATUS_SUCCESS { status = cairo_surface_status(surface) }
        guard status != CAIRO_STATUS_SUCCESS else { return }
        if status == CAIRO_STATUS_WRITE_ERROR,
            let shortage = DiskShortage.diagnose(writing: url, need: .about(FinishedFile.size(of: url)))
        {
            throw ExportError.diskFull(path: url.path, shortage: shortage)
        }
        throw ExportError.renderFailed(path: url.path, reason: Self.describe(status))
    }

    /// cairo's words for `status`.
    private static func describe(_ status: cairo_status_t) -> String {
        guard let text = cairo_status_to_string(status) else { return "cairo failed" }
        return "cairo: " + String(cString: text)
    }

    /// Makes `colour` the one the next drawing uses.
    private func setColour(_ colour: RGB) {
        cairo_set_source_rgb(
            context, Double(colour.red) / 255, Double(colour.green) / 255, Double(colour.blue) / 255)
    }

    /// Gives `image` the frame's JPEG, which cairo embeds instead of compressing the pixels itself.
    private func attachJPEG(of frame: RGBFrame, to image: OpaquePointer) throws {
        var jpeg: UnsafeMutablePointer<UInt8>?
        var length = 0
        let encoded = frame.pixels.withUnsafeBufferPointer { rgb -> Bool in
            guard let base = rgb.baseAddress else { return false }
            return cid_encode_jpeg(
                base, UInt32(frame.width), UInt32(frame.height), Self.jpegQuality, &jpeg, &length) == 1
        }
        guard encoded, let jpeg else {
            throw ExportError.renderFailed(path: url.path, reason: "a picture could not be encoded as JPEG")
        }
        // cairo owns the JPEG from here and frees it with the picture.
        let status = cairo_surface_set_mime_data(
            image, CAIRO_MIME_TYPE_JPEG, jpeg, UInt(length),
            { cid_jpeg_free($0?.assumingMemoryBound(to: UInt8.self)) },
            jpeg)
        if status != CAIRO_STATUS_SUCCESS {
            cid_jpeg_free(jpeg)
            throw ExportError.renderFailed(path: url.path, reason: Self.describe(status))
        }
    }

    /// Releases the pictures of the page just shown.
    private func releasePictures() {
        for picture in pagePictures {
            cairo_surface_destroy(picture.surface)
            picture.pixels.deallocate()
        }
        pagePictures.removeAll()
    }

    /// Copies RGB pixels into cairo's RGB24 layout: one 32-bit word a pixel, 0x00RRGGBB in native order.
    private static func convert(_ frame: RGBFrame, into pixels: UnsafeMutableRawPointer, stride: Int) {
        frame.pixels.withUnsafeBufferPointer { rgb in
            for row in 0..<frame.height {
                let line = (pixels + row * stride).assumingMemoryBound(to: UInt32.self)
                var offset = row * frame.width * 3
                for column in 0..<frame.width {
                    line[column] =
                        UInt32(rgb[offset]) << 16 | UInt32(rgb[offset + 1]) << 8 | UInt32(rgb[offset + 2])
                    offset += 3
                }
            }
        }
    }
}
