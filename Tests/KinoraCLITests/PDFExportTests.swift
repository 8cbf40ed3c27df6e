import Foundation
import KinoraCore
import KinoraMedia
import KinoraTestSupport
import Testing

/// `kinora export -o board.pdf`: the crew's storyboard, read back with poppler's tools as a crew's
/// PDF reader would.
@Suite struct PDFExportTests {
    /// Runs one of poppler's tools (pdfinfo, pdftotext, pdfimages) and returns what it printed.
    private func poppler(_ arguments: [String]) throws -> String {
        let child = try ChildProcess(arguments: arguments)
        child.closeStandardInput()
        var lines: [String] = []
        while let line = try child.readLine(maximumBytes: 16 << 20) { lines.append(line) }
        let ending = child.wait()
        #expect(ending.isSuccess, "\(arguments[0]): \(child.standardErrorTail)")
        return lines.joined(separator: "\n")
    }

    /// "Pages:" from pdfinfo.
    private func pageCount(_ pdf: URL) throws -> Int? {
        let info = try poppler(["pdfinfo", pdf.path])
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
        return line.flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) }
    }

    /// The images pdfimages lists (its table less the two heading lines).
    private func images(_ pdf: URL) throws -> [Substring] {
        try poppler(["pdfimages", "-list", pdf.path]).split(separator: "\n").dropFirst(2).map { $0 }
    }

    /// Seven shots at 160x90, 12 fps, one second each: four with takes made by the built-in engine,
    /// three with a source picture and no take; labels, shot-list fields, dialogue (one in Chinese),
    /// and a circled take with a review note written into storyboard.json.
    private func storyboard() throws -> URL {
        let folder = try CLI.temporaryFolder().appendingPathComponent("board")
        let created = try CLI.run([
            "new", folder.path, "--title", "The Cat & the Kitchen", "--size", "160x90", "--fps", "12",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let picture = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1"], name: "p.png")
        for index in 1...7 {
            var arguments = [
                "shot", "add", folder.path, "--prompt", index == 2 ? "猫在厨房" : "shot \(index) prompt",
                "--label", "Panel\(index)", "--duration", "1", "--seed", "\(index)",
            ]
            if index > 4 { arguments += ["--image", picture.path] }
            let added = try CLI.run(arguments)
            #expect(added.status == 0, "\(added.stderr)")
        }
        let set = try CLI.run([
            "shot", "set", folder.path, "1", "dialogue=We open at dawn.", "action=The door swings open.",
            "scene=INT. KITCHEN - NIGHT", "size=CU", "angle=low", "lens=35", "notes=Practical light only",
        ])
        #expect(set.status == 0, "\(set.stderr)")
        let chinese = try CLI.run(["shot", "set", folder.path, "2", "dialogue=猫说：你好"])
        #expect(chinese.status == 0, "\(chinese.stderr)")
        let made = try CLI.run(["gen", folder.path, "1", "2", "3", "4"])
        #expect(made.status == 0, "\(made.stderr)")
        // A review as `kinora note` leaves it: a circled take with a note at 0.5 s.
        let file = folder.appendingPathComponent(ProjectLayout.storyboardFile)
        var project = try CLI.storyboard(folder)
        project.shots[0].takes[0].addNote("Hold the door longer", at: 0.5, now: Date())
        project.shots[0].takes[0].setVerdict(.circled)
        try StoryboardCodec.encode(project).write(to: file)
        return folder
    }

    @Test func theStoryboardPrintsEveryPanelWithItsPictureAndText() throws {
        let folder = try storyboard()
        let out = try TestFiles.folder()
        let six = out.appendingPathComponent("board.pdf")
        let made = try CLI.run(["export", folder.path, "-o", six.path])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("board.pdf") && made.stdout.contains("7 shots"), "\(made.stdout)")
        // A title page, then 7 panels at 6 a page: 2 pages; at 3 a page: 3 pages.
        #expect(try pageCount(six) == 3)
        let three = out.appendingPathComponent("board-3.pdf")
        let threeUp = try CLI.run(["export", folder.path, "-o", three.path, "--per-page", "3"])
        #expect(threeUp.status == 0, "\(threeUp.stderr)")
        #expect(try pageCount(three) == 4)
        for pdf in [six, three] {
            let text = try poppler(["pdftotext", "-layout", pdf.path, "-"])
            for index in 1...7 {
                #expect(text.contains("Panel\(index)"), "label \(index) in \(pdf.lastPathComponent)")
            }
            #expect(text.contains("We open at dawn."))
            #expect(text.contains("猫在厨房") && text.contains("猫说：你好"))
            #expect(text.contains("The door swings open.") && text.contains("Practical light only"))
            #expect(text.contains("INT. KITCHEN - NIGHT") && text.contains("CU") && text.contains("35 mm"))
            #expect(
                text.contains("circled") && text.contains("Hold the door longer") && text.contains("0.5 s"))
            #expect(text.contains("The Cat & the Kitchen") && text.contains("7 shots"))
            let pages = try pageCount(pdf) ?? 0
            #expect(text.contains("Page \(pages) of \(pages)"))
            // A picture per panel: four takes' frames and three sources, none for the title page.
            let listed = try images(pdf)
            #expect(listed.count == 7, "\(listed.joined(separator: "\n"))")
            #expect(listed.allSatisfy { $0.contains("jpeg") }, "pictures are embedded as JPEG")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(left == ["board-3.pdf", "board.pdf"], "no partial files: \(left)")
    }

    @Test func badRequestsForAPDFAreRefusedClearly() throws {
        let folder = try CLI.project(shots: 1)
        let out = try TestFiles.folder()
        let four = try CLI.run([
            "export", folder.path, "-o", out.appendingPathComponent("b.pdf").path, "--per-page", "4",
        ])
        #expect(four.status != 0 && four.stderr.contains("--per-page is 3 or 6") && four.stderr.contains("4"))
        let csv = try CLI.run([
            "export", folder.path, "-o", out.appendingPathComponent("b.csv").path, "--per-page", "3",
        ])
        #expect(csv.status != 0 && csv.stderr.contains("--per-page goes with a PDF"), "\(csv.stderr)")
        let nowhere = try CLI.run(["export", folder.path, "-o", "/no/such/folder/b.pdf"])
        #expect(nowhere.status == 1 && nowhere.stderr.contains("/no/such/folder"), "\(nowhere.stderr)")
        // A slate is drawn in the PDF, not embedded as a picture.
        let slate = out.appendingPathComponent("slate.pdf")
        let made = try CLI.run(["export", folder.path, "-o", slate.path])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try images(slate).isEmpty)
        let text = try poppler(["pdftotext", slate.path, "-"])
        #expect(text.contains("SLATE") && text.contains("shot 1"))
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(left == ["slate.pdf"], "nothing half-written: \(left)")
    }
}
