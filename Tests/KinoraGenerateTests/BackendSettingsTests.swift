import Foundation
import KinoraTestSupport
import Testing

@testable import KinoraGenerate

@Suite struct BackendSettingsTests {
    /// A home folder with `config` as the user's config file (and `mode`), and a project with `project`.
    private func folders(user config: String?, mode: Int = 0o600, project: String?) throws -> (
        URL, [String: String]
    ) {
        let root = try TestFiles.folder()
        let home = root.appendingPathComponent("home")
        let projectFolder = root.appendingPathComponent("film")
        try FileManager.default.createDirectory(at: projectFolder, withIntermediateDirectories: true)
        if let config {
            let file = home.appendingPathComponent(".config/kinora/config.json")
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(config.utf8).write(to: file)
            chmod(file.path, mode_t(mode))
        }
        if let project {
            try Data(project.utf8).write(to: projectFolder.appendingPathComponent("backends.json"))
        }
        return (projectFolder, ["HOME": home.path])
    }

    @Test func theProjectAndTheUserConfigNameBackendsAndTokensStayOutOfTheProject() throws {
        let (project, environment) = try folders(
            user:
                #"{"backends": [{"name": "gpu", "kind": "comfyui", "url": "http://10.0.0.5:8188"}], "tokens": {"gpu": "s3cret"}}"#,
            project:
                #"{"backends": [{"name": "farm", "kind": "comfyui", "urls": ["http://a:8188", "http://b:8188"], "concurrency": 2}, {"name": "local", "kind": "plugin", "command": ["python3", "p.py"]}]}"#
        )
        let settings = try BackendSettings(projectFolder: project, environment: environment)
        #expect(Set(settings.entries.keys) == ["gpu", "farm", "local"])
        #expect(
            settings.entries["farm"]?.endpointCount == 2
                && settings.entries["farm"]?.concurrencyPerEndpoint == 2)
        let gpu = try #require(settings.entries["gpu"])
        #expect(settings.token(for: gpu) == "s3cret")
        var withVariable = environment
        withVariable["KINORA_TOKEN_GPU"] = "from-env"
        #expect(
            try BackendSettings(projectFolder: project, environment: withVariable).token(for: gpu)
                == "from-env")
        #expect(!settings.tokenHint(for: gpu).contains("s3cret"))
    }

    @Test func aProjectCanNeverSteerAUsersTokenToItsOwnServer() throws {
        // The user has a token for "gpu"; a shared project redefines "gpu" with a server of its choosing.
        let (project, environment) = try folders(
            user:
                #"{"backends": [{"name": "gpu", "kind": "comfyui", "url": "http://mine:8188"}], "tokens": {"gpu": "s3cret"}}"#,
            project: #"{"backends": [{"name": "gpu", "kind": "comfyui", "url": "http://elsewhere:8188"}]}"#)
        defer { try? FileManager.default.removeItem(at: project.deletingLastPathComponent()) }
        var withVariable = environment
        withVariable["KINORA_TOKEN_GPU"] = "from-env"
        do {
            _ = try BackendSettings(projectFolder: project, environment: withVariable)
            Issue.record("a project must not take over a backend the user defined")
        } catch let error as BackendConfigError {
            let message = error.userMessage
            #expect(
                message.contains(project.appendingPathComponent("backends.json").path)
                    && message.contains(".config/kinora/config.json") && message.contains("backends[0].name")
                    && message.contains("\"gpu\""), "\(message)")
            #expect(!message.contains("s3cret") && !message.contains("from-env"))
        }
        // A backend only the project defines gets no token, however the environment is set.
        let (shared, plain) = try folders(
            user: nil,
            project: #"{"backends": [{"name": "gpu", "kind": "comfyui", "url": "http://elsewhere:8188"}]}"#)
        defer { try? FileManager.default.removeItem(at: shared.deletingLastPathComponent()) }
        var settingUp = plain
        settingUp["KINORA_TOKEN_GPU"] = "from-env"
        let settings = try BackendSettings(projectFolder: shared, environment: settingUp)
        let gpu = try #require(settings.entries["gpu"])
        #expect(settings.token(for: gpu) == nil, "no token goes to a server the project chose")
        #expect(settings.tokenHint(for: gpu).contains("your own config"))
        let (other, bare) = try folders(
            user: nil,
            project:
                #"{"backends": [{"name": "x", "kind": "comfyui", "url": "http://h:1", "tokenEnv": "AWS_SECRET"}]}"#
        )
        defer { try? FileManager.default.removeItem(at: other.deletingLastPathComponent()) }
        do {
            _ = try BackendSettings(projectFolder: other, environment: bare)
            Issue.record("a project must not choose which variable is sent as a token")
        } catch let error as BackendConfigError {
            #expect(error.userMessage.contains("tokenEnv"))
        }
    }

    @Test func everyTokenVariableIsKnownSoPlugInsCanBeKeptFromIt() throws {
        let (project, environment) = try folders(
            user:
                #"{"backends": [{"name": "gpu-1", "kind": "comfyui", "url": "http://h:1"}, {"name": "hf", "kind": "plugin", "command": ["x"], "tokenEnv": "HF_TOKEN"}]}"#,
            project: #"{"backends": [{"name": "local", "kind": "plugin", "command": ["p"]}]}"#)
        defer { try? FileManager.default.removeItem(at: project.deletingLastPathComponent()) }
        let settings = try BackendSettings(projectFolder: project, environment: environment)
        #expect(settings.tokenVariables == ["KINORA_TOKEN_GPU_1", "HF_TOKEN", "KINORA_TOKEN_LOCAL"])
    }

    @Test func tokensInAProjectOrAReadableConfigAreRefused() throws {
        let (project, environment) = try folders(
            user: nil,
            project:
                #"{"backends": [{"name": "gpu", "kind": "comfyui", "url": "http://h:8188", "token": "x"}]}"#)
        #expect(throws: BackendConfigError.self) {
            try BackendSettings(projectFolder: project, environment: environment)
        }
        let (other, readable) = try folders(
            user: #"{"backends": [], "tokens": {"gpu": "x"}}"#, mode: 0o644, project: nil)
        do {
            _ = try BackendSettings(projectFolder: other, environment: readable)
            Issue.record("a config file with tokens that others can read must be refused")
        } catch let error as BackendConfigError {
            #expect(error.userMessage.contains("chmod 600") && !error.userMessage.contains("\"x\""))
        }
    }

    @Test func badEntriesNameTheFileTheEntryAndTheKey() throws {
        let cases = [
            (
                #"{"backends": [{"name": "Bad Name", "kind": "plugin", "command": ["x"]}]}"#,
                "backends[0].name"
            ),
            (#"{"backends": [{"name": "ok", "kind": "comfyui", "url": "ftp://x"}]}"#, "backends[0].url"),
            (
                #"{"backends": [{"name": "ok", "kind": "comfyui", "url": "http://user:pw@h:8188"}]}"#,
                "credentials"
            ),
            (#"{"backends": [{"name": "ok", "kind": "plugin"}]}"#, "backends[0].command"),
            (#"{"backends": [{"name": "ok", "kind": "cloud"}]}"#, "kind"),
            (#"{"backends": [{"name": "builtin", "kind": "plugin", "command": ["x"]}]}"#, "builtin"),
            (#"{"backends": ["#, "not valid JSON"),
            (#"{"backends": [{"name": "ok", "kind": "plugin", "command": ["x"], "timout": 5}]}"#, "timout"),
            (
                #"{"backends": [{"name": "ok", "kind": "comfyui", "url": "http://h:1/?token=x"}]}"#,
                "no ?query"
            ),
            (
                #"{"backends": [{"name": "ok", "kind": "plugin", "command": ["x"]}, {"name": "ok", "kind": "plugin", "command": ["y"]}]}"#,
                "named twice"
            ),
            (#"[{"name": "ok"}]"#, "should hold an object"),
        ]
        for (text, expected) in cases {
            let (project, environment) = try folders(user: nil, project: text)
            do {
                _ = try BackendSettings(projectFolder: project, environment: environment)
                Issue.record("accepted: \(text)")
            } catch let error as BackendConfigError {
                #expect(
                    error.userMessage.contains("backends.json") && error.userMessage.contains(expected),
                    "\(error.userMessage)")
            }
        }
    }
}
