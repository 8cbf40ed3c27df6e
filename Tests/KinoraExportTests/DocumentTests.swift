import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraExport
@testable import KinoraMedia

/// Plans and take files the document tests share.
enum DocumentFixtures {
    /// The prompt of the demo storyboard's countdown shot.
    static let chinesePrompt = "倒计时：十、九、八…… Countdown: ten, nine, eight…"

    /// A 4-second take that is green, yellow, red and blue for a second each, so the frame a
    /// thumbnail shows says which moment was picked.
    static func colourBands() throws -> URL {
        let bands = ["green", "yellow", "red", "blue"].enumerated().map { index, colour in
            "color=c=\(colour):s=160x90:r=24:d=1[b\(index)]"
        }
        return try TestFiles.media(
            [
                "-filter_complex",
                (bands + ["[b0][b1][b2][b3]concat=n=4:v=1:a=0[out]"]).joined(separator: ";"),
                "-map", "[out]", "-c:v", "libx264", "-pix_fmt", "yuv420p",
            ], name: "bands.mp4")
    }

    /// A shot of `take` from `inPoint` for `frames` frames at 24 fps (a slate without a take).
    static func segment(
        _ serial: Int, label: String = "", prompt: String = "A prompt", take: URL? = nil, inPoint: Double = 0,
        frames: Int = 24
    ) -> FilmSegment {
        FilmSegment(
            shot: ShotID(serial: serial), label: label, prompt: prompt, seed: UInt64(serial * 101),
            take: take == nil ? nil : TakeID(serial: 1), backend: take == nil ? nil : "builtin",
            content: take.map { .take(url: $0, inPoint: inPoint) } ?? .slate, frames: frames, recordStart: 0,
            transitionOut: .cut)
    }

    /// A 1280x720, 24 fps film of `segments`, placed one after another.
    static func plan(_ segments: [FilmSegment], title: String = "Launch") throws -> FilmPlan {
        var placed = segments
        for index in placed.indices.dropFirst() {
            placed[index].recordStart = placed[index - 1].recordStart + placed[index - 1].frames
        }
        return FilmPlan(
            title: title, fps: try #require(FrameRate(numerator: 24)),
            size: try #require(FrameSize(width: 1280, height: 720)), conform: .fit, segments: placed)
    }

    /// `url` decoded at its own size.
    static func decode(_ url: URL) throws -> RGBFrame {
        let video = try #require(try MediaProbe.probe(url).video)
        return try FrameDecoder.decodeImage(
            url: url, size: PixelSize(width: video.width, height: video.height), fit: .stretch)
    }
}

/// Contact sheets: pictures, captions and pages.
@Suite struct ContactSheetTests {
    /// Whether two colours are within `tolerance` on every channel (video compression moves them a little).
    static func isClose(_ colour: RGB, _ expected: RGB, tolerance: Int = 28) -> Bool {
        abs(Int(colour.red) - Int(expected.red)) <= tolerance
            && abs(Int(colour.green) - Int(expected.green)) <= tolerance
            && abs(Int(colour.blue) - Int(expected.blue)) <= tolerance
    }

    /// Pixels of `page` in the rectangle that differ clearly from the paper: how much ink is there.
    static func inkCount(_ page: RGBFrame, x: Range<Int>, y: Range<Int>) -> Int {
        var count = 0
        for row in y {
            for column in x {
                let pixel = page[column, row]
                if !isClose(pixel, ContactSheet.paper, tolerance: 60) { count += 1 }
            }
        }
        return count
    }

