import CursesTerminal
import Foundation
import KinoraCore
import KinoraGenerate
import KinoraStudio
import TermGrid

/// Opens the studio on a project folder and runs it until the person quits.
public enum StudioApp {
    /// Everything that can fail (the storyboard, the theme, the keys file, the backends) is checked
    /// before the terminal is taken, so a mistake is a plain message on the shell, not a broken screen.
    public static func run(folder: URL, options: StudioOptions) throws {
        let store = try ProjectStore(opening: folder)
        // Takes a killed run left queued or running will not finish: say so in the storyboard.
        if store.project.shots.contains(where: { $0.takes.contains { [.queued, .running].contains($0.status) } }) {
            try store.update { TakePlanner.markInterrupted(&$0) }
        }
        let themeName = try options.theme ?? StudioSettings.configuredTheme() ?? "dark"
        let theme = try Theme.load(named: themeName, directories: StudioSettings.themeDirectories)
        let keymap = try StudioSettings.keymap()
        let project = store.project
        let work = try StudioWork(store: store, options: options)
        let screen = try CursesScreen()
        defer { screen.stop() }
        let studio = Studio(
            project: project, folderName: folder.lastPathComponent,
            size: ScreenSize(rows: screen.rows, columns: screen.columns), keymap: keymap,
            theme: theme.mapped(to: screen.colorDepth), pixelPictures: options.pictures != .cells,
            randomSeed: UInt64.random(in: 0...UInt64.max))
        let runtime = StudioRuntime(studio: studio, terminal: screen, work: work)
        runtime.run()
    }
}
