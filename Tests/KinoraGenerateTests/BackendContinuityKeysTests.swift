import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraGenerate

/// The backend keys of the continuity work: a plug-in's `protocol`, `modes` and `lastFrame`, and a ComfyUI
/// backend's `text-to-video` and `first-last-frame` templates. Good values reach the engines; bad ones are
/// refused with the file, the backend and the key named.
@Suite struct BackendContinuityKeysTests {
    @Test func goodValuesReachThePlugInsAndTheComfyUIBackend() throws {
        let backends = try Self.configured(
            #"""
            {"backends": [
              {"name": "v2", "kind": "plugin", "command": ["python3", "p.py"], "protocol": 2,
               "modes": ["text-to-video", "image-to-video"], "lastFrame": true},
              {"name": "v1", "kind": "plugin", "command": ["python3", "p.py"]},
              {"name": "gpu", "kind": "comfyui", "url": "http://127.0.0.1:9",
               "templates": {"text-to-video": "ltxv-t2v", "first-last-frame": "ltxv-keyframes",
                             "reference": "wan-vace-ref"}}
            ]}
            """#)
        let v2 = try #require(try Self.endpoint("v2", in: backends) as? PluginBackend)
        #expect(v2.protocolVersion == 2 && v2.takesLastFrame)
        #expect(v2.capabilities.modes == [.textToVideo, .imageToVideo])
        let v1 = try #require(try Self.endpoint("v1", in: backends) as? PluginBackend)
        #expect(
            v1.protocolVersion == 1 && !v1.takesLastFrame && !v1.capabilities.modes.contains(.textToVideo))

        let gpu = try #require(try Self.endpoint("gpu", in: backends) as? ComfyUIBackend)
        let text = try ComfyUIBackendTests.request(mode: .textToVideo, backend: gpu)
        #expect(try gpu.templates.template(for: text).name == "ltxv-t2v")
        var firstLast = try ComfyUIBackendTests.request(mode: .imageToVideo, backend: gpu)
        #expect(try gpu.templates.template(for: firstLast).name == "wan-i2v", "the default stays")
        firstLast.endImage = "assets/end.png"
        #expect(try gpu.templates.template(for: firstLast).name == "ltxv-keyframes")
    }

    @Test func badValuesAreRefusedNamingTheFileTheBackendAndTheKey() throws {
        let plugin = #""name": "p", "kind": "plugin", "command": ["x"]"#
        let comfy = #""name": "gpu", "kind": "comfyui", "url": "http://127.0.0.1:9""#
        let cases: [(String, [String])] = [
            (#"{\#(plugin), "protocol": 3}"#, ["backends[0].protocol", "1 and 2"]),
            (#"{\#(plugin), "protocol": "2"}"#, ["backends[0].protocol", "wrong type"]),
            (#"{\#(plugin), "protocol": 2, "modes": ["slate"]}"#, ["backends[0].modes", "\"slate\""]),
            (#"{\#(plugin), "protocol": 2, "modes": []}"#, ["backends[0].modes", "at least one"]),
            (#"{\#(plugin), "modes": ["text-to-video"]}"#, ["backends[0].modes", "\"protocol\": 2"]),
            (#"{\#(plugin), "lastFrame": true}"#, ["backends[0].lastFrame", "protocol 2"]),
            (#"{\#(plugin), "protocol": 2, "lastFrame": "yes"}"#, ["backends[0].lastFrame", "wrong type"]),
            (
                #"{\#(comfy), "templates": {"first-last": "wan-flf2v"}}"#,
                ["backends[0].templates", "first-last"]
            ),
            (
                #"{\#(comfy), "templates": {"first-last-frame": "wan-i2v"}}"#,
                ["backend \"gpu\" templates.first-last-frame", "\"wan-i2v\" takes no end picture"]
            ),
            (
                #"{\#(comfy), "templates": {"reference": "wan-t2v"}}"#,
                ["backend \"gpu\" templates.reference", "takes reference pictures"]
            ),
            (
                #"{\#(comfy), "templates": {"text-to-video": "wan-i2v"}}"#,
                ["templates.text-to-video", "makes image-to-video takes, not text-to-video"]
            ),
            (
                #"{\#(comfy), "templates": {"image-to-video": "wan-flf2v"}}"#,
                ["templates.image-to-video", "needs an end picture", "first-last-frame"]
            ),
            (
                #"{\#(comfy), "templates": {"text-to-video": "ltx-t2v"}}"#,
                ["templates.text-to-video", "\"ltx-t2v\" is not a ComfyUI template", "ltxv-t2v"]
            ),
        ]
        for (entry, expected) in cases {
            do {
                _ = try Self.configured(#"{"backends": [\#(entry)]}"#)
                Issue.record("accepted: \(entry)")
            } catch let error as BackendConfigError {
                let message = error.userMessage
                #expect(message.contains("backends.json"), "\(message)")
                for part in expected {
                    #expect(message.contains(part), "\(entry) → \(message)")
                }
            }
        }
    }

    /// The registry a project with `backends` as its backends.json configures (and no user config).
    static func configured(_ backends: String) throws -> BackendRegistry {
        let root = try TestFiles.folder()
        let project = root.appendingPathComponent("film")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        try Data(backends.utf8).write(to: project.appendingPathComponent("backends.json"))
        return try BackendRegistry.configured(
            projectFolder: project, environment: ["HOME": root.appendingPathComponent("home").path]
        ).registry
    }

    /// The first endpoint's engine of the backend called `name`.
    static func endpoint(_ name: String, in registry: BackendRegistry) throws -> any GenerationBackend {
        let pool = try #require(try registry.backend(named: name) as? BackendPool)
        return try #require(pool.endpoints.first).backend
    }
}
