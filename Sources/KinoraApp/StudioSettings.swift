import Foundation
import KinoraCore
import KinoraStudio
import TermGrid

/// The user's studio settings: `~/.config/kinora/studio.toml` (`theme = "light"`), and where the
/// themes and `~/.config/kinora/keys.toml` (key overrides) are found.
///
/// `studio.toml` is TOML, read by ``TermGrid/TOMLDocument`` like the themes and the keys file. Its
/// settings go at the top of the file; so far there is one, `theme`. A key Kinora does not know
/// there is refused, naming it and the known ones, so a typo such as `them = "light"` is not
/// silently ignored. `[tables]` are left alone: they may hold settings for other tools or for a
/// later Kinora.
struct StudioSettings: Equatable, Sendable {
    /// The settings `studio.toml` may give at its top, each with an example.
    static let knownKeys: [(name: String, example: String)] = [
        ("theme", "theme = \"NAME\" (dark, light, high-contrast or a theme of yours)")
    ]

    /// The theme to open with when `--theme` is not given; nil for the default.
    var theme: String?

    /// Settings with the given values.
    init(theme: String? = nil) {
        self.theme = theme
    }

    /// Reads the text of `studio.toml`; `file` is named in errors.
    ///
    /// - Throws: ``TermGrid/TOMLFileError`` when the text is not TOML (showing `theme = light` as
    ///   `theme = "light"`), `theme` is not a name in quotes, or a top-level key is not a setting.
    init(text: String, file: String) throws(TOMLFileError) {
        let document = try TOMLDocument(text: text, file: file)
        let known = Self.knownKeys.map(\.example).joined(separator: "; ")
        for (key, value) in document.root.sorted(by: { $0.key < $1.key }) {
            switch (key, value) {
            case ("theme", .string(let name)):
                guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw document.error(
                        at: [key], problem: "the theme name is empty", remedy: "write \(known)")
                }
                theme = name
            case ("theme", _):
                throw document.error(
                    at: [key], problem: "the theme must be a name in quotes, found \(value.kind)",
                    remedy: "write \(known)")
            case (_, .table(_, inline: false)):
                continue
            default:
                let names = Self.knownKeys.map(\.name).joined(separator: ", ")
                throw document.error(
                    at: [key],
                    problem: "not a setting Kinora knows (the settings are \(names))",
                    remedy: "write \(known), or remove the line")
            }
        }
    }

    /// The user's Kinora config folder (`$XDG_CONFIG_HOME/kinora` or `~/.config/kinora`).
    static var folder: URL {
        UserConfigFolder.url()
    }

    /// Where themes are looked for: the user's own first, then the bundled ones.
    static var themeDirectories: [URL] {
        [folder.appendingPathComponent("themes")] + (BundledThemesFolder.url.map { [$0] } ?? [])
    }

    /// The settings in the user's `studio.toml`; the defaults when there is none.
    ///
    /// - Throws: ``TermGrid/TOMLFileError`` naming the file when it cannot be read or used.
    static func load() throws -> StudioSettings {
        let file = folder.appendingPathComponent("studio.toml")
        guard let text = try text(of: file) else { return StudioSettings() }
        return try StudioSettings(text: text, file: file.path)
    }

    /// The theme named in `studio.toml`, if any.
    static func configuredTheme() throws -> String? {
        try load().theme
    }

    /// The default keymap with the user's `keys.toml` applied.
    static func keymap() throws -> Keymap {
        let file = folder.appendingPathComponent("keys.toml")
        guard let text = try text(of: file) else { return .standard }
        return try Keymap.standard.overridden(by: KeyOverrides(text: text, file: file.path))
    }

    /// The text of the settings file at `url`; nil when there is no such file.
    static func text(of url: URL) throws(TOMLFileError) -> String? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TOMLFileError(
                file: url.path, problem: "it could not be read (\((error as NSError).localizedDescription))",
                remedy: "make it a readable file, or remove it")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TOMLFileError(file: url.path, problem: "it is not UTF-8 text", remedy: "save it as UTF-8")
        }
        return text
    }
}

/// Looking themes up where the studio keeps them.
extension Theme {
    /// The theme named `name` from the user's themes folder or the bundled ones.
    public static func named(_ name: String) throws -> Theme {
        try load(named: name, directories: StudioSettings.themeDirectories)
    }
}
