import Foundation
import TermGrid
import Testing

@testable import KinoraApp

/// The message for `text` as `studio.toml`, or "" when it reads.
private func settingsError(_ text: String) -> String {
    do {
        _ = try StudioSettings(text: text, file: "studio.toml")
        Issue.record("\(text.debugDescription) was read")
        return ""
    } catch {
        return error.userMessage
    }
}

@Suite("studio.toml")
struct StudioSettingsFileTests {
    @Test("theme is read in any TOML string form; # in quotes is kept; other [tables] are left alone")
    func reads() throws {
        #expect(try StudioSettings(text: "theme = \"light\"\n", file: "studio.toml").theme == "light")
        #expect(try StudioSettings(text: "theme = 'light'  # mine\n", file: "studio.toml").theme == "light")
        #expect(
            try StudioSettings(text: "theme = \"my#theme\" # a comment\n", file: "studio.toml").theme
                == "my#theme")
        #expect(try StudioSettings(text: "# nothing yet\n", file: "studio.toml") == StudioSettings())
        let tables = """
            theme = "high-contrast"

            [other-tool]
            colour = 3
            [kinora.later]
            them = true
            """
        #expect(try StudioSettings(text: tables, file: "studio.toml").theme == "high-contrast")
    }

    @Test("every mistake names studio.toml, the line, the key and what to write")
    func mistakes() {
        let write = "write theme = \"NAME\" (dark, light, high-contrast or a theme of yours)"
        let cases: [(text: String, says: [String])] = [
            (
                "them = \"light\"\n",
                [
                    "studio.toml:1: them: not a setting Kinora knows (the settings are theme)",
                    write + ", or remove the line",
                ]
            ),
            ("x = { a = 1 }\n", ["studio.toml:1: x: not a setting"]),
            ("theme = light\n", ["studio.toml:1:9: ", "write theme = \"light\" (text goes in quotes)"]),
            ("theme = \"light\n", ["studio.toml:1:15: the string is not closed", "write theme = \"light\""]),
            (
                "theme = 3\n",
                ["studio.toml:1: theme: the theme must be a name in quotes, found a whole number", write]
            ),
            ("\ntheme = \" \"\n", ["studio.toml:2: theme: the theme name is empty", write]),
            (
                "theme = \"dark\"\ntheme = \"light\"\n",
                ["studio.toml:2:9: theme is already given on line 1", "keep one"]
            ),
        ]
        for item in cases {
            let message = settingsError(item.text)
            for part in item.says { #expect(message.contains(part), "\(message)") }
        }
    }

    @Test("a settings file that is missing is no settings; one that cannot be read says so")
    func files() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kinora-settings-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try StudioSettings.text(of: folder.appendingPathComponent("studio.toml")) == nil)

        let binary = folder.appendingPathComponent("binary.toml")
        try Data([0xFF, 0xFE, 0x00]).write(to: binary)
        #expect {
            try StudioSettings.text(of: binary)
        } throws: { error in
            let message = (error as? TOMLFileError)?.userMessage ?? ""
            return message == "\(binary.path): it is not UTF-8 text; save it as UTF-8."
        }

        let directory = folder.appendingPathComponent("keys.toml")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        #expect {
            try StudioSettings.text(of: directory)
        } throws: { error in
            let message = (error as? TOMLFileError)?.userMessage ?? ""
            return message.hasPrefix("\(directory.path): it could not be read")
                && message.hasSuffix("make it a readable file, or remove it.")
        }
    }
}
