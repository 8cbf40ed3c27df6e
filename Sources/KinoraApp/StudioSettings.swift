import Foundation
import KinoraGenerate
import KinoraStudio
import TermGrid

/// The user's studio settings: `~/.config/kinora/studio.toml` (`theme = "light"`) and
/// `~/.config/kinora/keys.toml` (key overrides).
enum StudioSettings {
    /// The user's Kinora config folder (`$XDG_CONFIG_HOME/kinora` or `~/.config/kinora`).
    static var folder: URL {
        // The folder the backends' config.json lives in, found the same way.
        BackendSettings.userConfigURL(environment: ProcessInfo.processInfo.environment)
            .deletingLastPathComponent()
    }

    /// Where themes are looked for: the user's own first, then the bundled ones.
    static var themeDirectories: [URL] {
        [folder.appendingPathComponent("themes")] + (BundledThemesFolder.url.map { [$0] } ?? [])
    }

    /// The theme named in `studio.toml`, if any.
    static func configuredTheme() throws -> String? {
        let file = folder.appendingPathComponent("studio.toml")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line =
                raw.split(separator: "#", maxSplits: 1).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            if line.isEmpty { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count == 2, parts[0] == "theme" else {
                throw StudioConfigError(
                    message:
                        "\(file.path):\(number + 1): the only setting is theme = \"NAME\" (dark, light, high-contrast or a theme of yours)"
                )
            }
            return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// The default keymap with the user's `keys.toml` applied.
    static func keymap() throws -> Keymap {
        let file = folder.appendingPathComponent("keys.toml")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return .standard }
        return try Keymap.standard.overridden(by: text, file: file.path)
    }
}

/// Looking themes up where the studio keeps them.
extension Theme {
    /// The theme named `name` from the user's themes folder or the bundled ones.
    public static func named(_ name: String) throws -> Theme {
        try load(named: name, directories: StudioSettings.themeDirectories)
    }
}
