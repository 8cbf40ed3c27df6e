import Foundation
import TermGrid
import Testing

@testable import KinoraStudio

@Suite("Key bindings as data")
struct KeymapTests {
    @Test("the help screen lists every bound command with its keys and description")
    func helpListsEveryBinding() {
        let keymap = Keymap.standard
        let lines = HelpView.lines(keymap: keymap)
        for (context, bindings) in keymap.bindings {
            for (key, command) in bindings {
                #expect(
                    lines.contains {
                        $0.command == command.rawValue
                            && $0.keys.split(separator: " ").contains(Substring(key.name))
                            && $0.summary == command.summary
                    },
                    "\(key.name) → \(command.rawValue) in \(context.rawValue) is not in the help")
            }
        }
        // And the help is generated: a rebound key shows up, an unbound command does not.
        var custom = keymap
        custom.bind(.function(5), to: .animaticPlay, in: .global)
        custom.bind(.character("p"), to: nil, in: .global)
        let customLines = HelpView.lines(keymap: custom)
        #expect(customLines.contains { $0.command == "animatic.play" && $0.keys == "f5" })
    }

    @Test("at 80x24 the help scrolls to its last row, descriptions wrapped whole")
    func helpScrollsToTheEnd() {
        var studio = StudioFixture.studio()
        studio.press("?")
        for _ in 0..<20 { studio.press("pagedown") }
        let text = StudioView.render(studio).grid.plainText
        #expect(text.contains("Delete the word or the line before"), "the last help row shows:\n\(text)")
        #expect(
            text.contains("│                                       the cursor"), "wrapped, not cut:\n\(text)")
    }

    @Test("every command can be reached: bound to a key or run from the palette")
    func everyCommandReachable() {
        let bound = Set(Keymap.standard.bindings.values.flatMap(\.values))
        for command in Command.allCases {
            #expect(bound.contains(command) || Palette().matches().contains(command))
        }
        #expect(Set(Palette().matches()) == Set(Command.allCases), "the empty palette lists every command")
    }

    @Test("a user's keys file overrides, adds and removes bindings")
    func overrides() throws {
        let text = """
            # my keys
            [global]
            "ctrl-n" = "shot.add"
            x = "none"   # no accidental deletes
            [shots]
            J = "shot.next"
            """
        let keymap = try Keymap.standard.overridden(by: text, file: "keys.toml")
        #expect(keymap.command(for: .control("n"), in: .shots) == .shotAdd)
        #expect(keymap.command(for: .character("x"), in: .shots) == nil)
        #expect(keymap.command(for: .character("J"), in: .shots) == .shotNext)
        #expect(keymap.command(for: .character("J"), in: .inspector) == .shotMoveDown)
    }

    @Test("a keys file with a mistake names the file, the line and the key")
    func badKeysFile() {
        let cases: [(String, String)] = [
            ("[global]\nctrl-n = \"shot.ad\"", "keys.toml:2"),
            ("[nowhere]", "keys.toml:1"),
            ("[global]\n\n\"hyper-x\" = \"shot.add\"", "keys.toml:3"),
            ("just words", "keys.toml:1"),
        ]
        for (text, location) in cases {
            #expect {
                try Keymap.standard.overridden(by: text, file: "keys.toml")
            } throws: { error in
                guard let error = error as? KeymapError else { return false }
                return error.userMessage.hasPrefix(location)
            }
        }
    }

    @Test("the mouse: a click selects a shot, a field or a job; the wheel scrolls")
    func mouse() {
        var studio = StudioFixture.studio(shots: 12)
        let layout = Layout(studio.size)
        let body = Layout.body(of: layout.shots)
        _ = studio.update(.key(.click(row: body.row + layout.cardHeight * 2 + 1, column: body.column + 4)))
        #expect(studio.selection == 2)
        #expect(studio.focus == .shots)
        _ = studio.update(.key(.wheelDown(row: body.row, column: body.column)))
        #expect(studio.selection == 3)
        _ = studio.update(.key(.wheelUp(row: body.row, column: body.column)))
        #expect(studio.selection == 2)
        let inspector = Layout.body(of: layout.inspector)
        _ = studio.update(.key(.click(row: inspector.row + 2, column: inspector.column + 3)))
        #expect(studio.focus == .inspector)
        #expect(studio.field != .label)
        let strip = Layout.body(of: layout.timeline)
        _ = studio.update(.key(.click(row: strip.row, column: strip.right - 3)))
        #expect(studio.selection == 11, "the last shot on the timeline")
    }
}

@Suite("The export dialog")
struct ExportDialogTests {
    @Test("the extension typed decides the format; none gets the chosen one; an unknown one is refused")
    func extensionDecides() {
        var studio = StudioFixture.studio()
        studio.press("e", "down", "ctrl-u")
        studio.type("exports/list.csv")
        #expect(
            studio.press("enter") == [
                .export(ExportRequest(format: "csv", output: "exports/list.csv", missing: "slate"))
            ])
        studio.press("e", "down", "ctrl-u")
        studio.type("cut")
        #expect(
            studio.press("enter") == [
                .export(ExportRequest(format: "csv", output: "cut.csv", missing: "slate"))
            ], "the dialog remembers csv")
        studio.press("e", "down", "ctrl-u")
        studio.type("film.avi")
        #expect(studio.press("enter").isEmpty)
        #expect(studio.status?.kind == .error && studio.status?.text.contains(".avi") == true)
    }

    @Test("changing the format changes the file's extension, even one typed by hand")
    func formatChangesExtension() {
        var studio = StudioFixture.studio()
        studio.press("e", "down", "ctrl-u")
        studio.type("mine/cut.mp4")
        studio.press("up", "right", "right", "right", "right")
        #expect(
            studio.press("enter") == [
                .export(ExportRequest(format: "otio", output: "mine/cut.otio", missing: "slate"))
            ])
    }
}