    /// Each thumbnail is its shot's frame from the middle of its part of the take, a slate is a dark
    /// card, and every caption (a Chinese one too) puts ink under its cell.
    @Test func thumbnailsAndCaptions() throws {
        let take = try DocumentFixtures.colourBands()
        let folder = take.deletingLastPathComponent()
        let plan = try DocumentFixtures.plan([
            // Middle of 0...1 s: green.
            DocumentFixtures.segment(1, label: "Gantry", take: take),
            // From 1.2 s for 2 s: the middle is 2.2 s, red (the in point itself would be yellow).
            DocumentFixtures.segment(2, label: "Pad", take: take, inPoint: 1.2, frames: 48),
            DocumentFixtures.segment(3, label: "Countdown", prompt: DocumentFixtures.chinesePrompt),
            // From 3 s for 1 s: blue. Text that means something to drawtext or a terminal is drawn as text.
            DocumentFixtures.segment(
                4, label: "It's 100%: {x}",
                prompt: "%{pts} 'quoted', a:b \\ back\\slash\nnew line\u{1B}[31m\u{0}",
                take: take, inPoint: 3),
        ])
        var reported: [Double] = []
        let pages = try ContactSheet.render(plan, to: folder.appendingPathComponent("sheet.png")) {
            reported.append($0)
        }
        #expect(pages == [folder.appendingPathComponent("sheet.png")])
        #expect(reported.last == 1 && reported == reported.sorted())

        let layout = ContactSheetLayout(filmSize: plan.size, shotCount: 4)
        #expect(layout.thumbnail == PixelSize(width: 400, height: 225))
        #expect(layout.pageSize.width == 1740)
        let page = try DocumentFixtures.decode(pages[0])
        #expect(page.size == layout.pageSize)

        let expected: [RGB?] = [
            RGB(red: 0, green: 128, blue: 0), RGB(red: 255, green: 0, blue: 0), nil,
            RGB(red: 0, green: 0, blue: 255),
        ]
        for (slot, colour) in expected.enumerated() {
            let origin = layout.thumbnailOrigin(slot: slot)
            let centre = page[origin.x + layout.thumbnail.width / 2, origin.y + layout.thumbnail.height / 2]
            if let colour {
                #expect(Self.isClose(centre, colour), "shot \(slot + 1)'s thumbnail is \(centre)")
            } else {
                #expect(max(centre.red, centre.green, centre.blue) < 60, "the slate's card is \(centre)")
            }
            let cell = layout.cellOrigin(slot: slot)
            let columns = cell.x..<(cell.x + layout.cellSize.width)
            let header = Self.inkCount(
                page, x: columns, y: (cell.y + layout.headerTop)..<(cell.y + layout.promptTop))
            let prompt = Self.inkCount(
                page, x: columns, y: (cell.y + layout.promptTop)..<(cell.y + layout.cellSize.height))
            #expect(
                header > 100 && prompt > 100, "shot \(slot + 1)'s caption: \(header), \(prompt) inked pixels")
        }
        let title = Self.inkCount(
            page, x: 0..<layout.pageSize.width, y: 0..<ContactSheetLayout.titleBandHeight)
        #expect(title > 300)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(leftovers == ["bands.mp4", "sheet.png"])
    }

    /// Under each frame, the action and the first line of dialogue that says something, one line each;
    /// a sheet whose shots have neither keeps its compact captions.
    @Test func captionsShowTheActionAndFirstDialogueLine() throws {
        let folder = try TestFiles.folder()
        var written = DocumentFixtures.segment(1, label: "Pier")
        written.details = ShotDetails(
            action: "Mimi runs the length of the pier " + String(repeating: "and on ", count: 30),
            dialogue: "\n  \nMIMI: Wait for me!\nBO: No.", notes: "Shoot at dawn", verdict: .circled,
            reviewNotes: [ReviewNote(at: 1.5, text: "hold longer", createdAt: Date(timeIntervalSince1970: 0))]
        )
        let plan = try DocumentFixtures.plan([written, DocumentFixtures.segment(2, label: "Quiet")])
        let layout = ContactSheet.layout(of: plan)
        #expect(layout.scriptLines == 3)
        #expect(layout.promptTop > layout.scriptTop)
        #expect(written.details.firstDialogueLine == "MIMI: Wait for me!")
        let blocks = ContactSheet.captionBlocks(written, plan: plan, layout: layout)
        let script = try #require(blocks.first { $0.top == layout.scriptTop })
        #expect(script.lines.count == 3 && script.lines[0].hasSuffix("…"))
        #expect(script.lines[1] == "“MIMI: Wait for me!”")
        #expect(script.lines[2] == "Shoot at dawn · circled · 1.5 s: hold longer")

        let pages = try ContactSheet.render(plan, to: folder.appendingPathComponent("sheet.png"))
        let page = try DocumentFixtures.decode(pages[0])
        #expect(page.size == layout.pageSize)
        func scriptInk(_ slot: Int) -> Int {
            let cell = layout.cellOrigin(slot: slot)
            return Self.inkCount(
                page, x: cell.x..<(cell.x + layout.cellSize.width),
                y: (cell.y + layout.scriptTop)..<(cell.y + layout.promptTop))
        }
        #expect(scriptInk(0) > 200 && scriptInk(1) < 30, "\(scriptInk(0)), \(scriptInk(1))")

        let plain = try DocumentFixtures.plan([DocumentFixtures.segment(1, label: "Pier")])
        #expect(ContactSheet.layout(of: plain) == ContactSheetLayout(filmSize: plain.size, shotCount: 1))
        #expect(ContactSheet.layout(of: plain).scriptLines == 0)
    }

