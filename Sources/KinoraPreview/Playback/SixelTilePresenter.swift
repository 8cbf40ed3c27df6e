import KinoraMedia

/// Plays a picture as sixel, re-sending only the tiles that changed: a sixel picture can be drawn at
/// any cell, so a still background is sent once and a moving actor costs only its tiles.
///
/// Changes are measured against what is on the screen (not the previous frame), so a slow fade is
/// still sent once it adds up to a visible difference.
public struct SixelTilePresenter: PicturePresenter {
    /// The picture's size in cells.
    public let columns: Int
    /// The picture's size in cells.
    public let rows: Int
    /// One cell in pixels.
    public let cell: PixelSize
    /// Where the picture is.
    public let origin: PictureOrigin
    /// Wrap each picture for tmux passthrough.
    public let throughTmux: Bool
    /// Tile size in cells; the tile's pixel height is a whole number of six-pixel bands when the
    /// cell height allows, so tiles never overlap.
    public let tileColumns: Int
    /// Tile size in cells.
    public let tileRows: Int
    private let cache: PictureCache<[UInt8]>?
    private var onScreen: RGBFrame?

    /// A presenter for a `columns` × `rows` picture of `cell`-sized cells at `origin`.
    public init(
        columns: Int, rows: Int, cell: PixelSize, origin: PictureOrigin, throughTmux: Bool = false,
        cache: PictureCache<[UInt8]>? = nil
    ) {
        self.columns = max(columns, 1)
        self.rows = max(rows, 1)
        self.cell = cell
        self.origin = origin
        self.throughTmux = throughTmux
        self.cache = cache
        tileColumns = 8
        tileRows = 6 / Self.greatestCommonDivisor(max(cell.height, 1), 6)
    }

    /// The pixel size frames must have.
    public var pixelSize: PixelSize { PixelSize(width: columns * cell.width, height: rows * cell.height) }

    /// Past this share of changed tiles one whole picture is smaller than the tiles with their palettes.
    private static let wholePictureShare = 0.5

    /// The changed tiles of `frame` (or the whole picture when most changed).
    public mutating func present(_ frame: RGBFrame, key: String) -> [UInt8] {
        guard frame.size == pixelSize, let shown = onScreen else {
            return whole(frame, key: key)
        }
        let tiles = tileRects()
        let changed = tiles.filter { Self.differs(frame, shown, in: $0) }
        if Double(changed.count) > Double(tiles.count) * Self.wholePictureShare {
            return whole(frame, key: key)
        }
        var out: [UInt8] = []
        var updated = shown
        for tile in changed {
            let banded = (tile.height + 5) / 6 * 6
            let bytes = encoded(key: "\(key)|sixel-tile|\(tile)|\(cell)") {
                // Rows past a tile's bottom to fill its last band come from the tile below (or black
                // transparent past the picture), so no stripe of stale pixels is drawn over a neighbour.
                let region = frame.region(x: tile.x, y: tile.y, width: tile.width, height: banded)
                return PictureRenderer.sixel(
                    banded: region, columns: tile.width / cell.width,
                    pixelSize: PixelSize(width: tile.width, height: banded),
                    opaqueRows: frame.height - tile.y)
            }
            out += origin.move(row: tile.y / cell.height, column: tile.x / cell.width) + bytes
            updated.copy(
                frame, x: tile.x, y: tile.y, width: tile.width, height: min(banded, frame.height - tile.y))
        }
        onScreen = updated
        return out
    }

    /// Nothing to free: the sixel pixels stay as the last frame.
    public mutating func finish() -> [UInt8] { [] }

    private mutating func whole(_ frame: RGBFrame, key: String) -> [UInt8] {
        let bytes = encoded(key: "\(key)|sixel|\(columns)x\(rows)|\(cell)") {
            PictureRenderer.sixel(frame, columns: columns, rows: rows, cell: cell)
        }
        onScreen = frame.size == pixelSize ? frame : nil
        return origin.move(row: 0, column: 0) + bytes
    }

    private func encoded(key: String, _ make: () -> [UInt8]) -> [UInt8] {
        let wrap = { [throughTmux] (bytes: [UInt8]) in throughTmux ? TmuxPassthrough.wrap(bytes) : bytes }
        return cache?.value(for: key) { wrap(make()) } ?? wrap(make())
    }

    /// The tiles in pixels, left to right, top to bottom.
    func tileRects() -> [TileRect] {
        let width = tileColumns * cell.width
        let height = tileRows * cell.height
        return stride(from: 0, to: pixelSize.height, by: height).flatMap { y in
            stride(from: 0, to: pixelSize.width, by: width).map { x in
                TileRect(
                    x: x, y: y, width: min(width, pixelSize.width - x),
                    height: min(height, pixelSize.height - y))
            }
        }
    }

    /// Whether `tile` looks different: any pixel moved by more than 64 levels in some channel (an edge
    /// of something that moved, however small), or more than 1 in 200 of its pixels by more than 16
    /// (a change in light). Codec noise and grain stay below both.
    static func differs(_ a: RGBFrame, _ b: RGBFrame, in tile: TileRect) -> Bool {
        let allowed = tile.width * tile.height / 200
        var count = 0
        return a.pixels.withUnsafeBufferPointer { left in
            b.pixels.withUnsafeBufferPointer { right in
                for y in tile.y..<(tile.y + tile.height) {
                    var offset = (y * a.width + tile.x) * 3
                    for _ in 0..<tile.width {
                        let red = abs(Int(left[offset]) - Int(right[offset]))
                        let green = abs(Int(left[offset + 1]) - Int(right[offset + 1]))
                        let blue = abs(Int(left[offset + 2]) - Int(right[offset + 2]))
                        let difference = max(red, green, blue)
                        if difference > 16 {
                            count += 1
                            if count > allowed || difference > 64 { return true }
                        }
                        offset += 3
                    }
                }
                return false
            }
        }
    }

    private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        b == 0 ? a : greatestCommonDivisor(b, a % b)
    }
}

/// A tile of a picture, in pixels.
struct TileRect: Equatable, CustomStringConvertible {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    var description: String { "\(x),\(y),\(width)x\(height)" }
}

extension RGBFrame {
    /// The `width` × `height` pixels from (`x`, `y`); parts outside the frame are black.
    func region(x: Int, y: Int, width: Int, height: Int) -> RGBFrame {
        var out = RGBFrame(width: width, height: height)
        let rows = max(0, min(height, self.height - y))
        let columns = max(0, min(width, self.width - x))
        guard columns > 0 else { return out }
        for row in 0..<rows {
            let from = ((y + row) * self.width + x) * 3
            let to = row * width * 3
            out.pixels.replaceSubrange(to..<(to + columns * 3), with: pixels[from..<(from + columns * 3)])
        }
        return out
    }

    /// Copies the `width` × `height` pixels at (`x`, `y`) of `other` (the same size) into this frame.
    mutating func copy(_ other: RGBFrame, x: Int, y: Int, width: Int, height: Int) {
        for row in y..<(y + height) {
            let start = (row * self.width + x) * 3
            pixels.replaceSubrange(
                start..<(start + width * 3), with: other.pixels[start..<(start + width * 3)])
        }
    }
}
