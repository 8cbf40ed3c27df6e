import KinoraMedia

/// Plays a picture with the kitty graphics protocol: each frame is transmitted once under its own
/// id and placed; a frame shown again (the next loop of an animatic) is only placed, a few bytes.
///
/// The new frame is placed before the old one is removed, so nothing flickers; the terminal's copies
/// are freed when playback ends (all but the last frame), or oldest first past `storedPictures`.
public struct KittyPresenter: PicturePresenter {
    /// The picture's size in cells.
    public let columns: Int
    /// The picture's size in cells.
    public let rows: Int
    /// Where the picture is.
    public let origin: PictureOrigin
    /// Wrap each sequence for tmux passthrough.
    public let throughTmux: Bool
    /// Most frames kept in the terminal's memory at once (kitty's own quota is a few hundred MB).
    public let storedPictures: Int
    private var ids: [String: UInt32] = [:]
    private var transmitted: [UInt32] = []
    private var shown: UInt32?
    private var nextID: UInt32

    /// A presenter for a `columns` × `rows` picture at `origin`; ids start at `firstID` (pick one other
    /// pictures on the screen do not use).
    public init(
        columns: Int, rows: Int, origin: PictureOrigin, throughTmux: Bool = false, storedPictures: Int = 240,
        firstID: UInt32 = 0x4B49_0000
    ) {
        self.columns = max(columns, 1)
        self.rows = max(rows, 1)
        self.origin = origin
        self.throughTmux = throughTmux
        self.storedPictures = max(storedPictures, 2)
        nextID = firstID
    }

    /// Places `frame`, transmitting it first unless the terminal already holds it.
    public mutating func present(_ frame: RGBFrame, key: String) -> [UInt8] {
        var commands: [UInt8] = []
        let id: UInt32
        if let known = ids[key] {
            id = known
        } else {
            id = nextID
            nextID &+= 1
            ids[key] = id
            transmitted.append(id)
            commands += KittyGraphics.transmit(frame, id: id)
            if transmitted.count > storedPictures {
                let oldest = transmitted.removeFirst()
                ids = ids.filter { $0.value != oldest }
                commands += KittyGraphics.delete(id: oldest, freeData: true)
                if shown == oldest { shown = nil }
            }
        }
        commands += KittyGraphics.place(id: id, columns: columns, rows: rows)
        if let shown, shown != id { commands += KittyGraphics.delete(id: shown, freeData: false) }
        shown = id
        return origin.move(row: 0, column: 0) + wrapped(commands)
    }

    /// Frees every picture this presenter stored in the terminal except the one on the screen, which
    /// stays as the last frame.
    public mutating func finish() -> [UInt8] {
        let commands = transmitted.filter { $0 != shown }.flatMap {
            KittyGraphics.delete(id: $0, freeData: true)
        }
        ids = ids.filter { $0.value == shown }
        transmitted = shown.map { [$0] } ?? []
        return wrapped(commands)
    }

    private func wrapped(_ bytes: [UInt8]) -> [UInt8] {
        throughTmux && !bytes.isEmpty ? TmuxPassthrough.wrap(bytes) : bytes
    }
}
