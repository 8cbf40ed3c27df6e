import CursesTerminal
import Foundation
import KinoraApp
import TermGrid

/// A terminal that records what the runtime draws into a grid, the way a screen would show it, and
/// the pixel pictures written after each frame. Keys come from ``StudioRuntime/press(_:repaintAll:)``.
final class RecordingTerminal: StudioTerminal {
    /// What the screen shows now.
    private(set) var screen: Grid
    /// Every picture written, oldest first.
    private(set) var pictures: [PictureWrite] = []
    /// How many frames were presented.
    private(set) var frames = 0
    private var descriptors: [Int32] = [-1, -1]

    /// A screen of `rows` × `columns` cells.
    init(rows: Int = 30, columns: Int = 100) {
        screen = Grid(width: columns, height: rows)
        descriptors.withUnsafeMutableBufferPointer { _ = pipe($0.baseAddress) }
    }

    deinit {
        close(descriptors[0])
        close(descriptors[1])
    }

    var rows: Int { screen.height }
    var columns: Int { screen.width }
    var inputDescriptor: Int32 { descriptors[0] }

    func draw(_ runs: [CellRun]) {
        for run in runs {
            for (offset, cell) in run.cells.enumerated() where run.column + offset < screen.width {
                screen[run.row, run.column + offset] = cell
            }
        }
    }

    func present(cursor: (row: Int, column: Int)?, pictures: [PictureWrite]) {
        frames += 1
        self.pictures += pictures
    }

    func readKey() -> Key? { nil }
    func takeResize() -> Bool { false }
    func invalidate() {}
    func suspend() {}
    func stop() {}

    /// The screen as text, one line a row.
    var text: String { screen.plainText }
}
