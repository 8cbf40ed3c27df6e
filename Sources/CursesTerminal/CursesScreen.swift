import CNCurses
import TermGrid

/// The ncurses backend of the studio's grid (placeholder API until it lands).
public final class CursesScreen {
    public init() throws {}
    public var rows: Int { 24 }
    public var columns: Int { 80 }
    public var colorDepth: ColorDepth { .indexed256 }
    public var inputDescriptor: Int32 { 0 }
    public func draw(_ runs: [CellRun]) {}
    public func present(cursor: (row: Int, column: Int)?, pictures: [PictureWrite]) {}
    public func readKey() -> Key? { nil }
    public func takeResize() -> Bool { false }
    public func invalidate() {}
    public func suspend() {}
    public func stop() {}
}
