import CursesTerminal
import TermGrid

/// What the event loop needs from a terminal: curses in the studio, or a recording stand-in.
public protocol StudioTerminal: AnyObject {
    /// Rows on screen.
    var rows: Int { get }
    /// Columns on screen.
    var columns: Int { get }
    /// The descriptor keys arrive on, for poll().
    var inputDescriptor: Int32 { get }
    /// Puts changed cells into the next frame.
    func draw(_ runs: [CellRun])
    /// Flushes the frame, then the pictures, with the cursor shown at `cursor` or hidden.
    func present(cursor: (row: Int, column: Int)?, pictures: [PictureWrite])
    /// The next key waiting, if any.
    func readKey() -> Key?
    /// Whether the window changed size since the last call.
    func takeResize() -> Bool
    /// Forgets what is on screen, so the next frame repaints everything.
    func invalidate()
    /// Gives the terminal to the shell until resumed.
    func suspend()
    /// Gives the terminal back for good.
    func stop()
}

/// The curses screen is what the studio runs on.
extension CursesScreen: StudioTerminal {}
