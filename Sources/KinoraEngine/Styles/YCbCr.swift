/// Full-range BT.601 YCbCr (the JPEG convention) on `Float` planes: luma 0...255, chroma centred
/// on 0, the space where the filters that smooth or bleed colour keep luma and colour apart.
enum YCbCr {
    /// Luma weight of red.
    static let redWeight: Float = 0.299
    /// Luma weight of green.
    static let greenWeight: Float = 0.587
    /// Luma weight of blue.
    static let blueWeight: Float = 0.114

    /// A luma plane and its two chroma planes, all the same size.
    struct Planes {
        /// Luma, 0...255.
        let luma: Plane<Float>
        /// Blue-difference chroma, about -128...128.
        let cb: Plane<Float>
        /// Red-difference chroma, about -128...128.
        let cr: Plane<Float>

        /// Three zeroed planes of `width` × `height`.
        init(width: Int, height: Int) {
            luma = Plane(width: width, height: height, value: 0)
            cb = Plane(width: width, height: height, value: 0)
            cr = Plane(width: width, height: height, value: 0)
        }
    }

    /// Splits packed rgb24 `pixels` into all three planes of `planes`.
    static func split(_ pixels: UnsafeMutablePointer<UInt8>, into planes: Planes) {
        split(pixels, luma: planes.luma, cb: planes.cb, cr: planes.cr)
    }

    /// Splits packed rgb24 `pixels` into a luma plane and, when given, the two chroma planes.
    static func split(
        _ pixels: UnsafeMutablePointer<UInt8>, luma: Plane<Float>, cb: Plane<Float>? = nil,
        cr: Plane<Float>? = nil
    ) {
        let width = luma.width
        RowBands.run(rows: luma.height) { _, rows in
            for y in rows {
                let source = pixels + y * width * 3
                let lumaRow = luma.row(y)
                if let cb, let cr {
                    let cbRow = cb.row(y)
                    let crRow = cr.row(y)
                    // Wrapping index arithmetic: no overflow checks, so the loads can vectorise.
                    for x in 0..<width {
                        let red = Float(source[3 &* x])
                        let green = Float(source[3 &* x &+ 1])
                        let blue = Float(source[3 &* x &+ 2])
                        lumaRow[x] = redWeight * red + greenWeight * green + blueWeight * blue
                        cbRow[x] = -0.168_736 * red - 0.331_264 * green + 0.5 * blue
                        crRow[x] = 0.5 * red - 0.418_688 * green - 0.081_312 * blue
                    }
                } else {
                    for x in 0..<width {
                        lumaRow[x] =
                            redWeight * Float(source[3 &* x]) + greenWeight * Float(source[3 &* x &+ 1])
                            + blueWeight * Float(source[3 &* x &+ 2])
                    }
                }
            }
        }
    }

    /// The red, green and blue (unclamped, 0...255 scale) of one YCbCr value.
    @inline(__always)
    static func rgb(luma: Float, cb: Float, cr: Float) -> (red: Float, green: Float, blue: Float) {
        (luma + 1.402 * cr, luma - 0.344_136 * cb - 0.714_136 * cr, luma + 1.772 * cb)
    }
}