    /// 25 shots fill a page of 20 and a second page named after the first; both pages are one size.
    @Test func manyShotsMakeNumberedPages() throws {
        let folder = try TestFiles.folder()
        let plan = try DocumentFixtures.plan(
            (1...25).map { DocumentFixtures.segment($0, label: "Shot \($0)") })
        let pages = try ContactSheet.render(plan, to: folder.appendingPathComponent("board.png"))
        #expect(pages.map(\.lastPathComponent) == ["board.png", "board-2.png"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                == pages.map(\.lastPathComponent).sorted())

        let layout = ContactSheetLayout(filmSize: plan.size, shotCount: 25)
        #expect(layout.rows == 5 && layout.pageCount == 2)
        let second = try DocumentFixtures.decode(pages[1])
        #expect(try DocumentFixtures.decode(pages[0]).size == layout.pageSize)
        #expect(second.size == layout.pageSize)
        // Page 2 holds shots 21...25: slot 4 is the last one, slot 5 is bare paper.
        for (slot, isCard) in [(4, true), (5, false)] {
            let origin = layout.thumbnailOrigin(slot: slot)
            let centre = second[origin.x + layout.thumbnail.width / 2, origin.y + layout.thumbnail.height / 2]
            #expect(Self.isClose(centre, isCard ? ContactSheet.slateCard : ContactSheet.paper, tolerance: 4))
        }
    }

