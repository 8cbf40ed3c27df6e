import Foundation
import Testing

/// The studio's settings are checked before anything is drawn: a wrong theme or keys file is a clear
/// message and exit status 1, with or without a terminal.
@Suite struct StudioSettingsTests {
    @Test("an unknown theme names itself and the themes there are")
    func unknownTheme() throws {
        let folder = try CLI.project()
        let result = try CLI.run(["open", folder.path, "--theme", "neon"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("No theme named \"neon\"")
                && result.stderr.contains("dark, high-contrast, light"), "\(result.stderr)")
    }

    @Test("a keys file with an unknown command names the file and line")
    func badKeysFile() throws {
        let folder = try CLI.project()
        let config = folder.appendingPathComponent("config/kinora")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try Data("[global]\nctrl-n = \"shot.ad\"\n".utf8).write(
            to: config.appendingPathComponent("keys.toml"))
        let result = try CLI.run(
            ["open", folder.path],
            wrapper: ["env", "XDG_CONFIG_HOME=\(folder.appendingPathComponent("config").path)"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("keys.toml:2") && result.stderr.contains("\"shot.ad\""), "\(result.stderr)"
        )
    }
}
