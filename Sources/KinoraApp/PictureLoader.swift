import Foundation
import KinoraCore
import KinoraMedia
import KinoraPreview
import KinoraStudio
import TermGrid

/// Decodes pictures for the studio on background threads: a take's frames (or one frame for a card)
/// turned into coloured block cells, and, for sixel and kitty terminals, kept as pixels too.
final class PictureLoader: @unchecked Sendable {
    /// Requests not started yet, newest last: the newest is decoded first (it is what is on screen
    /// now), and the oldest are dropped when a person scrolls faster than pictures decode.
    private var waiting:
        [(key: PictureKey, url: URL, cell: PixelSize?, done: @Sendable (StudioMsg) -> Void)] = []
    /// Decodes running: two at a time keep the machine responsive and cards fill in quickly.
    private var running = 0
    /// The most requests kept waiting.
    static let waitingLimit = 24
    private let lock = NSLock()
    /// Decoded pixel frames for pixel pictures, by file and size; only the latest few are kept.
    private var pixelFrames: [String: [RGBFrame]] = [:]
    private var pixelOrder: [String] = []

    /// The colours cell pictures are drawn in.
    private let depth: PictureRenderer.ColorDepth

    /// A loader drawing cell pictures in `depth`.
    init(depth: PictureRenderer.ColorDepth) {
        self.depth = depth
    }

    /// The longest a preview strip gets at 24 fps (longer takes are sampled more sparsely).
    static let maxFrames = 240

    /// Loads `key` and hands the result to `done` (from a background thread).
    func load(
        _ key: PictureKey, folder: URL, pixels cell: PixelSize?, done: @escaping @Sendable (StudioMsg) -> Void
    ) {
        let url = folder.appendingPathComponent(key.path)
        let (dropped, start) = lock.withLock { () -> ([(PictureKey, @Sendable (StudioMsg) -> Void)], Bool) in
            waiting.append((key, url, cell, done))
            var dropped: [(PictureKey, @Sendable (StudioMsg) -> Void)] = []
            while waiting.count > Self.waitingLimit {
                let oldest = waiting.removeFirst()
                dropped.append((oldest.key, oldest.done))
            }
            guard running < 2 else { return (dropped, false) }
            running += 1
            return (dropped, true)
        }
        for (key, done) in dropped { done(.pictureDropped(key)) }
        if start {
            DispatchQueue.global(qos: .userInitiated).async { [self] in work() }
        }
    }

    /// Decodes requests, newest first, until none are waiting.
    private func work() {
        while true {
            let next = lock.withLock {
                () -> (key: PictureKey, url: URL, cell: PixelSize?, done: @Sendable (StudioMsg) -> Void)? in
                guard let next = waiting.popLast() else {
                    running -= 1
                    return nil
                }
                return next
            }
            guard let next else { return }
            do {
                next.done(.pictureLoaded(next.key, try decode(next.key, url: next.url, cell: next.cell)))
            } catch {
                let reason = StudioWork.describe(error)
                next.done(.pictureFailed(next.key, reason))
            }
        }
    }

    private func decode(_ key: PictureKey, url: URL, cell: PixelSize?) throws -> FrameStrip {
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
                keepPixels(
                    [try pixelFrame(url: url, info: info, key: key, cell: cell, still: true)].compactMap {
                        $0
                    }, key: key)
            }
            return FrameStrip(fps: 1, frames: [cells(frame, key)])
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

    private func pixelFrame(url: URL, info: MediaInfo, key: PictureKey, cell: PixelSize, still: Bool) throws
        -> RGBFrame?
    {
        let size = PixelSize(width: key.columns * cell.width, height: key.rows * cell.height)
        return try FrameDecoder.decodeImage(url: url, size: size, fit: .fit, info: info)
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
            else {
                return nil
            }
            return frames[min(max(0, index), frames.count - 1)]
        }
    }

    /// A frame as block cells with 24-bit colours (the terminal backend maps them to what it has).
    private func cells(_ frame: RGBFrame, _ key: PictureKey) -> CellPicture {
        let rows = PictureRenderer.cells(frame, columns: key.columns, rows: key.rows, depth: depth)
        var cells: [Cell] = []
        cells.reserveCapacity(key.columns * key.rows)
        for row in rows {
            for cell in row {
                let style = CellStyle(
                    foreground: color(cell.foreground), background: color(cell.background))
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
