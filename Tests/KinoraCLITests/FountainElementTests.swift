import Foundation
import KinoraCore
import Testing

/// One Fountain element at a time through the real binary (`kinora new --script`): what each becomes in
/// the storyboard, as the README's "From a script" table says.
@Suite struct FountainElementTests {
    /// An element, the smallest script that holds it, and what the storyboard must then say.
    struct Case: Sendable, CustomTestStringConvertible {
        let element: String
        let script: String
        let holds: @Sendable (Project) -> Bool
        var testDescription: String { element }
    }

    static let cases: [Case] = [
        Case(
            element: "title page",
            script: "Title: _Rain_\nAuthor: A. Writer\nDraft date: 1 May\n\nINT. A\n\nRain."
        ) {
            $0.title == "Rain" && $0.script?.author == "A. Writer" && $0.script?.draftDate == "1 May"
        },
        Case(element: "scene heading", script: "EXT. BRICK'S PATIO - DAY\n\nSun.") {
            $0.shots.first?.scene == "EXT. BRICK'S PATIO - DAY" && $0.shots.first?.location == "Bricks_Patio"
                && $0.castEntry(named: "Bricks_Patio")?.kind == .location
        },
        Case(element: "forced scene heading", script: ".FLASHBACK\n\nSun.") {
            $0.shots.first?.scene == "FLASHBACK" && $0.shots.first?.location == nil && $0.cast.isEmpty
        },
        Case(element: "scene number", script: "INT. A - DAY #4B#\n\nOne.\n\nTwo.") {
            $0.shots.map(\.label) == ["4B.1", "4B.2"]
        },
        Case(element: "action", script: "INT. A\n\nMimi runs.\nShe stops.\n\nRain falls.") {
            $0.shots.map(\.action) == ["Mimi runs.\nShe stops.", "Rain falls."]
                && $0.shots.first?.prompt == "Mimi runs. She stops."
        },
        Case(element: "shot marker", script: "INT. A\n\nRain.\n\n[[shot]]\n\nMore rain.\n\nStill rain.") {
            $0.shots.map(\.action) == ["Rain.", "More rain.\n\nStill rain."]
        },
        Case(element: "labelled shot marker", script: "INT. A\n\n[[SHOT: hands]]\nHands shake.") {
            $0.shots.map(\.label) == ["hands"] && $0.shots.first?.action == "Hands shake."
        },
        Case(
            element: "character, parenthetical, extension",
            script: "INT. A\n\nRain.\n\nMIMI (V.O.)\n(quietly)\nHello."
        ) {
            $0.shots.first?.dialogue == "MIMI (V.O.): (quietly) Hello."
                && $0.castEntry(named: "Mimi")?.kind == .character
        },
        Case(element: "forced character", script: "INT. A\n\nRain.\n\n@McCLANE\nYippee.") {
            $0.shots.first?.dialogue == "McCLANE: Yippee." && $0.castEntry(named: "Mcclane") != nil
        },
        Case(element: "dual dialogue", script: "INT. A\n\nRain.\n\nBRICK\nScrew it.\n\nSTEEL ^\nScrew it.") {
            $0.shots.first?.dialogue == "BRICK: Screw it.\nSTEEL ^: Screw it."
        },
        Case(element: "lyrics", script: "INT. A\n\nRain.\n\nMIMI\n~La la\n~la.") {
            $0.shots.first?.dialogue == "MIMI: La la la."
        },
        Case(element: "transition", script: "INT. A\n\nRain.\n\nDISSOLVE TO:\n\nINT. B\n\nSun.") {
            $0.shots.first?.transition == .dissolve(frames: 12) && $0.shots.last?.transition == .cut
        },
        Case(element: "forced transition", script: "INT. A\n\nRain.\n\n> FADE TO BLACK.") {
            $0.shots.first?.transition == .fade(frames: 12)
        },
        Case(element: "centred text", script: "INT. A\n\n> THE END <") {
            $0.shots.first?.mode == .slate && $0.shots.first?.prompt == "THE END"
        },
        Case(element: "section", script: "# Act One\n\nINT. A\n\nRain.") {
            $0.shots.first?.sceneNotes == "Act One"
        },
        Case(element: "synopsis", script: "INT. A\n\n= Mimi is cold.\n\nRain.") {
            $0.shots.first?.sceneNotes == "Mimi is cold."
        },
        Case(element: "note", script: "INT. A\n\nRain. [[louder?]]") {
            $0.shots.first?.notes == "louder?" && $0.shots.first?.action == "Rain."
        },
        Case(element: "boneyard", script: "INT. A\n\n/* Cut:\n\nSnow. */\nRain.") {
            $0.shots.map(\.action) == ["Rain."]
        },
        Case(element: "page break", script: "INT. A\n\nRain.\n\n===\n\nSun.") {
            $0.shots.map(\.action) == ["Rain.", "Sun."]
        },
        Case(element: "emphasis", script: "INT. A\n\n*Rain* **falls** _hard_ \\*really\\*.") {
            $0.shots.first?.prompt == "Rain falls hard *really*."
                && $0.shots.first?.action.contains("**falls**") == true
        },
        Case(element: "estimated duration", script: "INT. A\n\nOne two three four five.\n\nMIMI\nHi there.") {
            // 5 words × 0.2 + 0.5, and 2 spoken words × 0.3 + 1.
            $0.shots.first?.duration == 3.1 && $0.shots.first?.durationEstimated == true
        },
    ]

    @Test(arguments: cases) func eachElementBecomesItsField(_ element: Case) throws {
        let folder = try CLI.temporaryFolder().appendingPathComponent("film")
        let script = folder.deletingLastPathComponent().appendingPathComponent("element.fountain")
        try Data(element.script.utf8).write(to: script)
        try CLI.succeed(["new", folder.path, "--script", script.path, "--size", "160x90"])
        let project = try CLI.storyboard(folder)
        #expect(
            element.holds(project), "\(project.shots.map { ($0.label, $0.action, $0.dialogue, $0.prompt) })")
    }
}
