import Foundation
import KinoraThemes
import Testing

@testable import TermGrid

/// A folder of theme files for one test, removed when the test is done with it.
private final class ThemeFolder {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kinora-themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Loads `name` from `folders`, expecting a ``ThemeError``.
private func loadError(_ name: String, _ folders: [ThemeFolder]) -> ThemeError? {
    #expect(throws: ThemeError.self) { try Theme.load(named: name, directories: folders.map(\.url)) }
}

private func rgb(_ hex: UInt32) -> TerminalColor {
    .rgb(UInt8(hex >> 16 & 0xFF), UInt8(hex >> 8 & 0xFF), UInt8(hex & 0xFF))
}

@Suite("Colour themes")
struct ThemeTests {
    static let bundledNames = ["dark", "high-contrast", "light"]

    func bundled() throws -> [URL] { [try #require(BundledThemes.folder)] }

    // MARK: Bundled themes

    @Test("the three bundled themes load and are all that `available` finds")
    func bundledThemesLoad() throws {
        let folders = try bundled()
        #expect(Theme.available(in: folders) == Self.bundledNames)
        for name in Self.bundledNames {
            let theme = try Theme.load(named: name, directories: folders)
            #expect(theme.name == name)
            for scope in Theme.studioScopes {
                #expect(theme.style(scope) != .plain, "\(name): \(scope) is plain")
            }
        }
    }

    @Test("dark defines every studio scope itself, with the colours its palette gives")
    func darkDefinesEveryScope() throws {
        let dark = try Theme.load(named: "dark", directories: try bundled())
        for scope in Theme.studioScopes {
            #expect(dark.defines(scope), "dark does not define \(scope)")
            #expect(dark.style(scope) != .plain)
        }
        #expect(dark.style("ui") == CellStyle(foreground: rgb(0xCDD6F4), background: rgb(0x1E1E2E)))
        #expect(
            dark.style("ui.shotlist.selected")
                == CellStyle(foreground: rgb(0x1E1E2E), background: rgb(0x89B4FA), attributes: .bold))
        // Defines only fg: the background comes from `ui`.
        #expect(
            dark.style("ui.shotlist.label") == CellStyle(foreground: rgb(0xCBA6F7), background: rgb(0x1E1E2E))
        )
    }

    @Test("high contrast uses only the 16 ANSI colours and defines every scope")
    func highContrastIsSixteenColours() throws {
        let theme = try Theme.load(named: "high-contrast", directories: try bundled())
        for scope in Theme.studioScopes {
            #expect(theme.defines(scope))
            let style = theme.style(scope)
            for color in [style.foreground, style.background] {
                if case .ansi = color { continue }
                Issue.record("high-contrast \(scope) uses \(color)")
            }
        }
    }

    @Test("light inherits dark: its palette and overrides win, dark's other scopes stay")
    func lightInheritsDark() throws {
        let folders = try bundled()
        let dark = try Theme.load(named: "dark", directories: folders)
        let light = try Theme.load(named: "light", directories: folders)
        // A palette override reaches a scope only dark defines.
        #expect(light.style("ui").background == rgb(0xEFF1F5))
        #expect(dark.style("ui").background == rgb(0x1E1E2E))
        // A scope light does not touch keeps dark's shape with light's colours.
        #expect(
            light.style("ui.title")
                == CellStyle(foreground: rgb(0x1E66F5), background: rgb(0xEFF1F5), attributes: .bold))
        // Scopes light overrides.
        #expect(dark.style("ui.border").foreground == rgb(0x585B70))
        #expect(light.style("ui.border").foreground == rgb(0x7C7F93))
        #expect(dark.style("ui.hint").attributes == .italic)
        #expect(light.style("ui.hint").attributes == [])
        for scope in Theme.studioScopes { #expect(light.defines(scope)) }
    }

    // MARK: Scopes

