import Foundation
import KinoraCore
import TermGrid

@testable import KinoraStudio

/// Storyboards and studios for update and view tests.
enum StudioFixture {
    /// A storyboard of `count` shots; shot 1 has two finished takes (t1 chosen) and shot 2 a failed one.
    static func project(shots count: Int = 3) -> Project {
        guard let fps = FrameRate(numerator: 24), let size = FrameSize(width: 1280, height: 720) else {
            preconditionFailure("fixed values")
        }
        var project = Project(title: "Night Market", fps: fps, size: size)
        for number in 0..<count {
            var shot = Shot(
                id: ShotID(serial: 1), label: "\(number + 1)",
                prompt: "Shot \(number + 1): lanterns over a wet street",
                mode: .slate, duration: 4, seed: UInt64(1000 + number))
            shot.seedLocked = number == 2
            _ = project.addShot(shot)
        }
        if count >= 1 {
            for serial in 1...2 {
                project.shots[0].takes.append(
                    take(serial, seed: 1000 + UInt64(serial) - 1, status: .done, project: project))
            }
            project.shots[0].chosenTake = TakeID(serial: 1)
            project.shots[0].nextTakeNumber = 3
        }
        if count >= 2 {
            var failed = take(1, seed: 1001, status: .failed, project: project)
            failed.error = "the engine ran out of memory"
            project.shots[1].takes.append(failed)
            project.shots[1].nextTakeNumber = 2
        }
        return project
    }

    static func take(_ serial: Int, seed: UInt64, status: Take.Status, project: Project) -> Take {
        let request = TakeRequest(
            backend: "builtin", engineVersion: "1", mode: .slate, prompt: "", negativePrompt: "", source: nil,
            sourceHash: nil, inPoint: nil, outPoint: nil, duration: 4, fps: project.fps, size: project.size,
            seed: seed, settings: GenerationSettings())
        return Take(
            id: TakeID(serial: serial), seed: seed, request: request, status: status,
            output: status == .done ? "takes/s1/t\(serial).mp4" : nil,
            createdAt: Date(timeIntervalSince1970: 0))
    }

    /// A studio on ``project(shots:)`` whose first pictures were already asked for (so effects in tests
    /// are only the ones a key causes).
    static func studio(shots count: Int = 3, rows: Int = 24, columns: Int = 80) -> Studio {
        var studio = Studio(
            project: project(shots: count), folderName: "night-market",
            size: ScreenSize(rows: rows, columns: columns))
        _ = studio.update(.resized(studio.size))
        return studio
    }
}

extension Studio {
    /// Presses keys by their keymap names ("j", "ctrl-r", "enter") and returns every effect.
    @discardableResult
    mutating func press(_ names: String...) -> [StudioEffect] {
        var effects: [StudioEffect] = []
        for name in names {
            guard let key = Key(name: name) else { preconditionFailure("no key named \(name)") }
            effects += update(.key(key))
        }
        return effects
    }

    /// Types text into whatever has the keyboard.
    @discardableResult
    mutating func type(_ text: String) -> [StudioEffect] {
        text.flatMap { update(.key(.character($0))) }
    }

    /// The saves among `effects`.
    static func saves(_ effects: [StudioEffect]) -> [Project] {
        effects.compactMap { if case .save(let project) = $0 { project } else { nil } }
    }
}
