import Testing

@testable import TermGrid

/// Reads `text` as `f.toml`, expecting an error.
private func readError(_ text: String) -> TOMLFileError? {
    #expect(throws: TOMLFileError.self) { try TOMLDocument(text: text, file: "f.toml") }
}

@Suite("The TOML reader (TOMLKit) shared by themes, keys.toml and studio.toml")
struct TOMLDocumentTests {
    @Test("every kind of TOML value reads into plain Swift values")
    func values() throws {
        let text = """
            \u{FEFF}# comment
            bare-key_1 = "tab\\there \\"q\\" \\u00e9 \\U0001F3AC # not a comment" # a comment
            "quoted.key" = 'C:\\raw'
            a . "b.c" . d = -1_000
            hex = 0x1F
            float = 1.5
            yes = true
            when = 2024-05-01
            multi = \"\"\"
            two
            lines\"\"\"
            list = [
              "one",  # a comment inside
              2,
            ]
            table = { x = "y", nested = { z = false } }

            [head."er"]
            k = +7

            [[shots]]
            n = 1
            """
        let root = try TOMLDocument(text: text, file: "t.toml").root
        #expect(root["bare-key_1"] == .string("tab\there \"q\" é 🎬 # not a comment"))
        #expect(root["quoted.key"] == .string("C:\\raw"))
        #expect(
            root["a"]
                == .table(["b.c": .table(["d": .integer(-1000)], inline: false)], inline: false))
        #expect(root["hex"] == .integer(31))
        #expect(root["float"] == .float(1.5))
        #expect(root["yes"] == .boolean(true))
        #expect(root["when"] == .dateTime("2024-05-01"))
        #expect(root["multi"] == .string("two\nlines"))
        #expect(root["list"] == .array([.string("one"), .integer(2)]))
        #expect(
            root["table"]
                == .table(
                    ["x": .string("y"), "nested": .table(["z": .boolean(false)], inline: true)], inline: true)
        )
        #expect(root["head"] == .table(["er": .table(["k": .integer(7)], inline: false)], inline: false))
        #expect(root["shots"] == .array([.table(["n": .integer(1)], inline: false)]))
        #expect(root["float"]?.kind == "a number with a fraction")
    }

    @Test("a key's line is found again for a message, and the message names file, line and key")
    func keyLines() throws {
        let text = """
            # top
            theme = "dark"

            [global]
            "ctrl-n" = "shot.add"
            list = [
              1,
            ]
            "?" = "help"
            """
        let document = try TOMLDocument(text: text, file: "keys.toml")
        #expect(document.line(of: ["theme"]) == 2)
        #expect(document.line(of: ["global"]) == 4)
        #expect(document.line(of: ["global", "ctrl-n"]) == 5)
        #expect(document.line(of: ["global", "list"]) == 8, "a value over several lines: its last line")
        #expect(document.line(of: ["global", "?"]) == 9)
        #expect(document.line(of: ["nowhere"]) == nil)
        let error = document.error(at: ["global", "?"], problem: "the problem", remedy: "the remedy")
        #expect(error.userMessage == "keys.toml:9: global.\"?\": the problem; the remedy.")
        #expect(error.isUserError)
        #expect(TOMLFileError.display(["ui.title", "fg"]) == "ui.title.fg")
        #expect(TOMLFileError.display(["shots", "ctrl-n"]) == "shots.ctrl-n")
        #expect(TOMLFileError.display(["shots", ".", ""]) == "shots.\".\".\"\"")
    }

    @Test("a file that is not TOML is refused with the line, the column and what to do")
    func syntaxErrors() {
        let cases: [(text: String, place: String, problem: String, remedy: String)] = [
            ("just words\n", "f.toml:1:6", "expected = after the key", "write key = value"),
            ("x =\n", "f.toml:1:4", "the value is missing after =", "give a \"string\""),
            (
                "# x\n\"ui\" = { fg = \"red }\n", "f.toml:2:21", "the string is not closed",
                "add the closing quote"
            ),
            ("a = \"x\\q\"\n", "f.toml:1:8", "\\q is not an escape TOML knows", "write \\\\ for a backslash"),
            ("a = \"\u{01}\"\n", "f.toml:1:6", "control character", "\\u001b"),
            ("ui = \"red\" \"blue\"\n", "f.toml:1:12", "follows the value", "on a line of its own"),
            ("a = [1 2]\n", "f.toml:1:8", "expected , or ] in the list", "separate the items with commas"),
            (
                "a = {b = 1 c = 2}\n", "f.toml:1:12", "expected , or } in the table",
                "with commas and end with }"
            ),
            ("\"ui\" = { modifiers = [\"bold\"\n", "f.toml:1:30", "the list is not closed", "add ]"),
            ("[nowhere\nx = 1\n", "f.toml:1:9", "the [table] header is not closed", "write [nowhere]"),
            (
                "[palette]\na = 1\n\n[palette]\nb = 2\n", "f.toml:4:1",
                "[palette] is already given on line 1",
                "put these keys under that [palette] and delete this line"
            ),
            (
                "\"ui\" = \"red\"\n\"ui.title\" = \"red\"\n\"ui\" = \"blue\"\n", "f.toml:3:8",
                "ui is already given on line 1", "keep one of the two"
            ),
            (
                "[global]\nx = \"a\"\nx = \"b\"\n", "f.toml:3:5", "x is already given on line 2",
                "keep one of the two"
            ),
            (
                "\"ui\" = { fg = \"red\", fg = \"blue\" }\n", "f.toml:1:27", "given twice in this table",
                "keep one of the two"
            ),
            (
                "ui = \"green\"\n[ui.border]\nfg = \"x\"\n", "f.toml:2:1",
                "ui.border adds to ui, which has a value on line 1",
                "write [\"ui.border\"]"
            ),
            ("a = \"ok\"\nb = \"x\0\"\n", "f.toml:2", "NUL character", "save it as plain UTF-8 text"),
        ]
        for item in cases {
            let message = readError(item.text)?.userMessage ?? ""
            #expect(message.hasPrefix(item.place + ":") || message.hasPrefix(item.place + " "), "\(message)")
            #expect(message.contains(item.problem), "\(message)")
            #expect(message.contains(item.remedy), "\(message)")
        }
    }

    @Test("lines Kinora's old readers took are refused with the line written in TOML")
    func oldFormsRewritten() {
        let cases: [(text: String, place: String, rewrite: String, why: String)] = [
            // keys.toml: keys and commands without quotes.
            (
                "[global]\nx = \"none\"\n? = \"help\"\n", "f.toml:3:1", "write \"?\" = \"help\"",
                "keys other than letters, digits, - and _ go in quotes"
            ),
            ("? = help\n", "f.toml:1:1", "write \"?\" = \"help\"", "text goes in quotes"),
            (
                "[shots]\nj = shot.next  # down\n", "f.toml:2:5", "write j = \"shot.next\"",
                "text goes in quotes"
            ),
            ("x = none\n", "f.toml:1:6", "write x = \"none\"", "text goes in quotes"),
            (
                "< = preview.scrub-back\n", "f.toml:1:1", "write \"<\" = \"preview.scrub-back\"",
                "go in quotes"
            ),
            ("alt-. = \"wipe.left\"\n", "f.toml:1:7", "write \"alt-.\" = \"wipe.left\"", "go in quotes"),
            ("{ = \"trim.in\"\n", "f.toml:1:1", "write \"{\" = \"trim.in\"", "go in quotes"),
            // studio.toml: a theme without quotes, or with one quote.
            ("theme = light\n", "f.toml:1:9", "write theme = \"light\"", "text goes in quotes"),
            ("theme = \"light\n", "f.toml:1:15", "write theme = \"light\"", "the same quote at both ends"),
            ("theme = 'light\n", "f.toml:1:15", "write theme = \"light\"", "the same quote at both ends"),
            // Themes: scopes that add to a scope with a value, inline tables over lines, \e, 08.
            (
                "ui = \"green\"\nui.title = { fg = \"accent\" }\n", "f.toml:2:1",
                "write \"ui.title\" = { fg = \"accent\" }", "a dotted name in quotes is one key"
            ),
            (
                "\"ui\" = { fg = \"red\" }\n[ui.title]\nfg = \"x\"\n", "f.toml:2:1", "write [\"ui.title\"]",
                "does not add to ui"
            ),
            (
                "\"ui.title\" = {\n  fg = \"accnt\" }\n", "f.toml:1:15",
                "write lines 1–2 as one: \"ui.title\" = { fg = \"accnt\" }", "stays on one line"
            ),
            (
                "\"ui.title\" = { # the title\n  fg = \"a\",  # accent\n  bg = \"b\",\n}\nz = 1\n",
                "f.toml:1:16",
                "write lines 1–4 as one: \"ui.title\" = { fg = \"a\", bg = \"b\" }", "stays on one line"
            ),
            (
                "\"ui\" = { fg = \"red\", }\n", "f.toml:1:22", "write \"ui\" = { fg = \"red\" }",
                "no comma before"
            ),
            (
                "\"ui\" = \"\\e[1m\"\n", "f.toml:1:10", "write \"ui\" = \"\\u001b[1m\"",
                "TOML has no \\e escape"
            ),
            ("muted = 08\n", "f.toml:1:11", "write muted = 8", "whole numbers do not start with 0"),
            ("\"ui\" = red\n", "f.toml:1:8", "write \"ui\" = \"red\"", "text goes in quotes"),
            ("\"ui\" = #ff0000\n", "f.toml:1:8", "write \"ui\" = \"#ff0000\"", "text goes in quotes"),
        ]
        for item in cases {
            let message = readError(item.text)?.userMessage ?? ""
            #expect(message.hasPrefix(item.place + ":"), "\(message)")
            #expect(message.contains(item.rewrite), "\(message)")
            #expect(message.contains(item.why), "\(message)")
        }
    }

    @Test("input toml++ would abort on is refused first; look-alikes in lists and strings still read")
    func inputTomlPlusPlusAssertsOn() throws {
        let refused: [(text: String, place: String, says: String)] = [
            ("[\n", "f.toml:1:2", "a [table] header starts with a name, found the end of the line"),
            ("x = 1\n  [ ?]\n", "f.toml:2:5", "write [\"?\"]"),
            ("[=x]\n", "f.toml:1:2", "found \"=\""),
            ("a = [}\n", "f.toml:1:6", "end the list with ]"),
            ("a = [1, # one\n }\n", "f.toml:2:2", "expected a value or ] in the list"),
            ("a = [\"[#\", }\n}\n", "f.toml:1:12", "expected a value or ] in the list"),
            ("ab=[}\n[\t=]\n", "f.toml:1:5", "expected a value or ] in the list"),
        ]
        for item in refused {
            let message = readError(item.text)?.userMessage ?? ""
            #expect(message.hasPrefix(item.place + ":"), "\(message)")
            #expect(message.contains(item.says), "\(message)")
        }
        let fine = """
            a = [
              [ 1 ],
              [ "x" ],
            ]
            b = "[}"
            c = ["x, }"]
            d = \"\"\"
            [=
            \"\"\"
            """
        let root = try TOMLDocument(text: fine, file: "f.toml").root
        #expect(root["b"] == .string("[}"))
        #expect(root["c"] == .array([.string("x, }")]))
        #expect(root["d"] == .string("[=\n"))
    }

    @Test("scraps of TOML punctuation never stop the program: each reads or is refused")
    func scrapsNeverAbort() {
        let alphabet = Array("[]{}=\"'#\n abc1-_,.\\:\t0")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<1500 {
            let text = String((0...next(24)).map { _ in alphabet[next(alphabet.count)] })
            do {
                _ = try TOMLDocument(text: text, file: "f.toml")
            } catch {
                #expect(
                    error.userMessage.hasPrefix("f.toml:"), "\(text.debugDescription): \(error.userMessage)")
            }
        }
    }
}
