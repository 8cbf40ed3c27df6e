import CursesTerminal
import Foundation
import KinoraCore
import KinoraStudio
import TermGrid

/// Opens the studio on a project folder and runs it until the person quits.
public enum StudioApp {
    /// Everything that can fail (the theme, the keys file, the storyboard and its lock, the backends)
    /// is checked before the terminal is taken, so a mistake is a plain message on the shell, not a
    /// broken screen.
    public static func run(folder: URL, options: StudioOptions) throws {
        let themeName = try options.theme ?? StudioSettings.configuredTheme() ?? "dark"
        let theme = try Theme.load(named: themeName, directories: StudioSettings.themeDirectories)
        let keymap = try StudioSettings.keymap()
        let store = try StudioRuntime.open(folder)
        let screen: CursesScreen
        do {
            screen = try CursesScreen()
        } catch {
            store.close()
            throw error
        }
        defer { screen.stop() }
        let runtime = try StudioRuntime(
            store: store, terminal: screen, options: options, theme: theme, keymap: keymap,
            colorDepth: screen.colorDepth)
        runtime.run()
    }
}