    /// Pages are named after the output: `out.png`, `out-2.png` ...
    @Test func pageNames() {
        let output = URL(fileURLWithPath: "/tmp/boards/my.sheet.png")
        let names = (0..<3).map { ContactSheetLayout.pageURL(for: output, page: $0).path }
        #expect(
            names == ["/tmp/boards/my.sheet.png", "/tmp/boards/my.sheet-2.png", "/tmp/boards/my.sheet-3.png"])
        #expect(
            ContactSheetLayout.pageURL(for: URL(fileURLWithPath: "/tmp/sheet"), page: 1).path
                == "/tmp/sheet-2")
    }

    /// A portrait film's thumbnails keep its shape inside the 400x300 box.
    @Test func portraitThumbnails() throws {
        let layout = ContactSheetLayout(
            filmSize: try #require(FrameSize(width: 720, height: 1280)), shotCount: 1)
        #expect(layout.thumbnail == PixelSize(width: 169, height: 300))
        #expect(layout.rows == 1 && layout.pageCount == 1)
    }

    /// A missing folder is refused up front, and a take that vanished names its shot; neither leaves a page.
    @Test func failuresNameTheProblem() throws {
        let folder = try TestFiles.folder()
        let plan = try DocumentFixtures.plan([DocumentFixtures.segment(1)])
        let nowhere = folder.appendingPathComponent("missing/sheet.png")
        #expect(
            throws: ExportError.badOutput(
                path: nowhere.path,
                reason: "the folder \(nowhere.deletingLastPathComponent().path) does not exist")
        ) {
            try ContactSheet.render(plan, to: nowhere)
        }
        let gone = folder.appendingPathComponent("gone.mp4")
        let broken = try DocumentFixtures.plan([DocumentFixtures.segment(7, take: gone)])
        do {
            _ = try ContactSheet.render(broken, to: folder.appendingPathComponent("sheet.png"))
            Issue.record("a missing take must fail")
        } catch ExportError.unusableTake(let shot, let path, _) {
            #expect(shot == "s7" && path == gone.path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}

/// Text prepared for drawtext, and drawn.
@Suite struct TextLayoutTests {
    /// Control characters, bidi overrides and line breaks never reach drawtext.
    @Test func drawableTextHasNoControls() {
        #expect(TextLayout.drawable("  Red\u{1B}[31m\nalert\t\u{202E}now\u{0}  ") == "Red[31m alert now")
        #expect(TextLayout.drawable("倒计时\r\n十") == "倒计时 十")
    }

    /// A long prompt wraps to three lines that fit, the last ending in an ellipsis; Chinese breaks
    /// between characters; a label too long for its line is cut.
    @Test func wrapping() {
        let prompt = String(repeating: "The rocket claws its way into the sky. ", count: 6)
        let lines = TextLayout.wrap(prompt, width: 320, fontSize: 16, maxLines: 3)
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { TextLayout.ems($0) * 16 <= 320 })
        #expect(lines[0] == "The rocket claws its way into the")
        #expect(lines[2].hasSuffix("…"))
        #expect(TextLayout.wrap("短句", width: 320, fontSize: 16, maxLines: 3) == ["短句"])
        let chinese = TextLayout.wrap(
            String(repeating: "倒计时十九八", count: 4), width: 100, fontSize: 20, maxLines: 2)
        #expect(chinese == ["倒计时十九", "八倒计时…"])
        #expect(TextLayout.wrap("", width: 100, fontSize: 20, maxLines: 3).isEmpty)
        // Capitals are wider than lower case: fewer fit.
        let capitals = TextLayout.wrap(
            String(repeating: "ROCKET ", count: 20), width: 320, fontSize: 16, maxLines: 3)
        #expect(capitals[0].count < lines[0].count)
        #expect(TextLayout.line("Liftoff over the sea", width: 100, fontSize: 16) == "Liftoff ov…")
    }

    /// Chinese draws as real glyphs: two different phrases give different ink (missing glyphs would
    /// all be the same box). The sides are odd on purpose: ffmpeg's colour source rounds them down.
    @Test func chineseGlyphsDraw() throws {
        let size = PixelSize(width: 201, height: 41)
        let masks = try TextRasterizer.masks(
            ["倒计时", "十九八"].map { [TextRasterizer.Block(lines: [$0], fontSize: 24, top: 6)] }, size: size)
        #expect(masks.count == 2 && masks.allSatisfy { $0.count == 201 * 41 })
        #expect(masks.allSatisfy { mask in mask.filter { $0 > 128 }.count > 50 })
        #expect(masks[0] != masks[1])
    }
}

/// PNG files written from frames.
@Suite struct PictureFileTests {
    /// A frame comes back from its PNG exactly, and only the PNG is left in the folder.
    @Test func writesExactPNG() throws {
        let folder = try TestFiles.folder()
        let url = folder.appendingPathComponent("picture.png")
        let pixels = (0..<(7 * 5 * 3)).map { UInt8(truncatingIfNeeded: $0 * 37) }
        let frame = RGBFrame(width: 7, height: 5, pixels: pixels)
        try PictureFile.writePNG(RGBFrame(width: 7, height: 5), to: url)
        try PictureFile.writePNG(frame, to: url)
        #expect(try DocumentFixtures.decode(url) == frame)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["picture.png"])
    }

    /// A folder that does not exist fails with the file's name, and nothing is written.
    @Test func missingFolderFails() throws {
        let url = try TestFiles.folder().appendingPathComponent("no/picture.png")
        #expect {
            try PictureFile.writePNG(RGBFrame(width: 2, height: 2), to: url)
        } throws: { error in
            guard case MediaError.encodeFailed(let path, let reason) = error else { return false }
            return path == url.path
                && reason == "the folder \(url.deletingLastPathComponent().path) does not exist"
        }
    }
}

