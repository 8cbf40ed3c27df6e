import Foundation
import KinoraGenerate
import KinoraMedia
import KinoraStudio
import TermGrid

/// How the studio should look and draw, decided before it takes the terminal.
public struct StudioOptions: Sendable {
    /// The theme's name (`--theme`), or nil for the configured one.
    public var theme: String?
    /// How pictures are drawn in the preview pane.
    public var pictures: PictureMode
    /// The terminal's cell size in pixels (for sixel and kitty pictures).
    public var cell: PixelSize
    /// Whether output goes through tmux (pixel pictures then need wrapping).
    public var insideTmux: Bool

    /// How pictures are drawn.
    public enum PictureMode: Sendable, Equatable {
        /// Coloured block cells everywhere.
        case cells
        /// Sixel pictures in the preview pane.
        case sixel
        /// Kitty pictures in the preview pane.
        case kitty
    }

    /// Options for a studio.
    public init(theme: String?, pictures: PictureMode, cell: PixelSize, insideTmux: Bool) {
        self.theme = theme
        self.pictures = pictures
        self.cell = cell
        self.insideTmux = insideTmux
    }
}
