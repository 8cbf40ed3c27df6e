import CursesTerminal
import Foundation
import KinoraCore
import KinoraGenerate
import KinoraStudio
import TermGrid

/// Opens the studio on a project folder and runs it until the person quits.
public enum StudioApp {
    /// Everything that can fail (the theme, the keys file, the storyboard and its lock, the backends)
    /// is checked before the terminal is taken, so a mistake is a plain message on the shell, not a
    /// broken screen.
    @MainActor
    public static func run(folder: URL, options: StudioOptions) async throws {
        let (theme, keymap) = try settings(theme: options.theme)
        let store = try StudioRuntime.open(folder)
        do {
            _ = try BackendRegistry.configured(projectFolder: folder)
        } catch {
            store.close()
            throw error
        }
        let screen: CursesScreen
        do {
            screen = try CursesScreen()
        } catch {
            store.close()
            throw error
        }
        defer { screen.stop() }
        let runtime = try await StudioRuntime(
            store: store, terminal: screen, options: options, theme: theme, keymap: keymap,
            colorDepth: screen.colorDepth)
        await runtime.run()
    }

    /// The theme (`name`, else the configured one, else dark) and the keymap with the user's keys;
    /// throws a message naming the file or theme when either is wrong.
    public static func settings(theme name: String?) throws -> (Theme, Keymap) {
        let themeName = try name ?? StudioSettings.configuredTheme() ?? "dark"
        let theme = try Theme.load(named: themeName, directories: StudioSettings.themeDirectories)
        return (theme, try StudioSettings.keymap())
    }
}
