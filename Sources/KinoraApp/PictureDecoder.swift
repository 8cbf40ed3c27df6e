import Foundation
import KinoraCore
import KinoraMedia
import KinoraPreview
import KinoraStudio
import TermGrid

/// Turns a file into what the studio draws: a take's frames (or one frame, for a card) as coloured
/// block cells, and, for sixel and kitty terminals, the same frames kept as pixels. Blocking; called
/// from the picture handler's decoding executor.
final class PictureDecoder: @unchecked Sendable {
    /// The colours cell pictures are drawn in.
    private let depth: PictureRenderer.ColorDepth
    /// The terminal's cell in pixels when pixel pictures are kept; nil when only cells are drawn.
    private let cell: PixelSize?
    // Guarded by `lock`: decoded pixel frames by file and size; only the latest few are kept.
    private let lock = NSLock()
    private var pixelFrames: [String: [RGBFrame]] = [:]
    private var pixelOrder: [String] = []

    /// The longest a preview strip gets at 24 fps (longer takes are sampled more sparsely).
    static let maxFrames = 240

    /// A decoder drawing cells in `depth`, keeping pixels at `cell` size when given.
    init(depth: PictureRenderer.ColorDepth, cell: PixelSize?) {
        self.depth = depth
        self.cell = cell
    }

    /// The frames of `url` for `key`, as cells (and as pixels, kept for ``pixelFrame(path:columns:rows:index:)``).
    func decode(_ key: PictureKey, url: URL) throws -> FrameStrip {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MediaError.fileMissing(path: url.path)
        }
        let info = try MediaProbe.probe(url)
        // Cells are drawn from 4x8 pixels each: enough for chafa's half and quadrant blocks.
        let small = PixelSize(width: key.columns * 4, height: key.rows * 8)
        if info.isStillImage || !key.allFrames {
            let middle = info.isStillImage ? 0 : (info.duration ?? 0) / 2
            let frame =
                info.isStillImage
                ? try FrameDecoder.decodeImage(url: url, size: small, fit: .fit, info: info)
                : try FrameDecoder.grabFrame(url: url, at: middle, size: small, fit: .fit, info: info)
            if key.allFrames, let cell {
                let size = PixelSize(width: key.columns * cell.width, height: key.rows * cell.height)
                keepPixels(
                    [try FrameDecoder.decodeImage(url: url, size: size, fit: .fit, info: info)], key: key)
            }
            let aspect = info.video.map { $0.displayWidth / max(1, $0.displayHeight) }
            return FrameStrip(fps: 1, frames: [cells(frame, key)], aspect: aspect)
        }
        let fileFPS = info.video.map { $0.fps > 0 ? $0.fps : 24 } ?? 24
        // Pixel frames are large: at most 72 of them (6 s at 12 a second; longer takes more sparsely).
        let fps = cell == nil ? min(fileFPS, 24) : min(fileFPS, 12, 72 / max(0.5, info.duration ?? 6))
        var frames: [CellPicture] = []
        let reader = try FrameReader(
            url: url, size: small, fps: fps, fit: .fit, maxFrames: Self.maxFrames, info: info)
        defer { reader.close() }
        while let frame = try reader.next() { frames.append(cells(frame, key)) }
        if let cell {
            let size = PixelSize(width: key.columns * cell.width, height: key.rows * cell.height)
            let big = try FrameReader(
                url: url, size: size, fps: fps, fit: .fit, maxFrames: Self.maxFrames, info: info)
            defer { big.close() }
            var pixels: [RGBFrame] = []
            while let frame = try big.next() { pixels.append(frame) }
            keepPixels(pixels, key: key)
        }
        return FrameStrip(fps: fps, frames: frames)
    }

    private static func name(path: String, columns: Int, rows: Int) -> String { "\(columns)x\(rows) \(path)" }

    private func keepPixels(_ frames: [RGBFrame], key: PictureKey) {
        let name = Self.name(path: key.path, columns: key.columns, rows: key.rows)
        lock.withLock {
            pixelFrames[name] = frames
            pixelOrder.removeAll { $0 == name }
            pixelOrder.append(name)
            // A few strips at most: pixel frames are large.
            while pixelOrder.count > 2 { pixelFrames[pixelOrder.removeFirst()] = nil }
        }
    }

    /// A decoded pixel frame, when it was kept.
    func pixelFrame(path: String, columns: Int, rows: Int, index: Int) -> RGBFrame? {
        lock.withLock {
            guard let frames = pixelFrames[Self.name(path: path, columns: columns, rows: rows)],
                !frames.isEmpty
            else { return nil }
            return frames[min(max(0, index), frames.count - 1)]
        }
    }

    /// A frame as block cells, coloured for the terminal's palette.
    private func cells(_ frame: RGBFrame, _ key: PictureKey) -> CellPicture {
        let rows = PictureRenderer.cells(frame, columns: key.columns, rows: key.rows, depth: depth)
        var cells: [Cell] = []
        cells.reserveCapacity(key.columns * key.rows)
        for row in rows {
            for cell in row {
                let style = CellStyle(foreground: color(cell.foreground), background: color(cell.background))
                cells.append(Cell(String(cell.character), style: style))
            }
        }
        return CellPicture(columns: key.columns, rows: key.rows, cells: cells)
    }

    /// A chafa colour as a cell colour: 0xRRGGBB in true colour, a palette index otherwise.
    private func color(_ value: UInt32) -> TerminalColor {
        switch depth {
        case .truecolor: .rgb(UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
        case .indexed256: value < 16 ? .ansi(UInt8(value)) : .indexed(UInt8(value & 0xFF))
        case .indexed16: .ansi(UInt8(value & 0x0F))
        }
    }
}
