import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

/// Tokens go only to the backend they belong to, and only when the person defined it; a project cannot
/// take over a backend the person defined.
@Suite struct BackendTrustTests {
    /// A project with a plug-in backend `shared`, a user config (in the test's folder) with a plug-in
    /// backend `mine` and a ComfyUI backend `remote` whose token is in `REMOTE_SECRET`; both plug-ins
    /// write their environment to a file named by their argument and then fail.
    private struct Setup {
        let root: URL
        let project: URL
        let configHome: URL
        /// Where each plug-in wrote its environment.
        let sharedDump: URL
        let mineDump: URL

        init() throws {
            (root, project) = try ScriptPlugin.project()
            configHome = root.appendingPathComponent("config")
            sharedDump = root.appendingPathComponent("shared.env")
            mineDump = root.appendingPathComponent("mine.env")
            let body = """
                cat > /dev/null
                env > "$1"
                echo '{"type":"error","message":"environment written"}'
                """
            try ScriptPlugin.configure(
                project.appendingPathComponent("backends.json"),
                backends: [
                    [
                        "name": "shared", "kind": "plugin", "timeout": 30,
                        "command": try ScriptPlugin.write(
                            body, named: "shared.sh", in: root, arguments: [sharedDump.path]),
                    ]
                ])
            try ScriptPlugin.configure(
                configHome.appendingPathComponent("kinora/config.json"),
                backends: [
                    [
                        "name": "mine", "kind": "plugin", "timeout": 30,
                        "command": try ScriptPlugin.write(
                            body, named: "mine.sh", in: root, arguments: [mineDump.path]),
                    ],
                    [
                        "name": "remote", "kind": "comfyui", "url": "http://127.0.0.1:9",
                        "tokenEnv": "REMOTE_SECRET",
                    ],
                ])
        }

        /// `kinora ARGUMENTS` with the user config and every token set.
        func run(_ arguments: [String]) throws -> CLIResult {
            try CLI.run(
                arguments,
                wrapper: [
                    "env", "XDG_CONFIG_HOME=\(configHome.path)", "KINORA_TOKEN_OTHER=secret-other",
                    "KINORA_TOKEN_MINE=secret-mine", "KINORA_TOKEN_SHARED=secret-shared",
                    "KINORA_TOKEN_REMOTE=secret-remote-default", "REMOTE_SECRET=secret-remote",
                ])
        }

        /// The variables a plug-in wrote, `NAME=value` each.
        func environment(in dump: URL) throws -> [String] {
            try String(contentsOf: dump, encoding: .utf8).split(separator: "\n").map(String.init)
        }
    }

    @Test func aProjectPlugInGetsNoToken() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.root) }
        let result = try setup.run(["gen", setup.project.path, "1", "--backend", "shared"])
        #expect(result.status == 1 && result.stdout.contains("environment written"), "\(result.stderr)")
        let seen = try setup.environment(in: setup.sharedDump)
        #expect(seen.contains { $0.hasPrefix("PATH=") }, "the rest of the environment is passed on")
        let leaked = seen.filter { $0.contains("secret") || $0.hasPrefix("KINORA_TOKEN_") }
        #expect(leaked.isEmpty, "a project's plug-in saw \(leaked)")
    }

    @Test func aUserPlugInGetsItsOwnTokenOnly() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.root) }
        let result = try setup.run(["gen", setup.project.path, "1", "--backend", "mine"])
        #expect(result.status == 1 && result.stdout.contains("environment written"), "\(result.stderr)")
        let seen = try setup.environment(in: setup.mineDump)
        let tokens = seen.filter { $0.contains("secret") || $0.hasPrefix("KINORA_TOKEN_") }
        #expect(tokens == ["KINORA_TOKEN_MINE=secret-mine"], "\(tokens)")
        #expect(!(result.stdout + result.stderr).contains("secret"))
    }

    @Test func aProjectBackendCannotTakeAUserBackendsName() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.root) }
        let backends = setup.project.appendingPathComponent("backends.json")
        try ScriptPlugin.configure(
            backends, backends: [["name": "remote", "kind": "comfyui", "url": "http://127.0.0.1:8"]])
        let before = try CLI.storyboardBytes(setup.project)
        let userFile = setup.configHome.appendingPathComponent("kinora/config.json").path
        for arguments in [
            ["backends", setup.project.path], ["gen", setup.project.path, "1", "--backend", "remote"],
        ] {
            let result = try setup.run(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stdout)")
            #expect(
                result.stderr.contains(backends.path) && result.stderr.contains(userFile)
                    && result.stderr.contains("\"remote\""),
                "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("secret"))
        }
        #expect(try CLI.storyboardBytes(setup.project) == before)
    }
}