/// The shot list as CSV and Markdown.
@Suite struct ShotListTests {
    /// A prompt with everything CSV must quote, and labels a spreadsheet would run as formulas.
    static func trickyPlan() throws -> FilmPlan {
        try DocumentFixtures.plan([
            DocumentFixtures.segment(
                1, label: "=cmd()", prompt: "Wide, \"hero\" shot\nthen =cmd()|more",
                take: URL(fileURLWithPath: "/takes/s1.mp4"), frames: 96),
            DocumentFixtures.segment(2, label: "-1+1", prompt: DocumentFixtures.chinesePrompt, frames: 31),
            DocumentFixtures.segment(3, label: "@SUM(A1)", prompt: "+plus\tand\u{1B}[2Jtab"),
            DocumentFixtures.segment(4, label: "\tTabbed", prompt: "\rCR first | pipe \\ slash"),
        ])
    }

    /// Reads RFC 4180 CSV strictly: records end in CRLF, quoted fields double their quotes.
    static func parseCSV(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        var quoted = false
        var wasQuoted = false
        while let scalar = pending {
            pending = scalars.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" {
                        field += "\""
                        pending = scalars.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                try #require(field.isEmpty && !wasQuoted, "a quote inside an unquoted field")
                quoted = true
                wasQuoted = true
            case ",":
                record.append(field)
                (field, wasQuoted) = ("", false)
            case "\r":
                try #require(pending == "\n", "a CR outside quotes must start a CRLF")
                pending = scalars.next()
                records.append(record + [field])
                (record, field, wasQuoted) = ([], "", false)
            case "\n":
                Issue.record("a bare LF ends a record")
            default:
                try #require(!wasQuoted, "text after a closing quote")
                field.unicodeScalars.append(scalar)
            }
        }
        try #require(!quoted && record.isEmpty && field.isEmpty, "the last record must end in CRLF")
        return records
    }

    /// The CSV parses back to exactly the plan's fields, formulas defused, with a BOM and CRLFs.
    @Test func csvRoundTrips() throws {
        let plan = try Self.trickyPlan()
        let data = ShotList.csv(plan)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = try #require(String(data: data.dropFirst(3), encoding: .utf8))
        let records = try Self.parseCSV(text)
        #expect(records.first == ShotList.headings)
        #expect(records.count == 5)
        /// A row of a shot with nothing but a label and prompt written: empty crew cells, status "to do".
        func row(_ cells: [String]) -> [String] {
            let (number, shot, label, duration, prompt, seed, take, backend) =
                (cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7])
            return [
                number, shot, "", label, "", "", "", "", "", "", duration, "", "", prompt, "", "to do", "",
                seed,
                take, backend,
            ]
        }
        #expect(
            records[1]
                == row([
                    "1", "s1", "'=cmd()", "4.0", "Wide, \"hero\" shot\nthen =cmd()|more", "101", "t1",
                    "builtin",
                ]))
        #expect(
            records[2]
                == row(["2", "s2", "'-1+1", "1.3", DocumentFixtures.chinesePrompt, "202", "slate", ""]))
        #expect(
            records[3] == row(["3", "s3", "'@SUM(A1)", "1.0", "'+plus\tand\u{1B}[2Jtab", "303", "slate", ""]))
        #expect(
            records[4]
                == row(["4", "s4", "'\tTabbed", "1.0", "'\rCR first | pipe \\ slash", "404", "slate", ""]))
    }

    /// A shot with every column filled: a dialogue with a comma, quotes and line breaks, a review.
    static func writtenPlan() throws -> FilmPlan {
        var shot = DocumentFixtures.segment(
            1, label: "Harbour", prompt: "@Mimi waves", take: URL(fileURLWithPath: "/takes/s1.mp4"),
            frames: 48)
        shot.details = ShotDetails(
            scene: "12A", shotSize: .mediumCloseUp, angle: .eyeLevel, lens: 35, movement: "push in",
            location: "Harbour", people: ["Mimi", "Bo"], status: .inProgress, action: "Mimi waves | smiles",
            dialogue: "MIMI: Wait, \"Bo\" —\r\nstay.\nBO: Why?", notes: "Warmer light",
            verdict: .circled,
            reviewNotes: [
                ReviewNote(at: 1.25, text: "hold, longer", createdAt: Date(timeIntervalSince1970: 0)),
                ReviewNote(at: nil, text: "good take", createdAt: Date(timeIntervalSince1970: 0)),
            ])
        return try DocumentFixtures.plan([shot, DocumentFixtures.segment(2, label: "Empty")])
    }

    /// Python's csv module (a real parser) reads the crew's columns and what the person wrote back exactly.
    @Test func csvCarriesEveryColumnThroughPythonsReader() throws {
        let file = try TestFiles.folder().appendingPathComponent("shots.csv")
        try ShotList.csv(try Self.writtenPlan()).write(to: file)
        let python = try #require(
            Subprocess.findExecutable(named: "python3", environment: ProcessInfo.processInfo.environment))
        let script =
            "import csv, json, sys\n"
            + "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n"
            + "    print(json.dumps([dict(r) for r in csv.DictReader(f, strict=True)]))"
        let output = try Subprocess.run(executable: python, arguments: ["-c", script, file.path])
        try #require(output.status.isSuccess, "\(output.stderr)")
        let rows = try JSONDecoder().decode([[String: String]].self, from: Data(output.stdout))
        try #require(rows.count == 2)
        let expected = [
            "#": "1", "Shot": "s1", "Scene": "12A", "Label": "Harbour", "Size": "MCU", "Angle": "eye level",
            "Lens": "35mm", "Movement": "push in", "Location": "Harbour", "People": "Mimi, Bo",
            "Duration (s)": "2.0", "Action": "Mimi waves | smiles",
            "Dialogue": "MIMI: Wait, \"Bo\" —\r\nstay.\nBO: Why?", "Prompt": "'@Mimi waves",
            "Notes": "Warmer light", "Status": "in progress",
            "Review": "circled\n1.25 s: hold, longer\ngood take",
            "Seed": "101", "Take": "t1", "Backend": "builtin",
        ]
        #expect(rows[0] == expected)
        #expect(rows[1]["Status"] == "to do" && rows[1]["Dialogue"] == "" && rows[1]["Review"] == "")

        // Markdown: the same cells, pipes escaped and line breaks as <br>.
        let markdown = try #require(String(data: ShotList.markdown(try Self.writtenPlan()), encoding: .utf8))
        #expect(markdown.contains("| Mimi waves \\| smiles | MIMI: Wait, \"Bo\" —<br>stay.<br>BO: Why? |"))
        #expect(markdown.contains("| in progress | circled<br>1.25 s: hold, longer<br>good take | 101 |"))
        #expect(
            ShotList.markdownCell("@Mimi naps; mail ana@example.com") == "`@Mimi` naps; mail ana@example.com")
    }

    /// The Markdown table has a row per shot, eight cells in every row, and no raw pipes,
    /// newlines or controls inside cells.
    @Test func markdownTable() throws {
        let plan = try Self.trickyPlan()
        let text = try #require(String(data: ShotList.markdown(plan), encoding: .utf8))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "# Launch — shot list")
        let table = lines.filter { $0.hasPrefix("|") }
        #expect(table.count == 2 + plan.segments.count)
        for row in table {
            // Split on pipes not escaped by a backslash.
            var cells = 0
            var escaped = false
            for character in row {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "|" {
                    cells += 1
                }
            }
            #expect(cells == ShotList.headings.count + 1, "\(row) has \(cells - 1) cells")
        }
        #expect(table[2].contains("Wide, \"hero\" shot<br>then =cmd()\\|more"))
        #expect(table[4].contains("+plus and[2Jtab"))
        #expect(table[5].contains("<br>CR first \\| pipe \\\\ slash"))
        #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
    }
}