    @Test("a scope falls back to its parents field by field, then to plain")
    func scopeFallback() throws {
        let folder = try ThemeFolder([
            "t.toml": """
            "ui" = { fg = "#111111", bg = "#222222", modifiers = ["bold"] }
            "ui.list" = { fg = "red" }
            "ui.list.selected" = { bg = "blue", modifiers = [] }
            "ui.deep.child" = { fg = 42 }
            """
        ])
        let theme = try Theme.load(named: "t", directories: [folder.url])
        let base = CellStyle(foreground: rgb(0x111111), background: rgb(0x222222), attributes: .bold)
        #expect(theme.style("ui") == base)
        #expect(
            theme.style("ui.list")
                == CellStyle(foreground: .ansi(1), background: rgb(0x222222), attributes: .bold))
        #expect(theme.style("ui.list.selected") == CellStyle(foreground: .ansi(1), background: .ansi(4)))
        // Undefined scopes take their nearest defined parent's style.
        #expect(theme.style("ui.list.selected.extra") == theme.style("ui.list.selected"))
        #expect(theme.style("ui.other") == base)
        #expect(theme.style("ui.deep") == base)
        // `ui.deep` is not defined: `ui.deep.child` takes its missing fields from `ui`.
        #expect(
            theme.style("ui.deep.child")
                == CellStyle(foreground: .indexed(42), background: rgb(0x222222), attributes: .bold))
        #expect(theme.style("elsewhere") == .plain)
        #expect(theme.style("") == .plain)
    }

    @Test("scopes may also be written as tables, bare dotted keys or a bare colour")
    func scopeForms() throws {
        let folder = try ThemeFolder([
            "t.toml": """
            "ui.title" = { fg = "accent" }
            ui-list.row.fg = "red"  # bare dotted keys
            [ui]
            fg = "green"
            [ui.border]
            fg = "accent"
            modifiers = ["underline", "bold"]
            [ui.border.focused]
            bg = 4
            [ui.jobs]
            fg = "blue"
            progress = "accent"  # a bare colour below a table's own fields
            [palette]
            accent = 208
            """
        ])
        let theme = try Theme.load(named: "t", directories: [folder.url])
        #expect(theme.style("ui") == CellStyle(foreground: .ansi(2)))
        #expect(theme.style("ui.title") == CellStyle(foreground: .indexed(208)))
        #expect(theme.style("ui-list.row") == CellStyle(foreground: .ansi(1)))
        #expect(
            theme.style("ui.border") == CellStyle(foreground: .indexed(208), attributes: [.underline, .bold]))
        #expect(
            theme.style("ui.border.focused")
                == CellStyle(
                    foreground: .indexed(208), background: .ansi(4), attributes: [.underline, .bold]))
        #expect(theme.style("ui.jobs") == CellStyle(foreground: .ansi(4)))
        #expect(theme.style("ui.jobs.progress") == CellStyle(foreground: .indexed(208)))
    }

    @Test("a bare dotted scope beside a scope with a value (the old reader took it) shows the TOML to write")
    func bareDottedScopesBesideAValue() throws {
        let old = try ThemeFolder([
            "t.toml": """
            ui = "green"
            ui.title = { fg = "accent" }  # bare dotted key
            [palette]
            accent = 208
            """
        ])
        let error = loadError("t", [old])
        guard case .toml(let details) = error else {
            Issue.record("expected a TOML error, got \(String(describing: error))")
            return
        }
        #expect(details.file == old.path("t.toml") && details.line == 2 && details.column == 1)
        let message = error?.userMessage ?? ""
        for part in [
            "\(old.path("t.toml")):2:1:", "ui.title adds to ui, which has a value on line 1",
            "write \"ui.title\" = { fg = \"accent\" }", "a dotted name in quotes is one key",
        ] {
            #expect(message.contains(part), "\(message)")
        }
        let header = try ThemeFolder(["h.toml": "ui = \"green\"\n[ui.border]\nfg = \"red\"\n"])
        let headerMessage = loadError("h", [header])?.userMessage ?? ""
        #expect(headerMessage.contains("h.toml:2:1: ui.border adds to ui"), "\(headerMessage)")
        #expect(headerMessage.contains("write [\"ui.border\"]"), "\(headerMessage)")
        // Written as the message says, it loads as the old reader read it.
        let fixed = try ThemeFolder([
            "t.toml": """
            ui = "green"
            "ui.title" = { fg = "accent" }
            ["ui.border"]
            fg = "red"
            [palette]
            accent = 208
            """
        ])
        let theme = try Theme.load(named: "t", directories: [fixed.url])
        #expect(theme.style("ui.title") == CellStyle(foreground: .indexed(208)))
        #expect(theme.style("ui.border") == CellStyle(foreground: .ansi(1)))
    }

    @Test("every colour form a theme may write")
    func colourForms() throws {
        let folder = try ThemeFolder([
            "t.toml": """
            "a" = { fg = "#A0b1C2", bg = "#fff" }
            "b" = { fg = "bright-blue", bg = "light-red" }
            "c" = { fg = "gray", bg = "light-gray" }
            "d" = { fg = "default", bg = "7" }
            "e" = { fg = 255, bg = "Magenta" }
            "f" = { fg = "red" }
            [palette]
            red = "#ff0000"
            """
        ])
        let theme = try Theme.load(named: "t", directories: [folder.url])
        #expect(theme.style("a") == CellStyle(foreground: rgb(0xA0B1C2), background: rgb(0xFFFFFF)))
        #expect(theme.style("b") == CellStyle(foreground: .ansi(12), background: .ansi(9)))
        #expect(theme.style("c") == CellStyle(foreground: .ansi(8), background: .ansi(7)))
        #expect(theme.style("d") == CellStyle(foreground: .standard, background: .ansi(7)))
        #expect(theme.style("e") == CellStyle(foreground: .indexed(255), background: .ansi(5)))
        // A palette name shadows the ANSI name.
        #expect(theme.style("f") == CellStyle(foreground: rgb(0xFF0000)))
    }

    // MARK: Inheritance

    @Test("a circle of inherits is refused, naming the files")
    func cyclesRefused() throws {
        let folder = try ThemeFolder([
            "a.toml": "inherits = \"b\"\n",
            "b.toml": "# b\n\"ui\" = \"red\"\ninherits = \"c\"\n",
            "c.toml": "inherits = \"a\"\n",
        ])
        let error = loadError("a", [folder])
        guard case .inheritanceCycle(let chain, let file, let line) = error else {
            Issue.record("expected a cycle, got \(String(describing: error))")
            return
        }
        #expect(chain.count == 4)
        #expect(file == folder.path("c.toml") && line == 1)
        let message = error?.userMessage ?? ""
        for name in [
            "a.toml", "b.toml", "\(folder.path("c.toml")):1: inherits", "circle", "Remove the inherits line",
        ] {
            #expect(message.contains(name), "\(message)")
        }
    }

    @Test("a theme may refine one of the same name from a later folder; alone it is not found")
    func inheritsSameName() throws {
        let user = try ThemeFolder([
            "dark.toml":
                "inherits = \"dark\"\n\"ui.title\" = { fg = \"accent\" }\n[palette]\naccent = \"#ff8800\"\n"
        ])
        let theme = try Theme.load(named: "dark", directories: [user.url] + (try bundled()))
        #expect(theme.style("ui.title") == CellStyle(foreground: rgb(0xFF8800), background: rgb(0x1E1E2E)))
        #expect(theme.style("ui.shotlist.selected").background == rgb(0xFF8800))
        #expect(theme.style("ui.ok").foreground == rgb(0xA6E3A1))

        let error = loadError("dark", [user])
        guard case .parentNotFound(let file, let line, let name, _) = error else {
            Issue.record("expected parentNotFound, got \(String(describing: error))")
            return
        }
        #expect(file == user.path("dark.toml") && line == 1 && name == "dark")
    }

    @Test("a parent's scopes use the child's palette; loaded alone, its missing name is reported")
    func lateBoundPalette() throws {
        let folder = try ThemeFolder([
            "base.toml": "\"ui\" = { fg = \"special\" }\n",
            "child.toml": "inherits = \"base\"\n[palette]\nspecial = \"cyan\"\n",
        ])
        #expect(
            try Theme.load(named: "child", directories: [folder.url]).style("ui")
                == CellStyle(foreground: .ansi(6)))
        let error = loadError("base", [folder])
        #expect(
            error
                == .unknownPaletteName(
                    file: folder.path("base.toml"), line: 1, key: "ui.fg", name: "special", palette: []))
    }

    // MARK: Errors

    @Test("a bad colour names the file, line and key")
    func badColour() throws {
        let folder = try ThemeFolder([
            "t.toml": "# t\n\"ui\" = { fg = \"red\" }\n\"ui.title\" = { fg = \"#12345g\" }\n"
        ])
        let error = loadError("t", [folder])
        #expect(
            error == .badColor(file: folder.path("t.toml"), line: 3, key: "ui.title.fg", value: "#12345g"))
        let message = error?.userMessage ?? ""
        #expect(
            message.contains("\(folder.path("t.toml")):3: ui.title.fg: \"#12345g\" is not a colour"),
            "\(message)")
        #expect(message.contains("#rrggbb"))

        let numbers = try ThemeFolder(["n.toml": "\"ui\" = { bg = 256 }\n"])
        #expect(
            loadError("n", [numbers])
                == .badColor(file: numbers.path("n.toml"), line: 1, key: "ui.bg", value: "256"))

        let palette = try ThemeFolder(["p.toml": "\"ui\" = \"x\"\n\n[palette]\nx = \"#1234\"\n"])
        #expect(
            loadError("p", [palette])
                == .badColor(file: palette.path("p.toml"), line: 4, key: "palette.x", value: "#1234"))
    }

    @Test("an unknown palette name names the file, line and key, and what the palette has")
    func unknownPaletteName() throws {
        let folder = try ThemeFolder([
            "t.toml": """
            "ui" = { fg = "text" }

            "ui.title" = { fg = "accnt" }
            [palette]
            text = "white"
            accent = "blue"
            """
        ])
        let error = loadError("t", [folder])
        #expect(
            error
                == .unknownPaletteName(
                    file: folder.path("t.toml"), line: 3, key: "ui.title.fg", name: "accnt",
                    palette: ["accent", "text"]))
        let message = error?.userMessage ?? ""
        for part in ["\(folder.path("t.toml")):3: ui.title.fg", "\"accnt\"", "accent, text", "[palette]"] {
            #expect(message.contains(part), "\(message)")
        }
    }

    @Test("an unknown modifier or field names the file, line and key")
    func unknownModifier() throws {
        let folder = try ThemeFolder(["t.toml": "\n\"ui.title\" = { modifiers = [\"bold\", \"blink\"] }\n"])
        let error = loadError("t", [folder])
        #expect(
            error
                == .unknownModifier(
                    file: folder.path("t.toml"), line: 2, key: "ui.title.modifiers", modifier: "blink"))
        let message = error?.userMessage ?? ""
        #expect(message.contains("t.toml:2: ui.title.modifiers: \"blink\""), "\(message)")
        #expect(message.contains("bold, dim, underline, reverse or italic"))

        let fields = try ThemeFolder(["f.toml": "\"ui\" = { fg = \"red\", colour = \"blue\" }\n"])
        #expect(
            loadError("f", [fields])
                == .unknownField(file: fields.path("f.toml"), line: 1, key: "ui", field: "colour"))
    }

    @Test("syntax errors name the line and column: unterminated string, missing =, bare words and more")
    func syntaxErrors() throws {
        let cases: [(text: String, line: Int, column: Int, says: String)] = [
            ("# x\n\"ui\" = { fg = \"red }\n", 2, 21, "not closed"),
            ("\"ui\" = \"red\"\n\n\n\"ui.title\" { fg = \"red\" }\n", 4, 12, "expected = after the key"),
            ("\"ui\" = red\n", 1, 8, "write \"ui\" = \"red\""),
            ("\"ui\" = { fg = \"red\" \n", 1, 21, "must close on the line it opens"),
            ("ui = \"red\" \"blue\"\n", 1, 12, "own"),
            ("[palette\nx = \"red\"\n", 1, 9, "[palette]"),
            ("\"ui\" = \"\\q\"\n", 1, 10, "escape"),
            ("\"ui\" = #ff0000\n", 1, 8, "write \"ui\" = \"#ff0000\""),
            ("\"ui\" = { modifiers = [\"bold\"\n", 1, 30, "add ]"),
            ("\"ui\" = \"\\e[1m\"\n", 1, 10, "\\u001b"),
        ]
        for item in cases {
            let folder = try ThemeFolder(["t.toml": item.text])
            let error = loadError("t", [folder])
            guard case .toml(let details) = error else {
                Issue.record(
                    "\(item.text.debugDescription): expected a syntax error, got \(String(describing: error))"
                )
                continue
            }
            #expect(details.file == folder.path("t.toml"))
            #expect(details.line == item.line, "\(item.text.debugDescription): \(details.userMessage)")
            #expect(details.column == item.column, "\(item.text.debugDescription): \(details.userMessage)")
            let message = error?.userMessage ?? ""
            #expect(message.contains(item.says), "\(item.text.debugDescription): \(message)")
            #expect(message.hasPrefix("\(folder.path("t.toml")):\(item.line):\(item.column): "), "\(message)")
        }
        // What the old reader refused and TOML allows now reads: floats, multi-line strings, [[tables]].
        let fine = try ThemeFolder(["t.toml": "\"ui\" = \"\"\"red\"\"\"\n"])
        #expect(
            try Theme.load(named: "t", directories: [fine.url]).style("ui") == CellStyle(foreground: .ansi(1))
        )
        let float = try ThemeFolder(["t.toml": "\"ui\" = { fg = 1.5 }\n"])
        #expect(
            loadError("t", [float])?.userMessage.contains(
                "t.toml:1: ui.fg: expected a colour in quotes, such as \"accent\", found a number with a fraction"
            )
                == true)
    }

    @Test("inherits written under [palette] is pointed back to the top of the file")
    func inheritsUnderPalette() throws {
        let folder = try ThemeFolder(["t.toml": "\"ui\" = \"red\"\n[palette]\ninherits = \"dark\"\n"])
        let error = loadError("t", [folder])
        guard case .syntax(_, 3, "palette.inherits", let problem) = error else {
            Issue.record("expected a syntax error on line 3, got \(String(describing: error))")
            return
        }
        #expect(problem.contains("top of the file"))
        #expect(
            error?.userMessage.contains("t.toml:3: palette.inherits: inherits belongs at the top") == true)
    }

    @Test("a key or scope given twice is refused with both lines")
    func duplicateKeys() throws {
        let folder = try ThemeFolder([
            "t.toml": "\"ui\" = \"red\"\n\"ui.title\" = \"red\"\n\"ui\" = \"blue\"\n"
        ])
        let twice = loadError("t", [folder])?.userMessage ?? ""
        #expect(
            twice.hasPrefix("\(folder.path("t.toml")):3:8: ui is already given on line 1; keep one"),
            "\(twice)")
        let inline = try ThemeFolder(["t.toml": "\"ui\" = { fg = \"red\", fg = \"blue\" }\n"])
        let inlineTwice = loadError("t", [inline])?.userMessage ?? ""
        #expect(
            inlineTwice.hasPrefix(
                "\(inline.path("t.toml")):1:27: a key is given twice in this table; keep one"))
        // Two ways of writing one scope: TOML allows both, the theme does not.
        let forms = try ThemeFolder(["t.toml": "\"ui.title\" = \"red\"\n[ui.title]\nbg = \"blue\"\n"])
        let error = loadError("t", [forms])
        #expect(error == .duplicateKey(file: forms.path("t.toml"), line: 2, key: "ui.title", firstLine: 1))
        for part in [
            "t.toml:2: ui.title: the scope ui.title is already defined on line 1", "Keep one of the two",
        ] {
            #expect(error?.userMessage.contains(part) == true, "\(error?.userMessage ?? "")")
        }
    }

    @Test("a value of the wrong kind names the file, line and key, what was expected and what was found")
    func wrongTypes() throws {
        let cases: [(text: String, says: String)] = [
            (
                "inherits = 3\n",
                "t.toml:1: inherits: expected a theme name in quotes, such as \"dark\", found a whole number"
            ),
            ("palette = \"x\"\n", "t.toml:1: palette: expected a [palette] table of colours"),
            (
                "[palette]\nx = true\n",
                "t.toml:2: palette.x: expected a colour such as \"#89b4fa\" (scopes go above [palette]"
            ),
            (
                "[palette]\na.b = \"red\"\n",
                "t.toml:2: palette.a: expected a colour such as \"#89b4fa\" (scopes go above [palette], at the top of the file), found a dotted name"
            ),
            (
                "\"ui\" = [\"red\"]\n",
                "t.toml:1: ui: expected a style such as { fg = \"text\", bg = \"bg\", modifiers = [\"bold\"] }, found a list"
            ),
            (
                "\"ui\" = { bg = true }\n",
                "t.toml:1: ui.bg: expected a colour in quotes, such as \"accent\", found true or false"
            ),
            (
                "\"ui\" = { modifiers = 1 }\n",
                "t.toml:1: ui.modifiers: expected a list such as [\"bold\", \"underline\"], found a whole number"
            ),
            (
                "\"ui\" = { modifiers = [1] }\n",
                "t.toml:1: ui.modifiers: expected modifier names in quotes, such as \"bold\", found a whole number"
            ),
            ("[[ui]]\nfg = \"red\"\n", "t.toml:1: ui: expected a style such as { fg"),
        ]
        for item in cases {
            let folder = try ThemeFolder(["t.toml": item.text])
            let message = loadError("t", [folder])?.userMessage ?? ""
            #expect(message.contains(item.says), "\(message)")
            #expect(message.contains("Change the value"), "\(message)")
        }
    }

    @Test("a parent no folder holds, and a file that is not UTF-8, say what to do")
    func missingParentAndUnreadable() throws {
        let folder = try ThemeFolder(["t.toml": "# mine\ninherits = \"nope\"\n"])
        let message = loadError("t", [folder])?.userMessage ?? ""
        for part in [
            "t.toml:2: inherits: no theme named \"nope\"",
            "Fix the name, add nope.toml, or remove the inherits line",
        ] {
            #expect(message.contains(part), "\(message)")
        }
        let binary = try ThemeFolder([:])
        try Data([0xFF, 0xFE, 0x00]).write(to: binary.url.appendingPathComponent("b.toml"))
        let unreadable = loadError("b", [binary])
        #expect(unreadable == .unreadable(file: binary.path("b.toml"), reason: "it is not UTF-8 text"))
        #expect(unreadable?.userMessage.contains("Save it as UTF-8 text") == true)
    }

    @Test("a missing theme names the folders and the themes there; a path is not a name")
    func missingTheme() throws {
        let folder = try ThemeFolder(["mine.toml": "\"ui\" = \"red\"\n"])
        let error = loadError("nope", [folder])
        #expect(error == .notFound(name: "nope", directories: [folder.url.path], available: ["mine"]))
        #expect(error?.userMessage.contains("~/.config/kinora/themes") == true)
        #expect(error?.isUserError == true)
        #expect(loadError("../mine", [folder]) == .invalidName("../mine"))
        #expect(try Theme.load(named: "mine.toml", directories: [folder.url]).name == "mine")
    }

    // MARK: Colour depth

    @Test("256 colours: rgb goes to the nearest cube or grey-ramp colour")
    func indexedMapping() {
        let cases: [(TerminalColor, TerminalColor)] = [
            (rgb(0xFF0000), .indexed(196)), (rgb(0x5F87AF), .indexed(67)), (rgb(0x808080), .indexed(244)),
            (rgb(0x000000), .indexed(16)), (rgb(0xFFFFFF), .indexed(231)), (rgb(0x1E1E2E), .indexed(234)),
            (rgb(0x89B4FA), .indexed(111)), (.ansi(3), .ansi(3)), (.indexed(100), .indexed(100)),
            (.standard, .standard),
        ]
        for (color, expected) in cases {
            #expect(color.mapped(to: .indexed256) == expected, "\(color)")
        }
    }

    @Test("16 colours: rgb and indexed go to the nearest ANSI colour, keeping hue")
    func ansiMapping() {
        let cases: [(TerminalColor, TerminalColor)] = [
            (rgb(0xFF0000), .ansi(9)), (rgb(0xAA0000), .ansi(1)), (rgb(0x000000), .ansi(0)),
            (rgb(0xFFFFFF), .ansi(15)),
            (rgb(0x1E1E2E), .ansi(0)), (rgb(0x89B4FA), .ansi(12)), (rgb(0xA6E3A1), .ansi(10)),
            (.indexed(196), .ansi(9)),
            (.indexed(4), .ansi(4)), (.indexed(244), .ansi(8)), (.ansi(13), .ansi(13)),
        ]
        for (color, expected) in cases {
            #expect(color.mapped(to: .ansi16) == expected, "\(color)")
        }
    }

    @Test("bundled themes map: high contrast is unchanged in 16 colours; true colour restores")
    func themeMapping() throws {
        let folders = try bundled()
        let contrast = try Theme.load(named: "high-contrast", directories: folders)
        let dark = try Theme.load(named: "dark", directories: folders)
        for scope in Theme.studioScopes {
            #expect(contrast.mapped(to: .ansi16).style(scope) == contrast.style(scope), "\(scope)")
            #expect(contrast.mapped(to: .indexed256).style(scope) == contrast.style(scope), "\(scope)")
            let small = dark.mapped(to: .ansi16).style(scope)
            for color in [small.foreground, small.background] {
                if case .ansi = color { continue }
                Issue.record("dark in 16 colours: \(scope) is \(color)")
            }
            #expect(small.attributes == dark.style(scope).attributes)
            #expect(small.foreground != small.background, "\(scope) is unreadable in 16 colours")
            let indexed = dark.mapped(to: .indexed256).style(scope)
            #expect(indexed.foreground != indexed.background, "\(scope) is unreadable in 256 colours")
            #expect(dark.mapped(to: .monochrome).mapped(to: .trueColor).style(scope) == dark.style(scope))
        }
        #expect(dark.mapped(to: .indexed256).style("ui.shotlist.selected").background == .indexed(111))
        #expect(
            dark.mapped(to: .ansi16).style("ui.shotlist.selected")
                == CellStyle(foreground: .ansi(0), background: .ansi(12), attributes: .bold))
    }

    @Test("text never maps onto its own background")
    func foregroundAvoidsBackground() {
        let style = CellStyle(foreground: rgb(0x26263A), background: rgb(0x1E1E2E))
        #expect(style.mapped(to: .ansi16).background == .ansi(0))
        #expect(style.mapped(to: .ansi16).foreground != .ansi(0))
        let near = CellStyle(foreground: rgb(0x010101), background: rgb(0x000000))
        #expect(near.mapped(to: .indexed256).foreground != near.mapped(to: .indexed256).background)
        // Equal colours stay equal: the theme asked for it.
        let same = CellStyle(foreground: rgb(0x123456), background: rgb(0x123456))
        #expect(same.mapped(to: .ansi16).foreground == same.mapped(to: .ansi16).background)
    }

    @Test("monochrome drops colours, keeps modifiers, and reverses what a background marked")
    func monochrome() throws {
        let dark = try Theme.load(named: "dark", directories: try bundled()).mapped(to: .monochrome)
        for scope in Theme.studioScopes {
            let style = dark.style(scope)
            #expect(style.foreground == .standard && style.background == .standard, "\(scope)")
        }
        #expect(dark.style("ui") == .plain)
        #expect(dark.style("ui.title") == CellStyle(attributes: .bold))
        #expect(dark.style("ui.hint") == CellStyle(attributes: .italic))
        #expect(dark.style("ui.shotlist.selected") == CellStyle(attributes: [.bold, .reverse]))
        #expect(dark.style("ui.shotlist.selected.label").attributes.contains(.reverse))
        #expect(dark.style("ui.inspector.cursor").attributes.contains(.reverse))
        #expect(!dark.style("ui.shotlist").attributes.contains(.reverse))
        // Inside a reversed popup, the selected row is the one not reversed.
        #expect(dark.style("ui.popup").attributes.contains(.reverse))
        #expect(dark.style("ui.popup.match").attributes.contains(.reverse))
        #expect(!dark.style("ui.popup.selected").attributes.contains(.reverse))
        #expect(dark.style("ui.statusline").attributes != dark.style("ui.statusline.mode").attributes)

        let contrast = try Theme.load(named: "high-contrast", directories: try bundled()).mapped(
            to: .monochrome)
        #expect(contrast.style("ui.shotlist.selected").attributes.contains(.reverse))
        #expect(contrast.style("ui.timeline.shot") != contrast.style("ui.timeline.shot.selected"))
    }

    @Test("a scope with no defined parent is reversed in monochrome when it has a background")
    func monochromeWithoutParent() throws {
        let folder = try ThemeFolder([
            "t.toml": "\"ui.list.selected\" = { bg = \"blue\" }\n\"plain\" = { bg = \"blue\" }\n"
        ])
        let theme = try Theme.load(named: "t", directories: [folder.url]).mapped(to: .monochrome)
        #expect(theme.style("ui.list.selected") == CellStyle(attributes: .reverse))
        #expect(theme.style("plain") == .plain)
    }

    @Test("the fallback theme has no colours: reverse for selections, bold for titles")
    func fallback() {
        let theme = Theme.fallback
        #expect(theme.style("ui") == .plain)
        #expect(theme.style("ui.shotlist") == .plain)
        #expect(theme.style("ui.shotlist.selected") == CellStyle(attributes: .reverse))
        #expect(theme.style("ui.somewhere.new.selected") == CellStyle(attributes: .reverse))
        #expect(theme.style("ui.inspector.cursor") == CellStyle(attributes: .reverse))
        #expect(theme.style("ui.title") == CellStyle(attributes: .bold))
        #expect(theme.style("ui.title.sub") == CellStyle(attributes: .bold))
        #expect(theme.mapped(to: .monochrome).style("ui.popup.selected") == CellStyle(attributes: .reverse))
        #expect(theme.mapped(to: .ansi16).style("other.title") == CellStyle(attributes: .bold))
    }

    // MARK: Listing

    @Test("available lists each NAME.toml once, sorted, skipping other files and missing folders")
    func available() throws {
        let first = try ThemeFolder(["b.toml": "", "a.toml": "", ".hidden.toml": "", "notes.txt": ""])
        let second = try ThemeFolder(["a.toml": "", "c.toml": ""])
        try FileManager.default.createDirectory(
            at: second.url.appendingPathComponent("dir.toml"), withIntermediateDirectories: true)
        let missing = first.url.appendingPathComponent("missing")
        #expect(Theme.available(in: [first.url, missing, second.url]) == ["a", "b", "c"])
        #expect(Theme.available(in: []) == [])
        // The first folder wins.
        let one = try ThemeFolder(["x.toml": "\"ui\" = \"red\"\n"])
        let two = try ThemeFolder(["x.toml": "\"ui\" = \"blue\"\n"])
        #expect(
            try Theme.load(named: "x", directories: [one.url, two.url]).style("ui").foreground == .ansi(1))
        #expect(
            try Theme.load(named: "x", directories: [two.url, one.url]).style("ui").foreground == .ansi(4))
    }
}
