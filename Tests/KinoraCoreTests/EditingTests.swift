import Foundation
import Testing

@testable import KinoraCore

@Suite struct EditingTests {
    @Test func shotsAreFoundByIDOrPosition() throws {
        let project = try Fixtures.project()
        #expect(try project.shotIndex("s2", file: "f") == 1)
        #expect(try project.shotIndex("S1", file: "f") == 0)
        #expect(try project.shotIndex("2", file: "f") == 1)
        #expect(throws: StoryboardError.unknownShot(reference: "s9", file: "f", count: 2)) {
            try project.shotIndex("s9", file: "f")
        }
        #expect(throws: StoryboardError.self) { try project.shotIndex("0", file: "f") }
        #expect(throws: StoryboardError.self) { try project.shotIndex("3", file: "f") }
    }

    @Test func idsAreNeverReusedAfterRemoval() throws {
        var project = try Fixtures.project()
        project.shots.removeLast()
        let added = project.addShot(
            Shot(id: ShotID(serial: 1), label: "", prompt: "x", mode: .slate, duration: 1, seed: 1))
        #expect(added.id.rawValue == "s3")
        #expect(added.label == "2", "labels continue from the highest number in use")
    }

    @Test func addAfterInsertsInPlace() throws {
        var project = try Fixtures.project()
        let added = project.addShot(
            Shot(id: ShotID(serial: 1), label: "1B", prompt: "x", mode: .slate, duration: 1, seed: 1),
            afterIndex: 0)
        #expect(project.shots.map(\.id.rawValue) == ["s1", added.id.rawValue, "s2"])
    }

    @Test func moveReorders() throws {
        var project = try Fixtures.project()
        project.moveShot(at: 1, to: 1)
        #expect(project.shots.map(\.id.rawValue) == ["s2", "s1"])
    }

    @Test func setChangesEveryKindOfField() throws {
        var shot = try Fixtures.project().shots[1]
        try shot.set("prompt", to: "夜空 stars")
        try shot.set("negative_prompt", to: "noise")
        try shot.set("duration", to: "2.5")
        try shot.set("motion", to: "Ken-Burns")
        try shot.set("style", to: "toon")
        try shot.set("strength", to: "0.25")
        try shot.set("seed", to: "18446744073709551615")
        try shot.set("seed-locked", to: "yes")
        try shot.set("transition", to: "fade:6")
        try shot.set("param.steps", to: "30")
        try shot.set("trim-out", to: "2")
        #expect(shot.prompt == "夜空 stars" && shot.negativePrompt == "noise" && shot.duration == 2.5)
        #expect(
            shot.settings
                == GenerationSettings(
                    motion: .kenBurns, style: .toon, strength: 0.25, parameters: ["steps": "30"]))
        #expect(shot.seed == UInt64.max && shot.seedLocked && shot.transition == .fade(frames: 6))
        #expect(shot.trim == TrimRange(inPoint: 0, outPoint: 2))
        try shot.set("param.steps", to: "")
        #expect(shot.settings.parameters.isEmpty)
    }

    @Test func anUnlockedSeedFollowsThePromptAndALockedOneStays() throws {
        var shot = try Fixtures.project().shots[1]
        shot.seedLocked = false
        let before = shot.seed
        try shot.set("prompt", to: shot.prompt)
        #expect(shot.seed == before, "an unchanged prompt keeps the seed")
        try shot.set("prompt", to: "a new idea")
        #expect(shot.seed != before, "an unlocked seed is redrawn when the prompt changes")
        try shot.set("seed", to: "1207")
        #expect(shot.seedLocked, "a seed typed by hand is locked")
        try shot.set("prompt", to: "another idea")
        try shot.set("negative-prompt", to: "no blur")
        #expect(shot.seed == 1207)
    }

    @Test(arguments: [
        ("duration", "0", "more than 0"), ("duration", "-1", "more than 0"), ("duration", "soon", "number"),
        ("strength", "1.5", "between 0 and 1"), ("motion", "zoom", "push-in"), ("style", "glitter", "noir"),
        ("seed", "-3", "whole number"), ("transition", "wipe", "dissolve:FRAMES"),
        ("colour", "red", "the keys are"),
        ("in", "2", "only a video source"), ("trim-in", "9", "0 ≤ in < out"),
    ])
    func badValuesNameTheFieldAndTheRule(key: String, value: String, expected: String) throws {
        var shot = try Fixtures.project().shots[1]
        let before = shot
        let error = #expect(throws: StoryboardError.self) { try shot.set(key, to: value) }
        #expect(error?.userMessage.contains(expected) == true, "\(error?.userMessage ?? "")")
        #expect(shot == before, "a refused value changes nothing")
    }
}
