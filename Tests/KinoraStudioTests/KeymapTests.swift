import Foundation
import KinoraCore
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
                guard let error = error as? TOMLFileError else { return false }
                return error.userMessage.hasPrefix(location)
            }
        }
    }

    @Test("every mistake in a keys file says where (file, line, key path) and what to write")
    func keysFileMessages() {
        let sections = "the sections are [global], [shots], [inspector], [preview], [jobs]"
        let cases: [(text: String, says: [String])] = [
            (
                "[global]\nctrl-n = \"shot.ad\"",
                [
                    "keys.toml:2: global.ctrl-n: \"shot.ad\" for key ctrl-n is not a command",
                    "press : in the studio",
                ]
            ),
            ("[nowhere]", ["keys.toml:1: nowhere: [nowhere] is not a section", sections]),
            (
                "[shots.extra]\nj = \"shot.next\"",
                [
                    "keys.toml:1: shots.extra: [shots.extra] is a section inside a section",
                    "sections do not nest",
                ]
            ),
            (
                "[global]\n\n\"hyper-x\" = \"shot.add\"",
                [
                    "keys.toml:3: global.hyper-x: \"hyper-x\" is not a key name",
                    "name keys as j, G, ?, ctrl-n",
                ]
            ),
            ("just words", ["keys.toml:1:6: expected = after the key", "write key = value"]),
            (
                "[shots]\nx = 5",
                [
                    "keys.toml:2: shots.x: the command must be a name in quotes, found a whole number",
                    "write x = \"COMMAND\"",
                ]
            ),
            (
                "[shots]\nctrl.x = \"shot.add\"",
                [
                    "keys.toml:2: shots.ctrl: this is a table, not a command",
                    "put it in quotes: \"ctrl.x\" = \"COMMAND\"",
                ]
            ),
            (
                "x = \"none\"\n[global]\nx = \"help\"",
                ["keys.toml:1: x: x is bound in [global] twice: here and on line 3", "keep one of the two"]
            ),
            (
                "[global]\nx = \"none\"\n[shots]\nj = \"shot.next\"\n[global]\ny = \"none\"",
                ["keys.toml:5:1: [global] is already given on line 1", "put these keys under that [global]"]
            ),
            (
                "[shots]\nj = \"shot.next\"\nj = \"shot.last\"",
                ["keys.toml:3:5: j is already given on line 2", "keep one of the two"]
            ),
        ]
        for (text, says) in cases {
            let message = keysFileError(text)
            for part in says { #expect(message.contains(part), "\(message)") }
        }
    }

    @Test("keys files the old reader took: each refused line is shown written in TOML")
    func oldKeysFileForms() {
        let cases: [(text: String, place: String, rewrite: String)] = [
            (
                "[global]\n? = \"help\"", "keys.toml:2:1",
                "write \"?\" = \"help\" (keys other than letters, digits, - and _ go in quotes)"
            ),
            ("[shots]\nj = shot.next", "keys.toml:2:5", "write j = \"shot.next\" (text goes in quotes)"),
            (
                "[global]\nx = none   # no accidental deletes", "keys.toml:2:6",
                "write x = \"none\" (text goes in quotes)"
            ),
            (
                "[preview]\n< = preview.scrub-back", "keys.toml:2:1",
                "write \"<\" = \"preview.scrub-back\" (keys other than letters, digits, - and _ go in quotes; text goes in quotes)"
            ),
            ("[preview]\nalt-. = \"wipe.right\"", "keys.toml:2:7", "write \"alt-.\" = \"wipe.right\""),
            ("[global]\n{ = \"trim.in\"", "keys.toml:2:1", "write \"{\" = \"trim.in\""),
            ("[global]\n. = 'preview.step-forward'", "keys.toml:2:1", "write \".\" = 'preview.step-forward'"),
        ]
        for item in cases {
            let message = keysFileError(item.text)
            #expect(message.hasPrefix(item.place + ": "), "\(message)")
            #expect(message.contains(item.rewrite), "\(message)")
        }
    }

    @Test("TOML's own forms work: single quotes, # inside quotes, quoted keys, keys before any section")
    func tomlForms() throws {
        let text = """
            "?" = 'app.palette'         # before any section: [global]
            [shots]
            "#" = "shot.add"         # a # in quotes is the key, not a comment
            'J' = "shot.next"
            [preview]
            "<" = "preview.scrub-back"
            "alt-." = "compare.wipe-right"
            """
        let overrides = try KeyOverrides(text: text, file: "keys.toml")
        #expect(overrides.sections["global"] == ["?": "app.palette"])
        let keymap = try Keymap.standard.overridden(by: overrides)
        #expect(keymap.command(for: .character("?"), in: .shots) == .palette)
        #expect(keymap.command(for: .character("#"), in: .shots) == .shotAdd)
        #expect(keymap.command(for: .character("J"), in: .shots) == .shotNext)
        #expect(keymap.command(for: .character("<"), in: .preview) == .previewScrubBack)
        #expect(keymap.command(for: .alt("."), in: .preview) == .wipeRight)
        #expect(try Keymap.standard.overridden(by: "", file: "keys.toml") == Keymap.standard)
    }

    /// The message for `text` as a keys file, or "" when it reads.
    private func keysFileError(_ text: String) -> String {
        do {
            _ = try Keymap.standard.overridden(by: text, file: "keys.toml")
            Issue.record("\(text.debugDescription) was read")
            return ""
        } catch {
            return (error as? TOMLFileError)?.userMessage ?? "\(error)"
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
                .export(ExportRequest(format: .csv, output: "exports/list.csv", missing: .slate))
            ])
        studio.press("e", "down", "ctrl-u")
        studio.type("cut")
        #expect(
            studio.press("enter") == [
                .export(ExportRequest(format: .csv, output: "cut.csv", missing: .slate))
            ], "the dialog remembers csv")
        studio.press("e", "down", "ctrl-u")
        studio.type("film.avi")
        #expect(studio.press("enter").isEmpty)
        #expect(studio.status?.kind == .error && studio.status?.text.contains(".avi") == true)
    }

    @Test("the PDF storyboard is one of the dialog's formats, its file ending in .pdf")
    func pdfIsOffered() throws {
        var studio = StudioFixture.studio()
        studio.press("e", "down", "ctrl-u")
        studio.type("boards/night")
        let steps = try #require(ExportFormat.allCases.firstIndex(of: .pdf))
        studio.press("up")
        for _ in 0..<steps { studio.press("right") }
        guard case .export(let dialog) = studio.mode else {
            Issue.record("the export dialog is not open")
            return
        }
        #expect(dialog.format == .pdf && dialog.output.text == "boards/night.pdf")
        // Three panels a page, from the dialog's Panels row.
        studio.press("down", "down", "down", "right")
        #expect(
            studio.press("enter") == [
                .export(
                    ExportRequest(
                        format: .pdf, output: "boards/night.pdf", missing: .slate, panelsPerPage: .three))
            ])
    }

    @Test("changing the format changes the file's extension, even one typed by hand")
    func formatChangesExtension() {
        var studio = StudioFixture.studio()
        studio.press("e", "down", "ctrl-u")
        studio.type("mine/cut.mp4")
        studio.press("up", "right", "right", "right", "right")
        #expect(
            studio.press("enter") == [
                .export(ExportRequest(format: .otio, output: "mine/cut.otio", missing: .slate))
            ])
    }
}
