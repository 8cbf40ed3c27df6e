import Foundation
import KinoraThemes

/// The bundled themes' folder, found through the resource bundle next to the executable.
enum BundledThemesFolder {
    static var url: URL? { BundledThemes.folder }
}
