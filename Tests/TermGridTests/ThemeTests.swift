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
            ui = "green"
            ui.title = { fg = "accent" }  # bare dotted key
            [ui.border]
            fg = "accent"
            modifiers = ["underline", "bold"]
            [palette]
            accent = 208
            """
        ])
        let theme = try Theme.load(named: "t", directories: [folder.url])
        #expect(theme.style("ui") == CellStyle(foreground: .ansi(2)))
        #expect(theme.style("ui.title") == CellStyle(foreground: .indexed(208)))
        #expect(
            theme.style("ui.border") == CellStyle(foreground: .indexed(208), attributes: [.underline, .bold]))
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
        for name in ["a.toml", "b.toml", "c.toml", "line 1", "inherits", "circle"] {
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
            message.contains(folder.path("t.toml")) && message.contains("line 3")
                && message.contains("ui.title"))
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
            "ui.title" = {
              fg = "accnt" }
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
        for part in [folder.path("t.toml"), "line 3", "ui.title", "\"accnt\"", "accent, text", "[palette]"] {
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
        #expect(message.contains("line 2") && message.contains("ui.title") && message.contains("\"blink\""))
        #expect(message.contains("bold, dim, underline, reverse or italic"))

        let fields = try ThemeFolder(["f.toml": "\"ui\" = { fg = \"red\", colour = \"blue\" }\n"])
        #expect(
            loadError("f", [fields])
                == .unknownField(file: fields.path("f.toml"), line: 1, key: "ui", field: "colour"))
    }

    @Test("syntax errors name the line: unterminated string, missing =, bare words and more")
    func syntaxErrors() throws {
        let cases: [(text: String, line: Int, key: String?, says: String)] = [
            ("# x\n\"ui\" = { fg = \"red }\n", 2, "ui.fg", "not closed"),
            ("\"ui\" = \"red\"\n\n\n\"ui.title\" { fg = \"red\" }\n", 4, "ui.title", "expected ="),
            ("\"ui\" = red\n", 1, "ui", "write \"red\""),
            ("\"ui\" = { fg = \"red\" \n", 1, "ui", "not closed; add }"),
            ("ui = \"red\" \"blue\"\n", 1, "ui", "own line"),
            ("[palette\nx = \"red\"\n", 1, nil, "[name]"),
            ("\"ui\" = { fg = 1.5 }\n", 1, "ui.fg", "whole number"),
            ("\"ui\" = \"\\q\"\n", 1, "ui", "escape"),
            ("\"ui\" = #ff0000\n", 1, "ui", "in quotes"),
            ("\"ui\" = \"\"\"red\"\"\"\n", 1, "ui", "multi-line"),
            ("\"ui\" = { modifiers = [\"bold\"\n", 1, "ui.modifiers", "add ]"),
        ]
        for item in cases {
            let folder = try ThemeFolder(["t.toml": item.text])
            let error = loadError("t", [folder])
            guard case .syntax(let file, let line, let key, let problem) = error else {
                Issue.record(
                    "\(item.text.debugDescription): expected a syntax error, got \(String(describing: error))"
                )
                continue
            }
            #expect(file == folder.path("t.toml"))
            #expect(line == item.line, "\(item.text.debugDescription): \(problem)")
            #expect(key == item.key, "\(item.text.debugDescription): \(problem)")
            #expect(problem.contains(item.says), "\(item.text.debugDescription): \(problem)")
            let message = error?.userMessage ?? ""
            #expect(message.contains("line \(item.line)") && message.contains("t.toml"))
        }
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
    }

    @Test("a key given twice is refused with both lines")
    func duplicateKeys() throws {
        let folder = try ThemeFolder([
            "t.toml": "\"ui\" = \"red\"\n\"ui.title\" = \"red\"\n\"ui\" = \"blue\"\n"
        ])
        #expect(
            loadError("t", [folder])
                == .duplicateKey(file: folder.path("t.toml"), line: 3, key: "ui", firstLine: 1))
        let inline = try ThemeFolder(["t.toml": "\"ui\" = { fg = \"red\", fg = \"blue\" }\n"])
        #expect(
            loadError("t", [inline])
                == .duplicateKey(file: inline.path("t.toml"), line: 1, key: "ui.fg", firstLine: 1))
        let forms = try ThemeFolder(["t.toml": "\"ui.title\" = \"red\"\n[ui.title]\nbg = \"blue\"\n"])
        #expect(
            loadError("t", [forms])
                == .duplicateKey(file: forms.path("t.toml"), line: 3, key: "ui.title", firstLine: 1))
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

    // MARK: The reader

    @Test("the TOML reader: comments, keys, strings, numbers, booleans, lists and tables")
    func tomlReader() throws {
        let text = """
            \u{FEFF}# comment
            bare-key_1 = "tab\\there \\"q\\" \\u00e9 \\U0001F3AC" # trailing comment
            "quoted.key" = 'C:\\raw'
            a . "b.c" . d = -1_000
            yes = true
            list = [
              "one",  # a comment inside
              2,
            ]
            table = { x = "y", nested = { z = false } }

            [head."er"]
            k = +7
            """
        let entries = try TOMLReader.read(text, file: "t.toml")
        #expect(
            entries.map(\.path) == [
                ["bare-key_1"], ["quoted.key"], ["a", "b.c", "d"], ["yes"], ["list"], ["table"],
                ["head", "er", "k"],
            ])
        #expect(entries.map(\.line) == [2, 3, 4, 5, 6, 10, 13])
        #expect(entries[0].value == .string("tab\there \"q\" é 🎬"))
        #expect(entries[1].value == .string("C:\\raw"))
        #expect(entries[2].value == .integer(-1000))
        #expect(entries[3].value == .boolean(true))
        #expect(entries[4].value == .array([.string("one"), .integer(2)]))
        guard case .table(let fields) = entries[5].value else {
            Issue.record("table is \(entries[5].value)")
            return
        }
        #expect(fields.map(\.key) == [["x"], ["nested"]])
        #expect(
            fields.last?.value
                == .table([TOMLReader.Entry(table: [], key: ["z"], value: .boolean(false), line: 10)]))
        #expect(entries[6].table == ["head", "er"] && entries[6].value == .integer(7))
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
