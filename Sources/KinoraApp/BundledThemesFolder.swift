import Foundation
import KinoraThemes

/// The bundled themes' folder, found through the resource bundle next to the executable.
enum BundledThemesFolder {
    /// The folder, or nil when the resource bundle is missing.
    static var url: URL? { BundledThemes.folder }
}
