import CursesTerminal
import Foundation
import KinoraCore
import KinoraMedia
import KinoraPreview
import KinoraStudio
import TermGrid

/// Pictures for the studio: frames decoded into coloured block cells for every pane (two files at a
/// time, newest request first), and, in sixel and kitty terminals, kept as pixels and encoded for the
/// preview pane. Decoding and encoding block (ffmpeg, chafa), so they run on executors of their own,
/// never on the event loop or the cooperative pool.
public final class PictureHandler: PictureHandling, @unchecked Sendable {
    private let folder: URL
    private let options: StudioOptions
    private let post: PostMessage
    private let work: WorkGroup
    private let decoder: PictureDecoder
    private let decoding = BlockingExecutor(label: "kinora.studio.decode", concurrent: true)
    private let encoding = BlockingExecutor(label: "kinora.studio.encode", concurrent: false)
    // Everything below is guarded by `lock`: the event loop asks for writes while tasks fill them in.
    private let lock = NSLock()
    /// Requests not started yet, newest last: the newest is decoded first (it is what is on screen
    /// now), and the oldest are dropped when a person scrolls faster than pictures decode.
    private var waiting: [PictureKey] = []
    /// Decodes running: two at a time keep the machine responsive and cards fill in quickly.
    private var decodesRunning = 0
    /// Pictures encoded, the newest last in `encodedOrder`.
    private var encoded: [EncodedPicture: [UInt8]] = [:]
    private var encodedOrder: [EncodedPicture] = []
    /// Pictures being encoded.
    private var encodingNow: Set<EncodedPicture> = []
    /// Where pixel pictures were last drawn.
    private var lastRects: [Rect] = []

    /// The most requests kept waiting.
    static let waitingLimit = 24
    /// Encoded pictures kept: a second of playback; older frames are encoded again if they come back.
    static let encodedLimit = 24

    /// A handler for the project in `folder`, drawing cells in `depth`, its work started in `work`.
    init(
        folder: URL, options: StudioOptions, depth: PictureRenderer.ColorDepth, post: @escaping PostMessage,
        work: WorkGroup
    ) {
        self.folder = folder
        self.options = options
        self.post = post
        self.work = work
        self.decoder = PictureDecoder(depth: depth, cell: options.pictures != .cells ? options.cell : nil)
    }

    /// Queues `key` for decoding; starts a decoder when fewer than two run.
    public func load(_ key: PictureKey) {
        let (dropped, start) = lock.withLock { () -> ([PictureKey], Bool) in
            waiting.append(key)
            let dropped = Array(waiting.prefix(max(0, waiting.count - Self.waitingLimit)))
            waiting.removeFirst(dropped.count)
            guard decodesRunning < 2 else { return (dropped, false) }
            decodesRunning += 1
            return (dropped, true)
        }
        for key in dropped { post(.pictureDropped(key)) }
        if start {
            work.start { [self] in
                await withTaskExecutorPreference(decoding) { decodeWaiting() }
            }
        }
    }

    /// Decodes requests, newest first, until none are waiting or the studio is closing.
    private func decodeWaiting() {
        while let key = nextRequest() {
            if Task.isCancelled {
                post(.pictureDropped(key))
                continue
            }
            do {
                post(
                    .pictureLoaded(key, try decoder.decode(key, url: folder.appendingPathComponent(key.path)))
                )
            } catch {
                post(.pictureFailed(key, ErrorText.describe(error)))
            }
        }
    }

    private func nextRequest() -> PictureKey? {
        lock.withLock {
            guard let next = waiting.popLast() else {
                decodesRunning -= 1
                return nil
            }
            return next
        }
    }

    /// The sixel or kitty bytes for the pictures on screen that are encoded already; starts encoding
    /// the others.
    public func writes(for placements: [PicturePlacement]) -> PictureWrites {
        var result = PictureWrites(writes: [], missing: [], encoding: false)
        guard options.pictures != .cells else { return result }
        let rects = placements.map(\.rect)
        let moved = lock.withLock { () -> Bool in
            defer { lastRects = rects }
            return rects != lastRects
        }
        if options.pictures == .kitty && moved {
            // Pictures that moved or went away must not stay on screen.
            result.writes.append(
                PictureWrite(row: 0, column: 0, bytes: wrapped(Array("\u{1B}_Ga=d,q=2\u{1B}\\".utf8))))
        }
        for (index, placement) in placements.enumerated() {
            let key = EncodedPicture(placement: placement, slot: index)
            if let bytes = lock.withLock({ encoded[key] }) {
                result.writes.append(
                    PictureWrite(row: placement.rect.row, column: placement.rect.column, bytes: bytes))
                continue
            }
            guard
                let frame = decoder.pixelFrame(
                    path: placement.path, columns: placement.rect.width, rows: placement.rect.height,
                    index: placement.frame)
            else {
                result.missing.append(
                    PictureKey(
                        path: placement.path, columns: placement.rect.width, rows: placement.rect.height,
                        allFrames: true))
                continue
            }
            result.encoding = true
            encode(frame, as: key)
        }
        return result
    }

    /// Encodes `frame` for `key` (once at a time), keeps the last few results and tells the loop.
    private func encode(_ frame: RGBFrame, as key: EncodedPicture) {
        guard lock.withLock({ encodingNow.insert(key).inserted }) else { return }
        work.start { [self] in
            let bytes = await withTaskExecutorPreference(encoding) { wrapped(render(frame, key)) }
            lock.withLock {
                encodingNow.remove(key)
                encoded[key] = bytes
                encodedOrder.append(key)
                while encodedOrder.count > Self.encodedLimit { encoded[encodedOrder.removeFirst()] = nil }
            }
            post(.picturesReady)
        }
    }

    private func render(_ frame: RGBFrame, _ key: EncodedPicture) -> [UInt8] {
        let rect = key.placement.rect
        return switch options.pictures {
        case .sixel: PictureRenderer.sixel(frame, columns: rect.width, rows: rect.height, cell: options.cell)
        case .kitty:
            PictureRenderer.kitty(frame, columns: rect.width, rows: rect.height, id: UInt32(90 + key.slot))
        case .cells: []
        }
    }

    private func wrapped(_ bytes: [UInt8]) -> [UInt8] {
        options.insideTmux ? TmuxPassthrough.wrap(bytes) : bytes
    }
}

/// A picture as encoded for the terminal: which frame, where, and its slot (the kitty image id).
struct EncodedPicture: Hashable, Sendable {
    /// The frame and the cells it covers.
    var placement: PicturePlacement
    /// Its position among the pictures on screen.
    var slot: Int
}
