import Foundation
import KinoraTestSupport
import Testing

@testable import KinoraCore

/// Small builders shared by the KinoraCore tests.
enum Fixtures {
    /// A fresh empty folder under the system's temporary folder.
    static func temporaryFolder() throws -> URL { try TestFiles.folder() }

    /// A project with two shots, one of them carrying a done take, exercising every field.
    static func project() throws -> Project {
        var project = Project(
            title: "Launch", fps: try #require(FrameRate(parsing: "24000/1001")),
            size: try #require(FrameSize(parsing: "1280x720")))
        var first = Shot(
            id: ShotID(serial: 1), label: "1A", prompt: "火箭升空 — a rocket lifts off", mode: .slate,
            duration: 4, seed: 1207)
        first.negativePrompt = "blur"
        first.dialogue = "Liftoff!"
        first.transition = .dissolve(frames: 12)
        first.settings = GenerationSettings(
            motion: .pushIn, style: .noir, strength: 0.6, parameters: ["steps": "30"])
        let request = TakeRequest(
            backend: "builtin", engineVersion: "1", mode: .slate, prompt: first.prompt, negativePrompt: "",
            source: nil, sourceHash: nil, inPoint: nil, outPoint: nil, duration: 4, fps: project.fps,
            size: project.size, seed: 1207, settings: first.settings)
        first.takes = [
            Take(
                id: TakeID(serial: 1), seed: 1207, request: request, status: .done, output: "takes/s1/t1.mp4",
                createdAt: Date(timeIntervalSince1970: 1_800_000_000), generationSeconds: 1.5,
                outputHash: "ab")
        ]
        first.nextTakeNumber = 2
        first.chosenTake = TakeID(serial: 1)
        first.trim = TrimRange(inPoint: 0.5, outPoint: 3.5)
        first = project.addShot(first)
        _ = project.addShot(
            Shot(id: ShotID(serial: 1), label: "", prompt: "stars", mode: .slate, duration: 2, seed: 9))
        return project
    }
}
