import ArgumentParser
import Foundation
import KinoraApp
import KinoraCore
import KinoraMedia
import KinoraPreview

/// `kinora DIR` or `kinora open DIR`: opens the studio on a storyboard. Without a terminal (a pipe, a
/// script) it prints the storyboard instead.
struct OpenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open the studio on a storyboard.",
        discussion: """
            Press ? in the studio for every key. Themes: --theme, or theme = "NAME" in \
            ~/.config/kinora/studio.toml; keys: ~/.config/kinora/keys.toml. Without a terminal on stdin and \
            stdout the storyboard is printed instead.
            """)

    @OptionGroup var project: ProjectFolder

    @Option(help: "The colour theme: dark, light, high-contrast, or one of yours.")
    var theme: String?

    @Option(help: "Pictures in the preview: auto, kitty, sixel or blocks (default: detected).")
    var graphics: String?

    func validate() throws {
        if let graphics, !["auto", "kitty", "sixel", "blocks", "ascii"].contains(graphics.lowercased()) {
            throw ValidationError("--graphics is auto, kitty, sixel or blocks.")
        }
    }

    func run() async throws {
        // A wrong theme or keys file is a mistake to report even when there is no terminal to draw on.
        _ = try StudioApp.settings(theme: theme)
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            let store = try project.openForReading()
            StoryboardTable.print(store.project, width: Output.columns)
            return
        }
        let folder = project.url
        let insideTmux = ProcessInfo.processInfo.environment["TMUX"] != nil
        // Ask the terminal what it can draw before curses takes it.
        let session = TerminalSession(readKeys: false)
        let capabilities = TerminalDetection.capabilities(
            replies: session?.probe(insideTmux: insideTmux), graphics: graphics)
        session?.end()
        let pictures: StudioOptions.PictureMode =
            switch capabilities.graphics {
            case .sixel: .sixel
            case .kitty: .kitty
            case .blocks, .ascii: .cells
            }
        try await StudioApp.run(
            folder: folder,
            options: StudioOptions(
                theme: theme, pictures: pictures, cell: capabilities.cell, insideTmux: capabilities.insideTmux
            ))
    }
}
