import Foundation
import KinoraCore
import TermGrid
import Testing

@testable import KinoraStudio

/// The cast overlay, `@Name` completion and warnings in the prompt editor, the shot-list rows of the
/// inspector, and reviewing takes (notes at the shown frame, circling, rejecting): keys in, state and
/// effects out.
@Suite("The cast, shot-list fields and reviews in the studio")
struct CastReviewStudioTests {
    /// The screen as text.
    static func screen(_ studio: Studio) -> String { StudioView.render(studio).grid.plainText }

    /// A studio whose cast holds Mimi and Milo (characters) and Kitchen (a location).
    static func studioWithCast() -> Studio {
        var studio = StudioFixture.studio()
        studio.project.cast = [
            CastEntry(name: "Mimi", kind: .character, description: "a small grey cat"),
            CastEntry(name: "Milo", kind: .character, description: "a boy in a yellow coat"),
            CastEntry(name: "Kitchen", kind: .location, description: "a narrow night kitchen"),
        ]
        return studio
    }

    @Test("the cast overlay adds, refuses bad names, edits, refuses removal naming shots, forces it, undoes")
    func castOverlay() throws {
        var studio = StudioFixture.studio()
        studio.press("@")
        guard case .cast = studio.mode else { throw Failure("the cast overlay is not open") }
        #expect(Self.screen(studio).contains("No one yet"))

        // A name with a space is refused with the rule, and the form stays open to fix it.
        studio.press("a")
        studio.type("Mimi cat")
        #expect(Studio.saves(studio.press("enter")).isEmpty)
        #expect(studio.status?.kind == .error)
        #expect(studio.status?.text == "Cast name: " + (CastEntry.nameProblem("Mimi cat") ?? ""))
        guard case .cast(let open) = studio.mode, open.form != nil else { throw Failure("the form closed") }
        studio.press("backspace", "backspace", "backspace", "backspace", "down", "right", "left", "down")
        studio.type("a small grey cat")
        var effects = studio.press("enter")
        #expect(Studio.saves(effects).count == 1)
        #expect(
            studio.project.cast == [
                CastEntry(name: "Mimi", kind: .character, description: "a small grey cat")
            ])
        #expect(Self.screen(studio).contains("@Mimi"))
        #expect(Self.screen(studio).contains("a small grey cat"))

        // The same name in another case is taken.
        studio.press("a")
        studio.type("mimi")
        #expect(Studio.saves(studio.press("enter")).isEmpty)
        #expect(studio.status?.text.contains("already in the cast") == true)
        studio.press("esc")

        // Editing renames it in every prompt; the kind cycles.
        studio.project.shots[0].prompt = "@Mimi naps on the sill"
        studio.press("enter", "ctrl-u")
        studio.type("Momo")
        studio.press("down", "right")
        effects = studio.press("enter")
        #expect(Studio.saves(effects).count == 1)
        #expect(studio.project.cast.first?.name == "Momo")
        #expect(studio.project.cast.first?.kind == .location)
        #expect(studio.project.shots[0].prompt == "@Momo naps on the sill")

        // Removing an entry a shot names is refused, naming the shot; X forces it; u brings it back.
        #expect(Studio.saves(studio.press("x")).isEmpty)
        #expect(studio.status?.kind == .error)
        #expect(studio.status?.text.contains("s1") == true)
        #expect(studio.project.cast.count == 1)
        #expect(Studio.saves(studio.press("X")).count == 1)
        #expect(studio.project.cast.isEmpty)
        #expect(studio.project.shots[0].prompt == "@Momo naps on the sill")
        studio.press("u")
        #expect(studio.project.cast.map(\.name) == ["Momo"])
        guard case .cast = studio.mode else { throw Failure("undo closed the overlay") }

        // A reference picture through the file picker, back to the overlay, then shown.
        #expect(studio.press("i") == [.listDirectory("")])
        studio.type("ref.png")
        #expect(studio.press("enter") == [.importCastImage(name: "Momo", path: "ref.png")])
        guard case .cast = studio.mode else { throw Failure("the picker did not go back to the cast") }
        let hash = String(repeating: "ab12", count: 16)
        let source = ShotSource(
            kind: .image, asset: "assets/\(hash).png", sha256: hash, originalName: "ref.png")
        effects = studio.update(.castImageImported(name: "Momo", source: source))
        #expect(Studio.saves(effects).count == 1)
        #expect(studio.project.cast.first?.images == [source])
        let key = try #require(CastView.pictureKey(studio, CastOverlay()))
        #expect(key.path == "assets/\(hash).png")
        #expect(effects.contains(.loadPicture(key)), "the overlay asks for the entry's picture")
        let cells = CellPicture(
            columns: key.columns, rows: key.rows,
            cells: Array(repeating: Cell("#"), count: key.columns * key.rows))
        _ = studio.update(.pictureLoaded(key, FrameStrip(fps: 1, frames: [cells])))
        let rect = CastView.frames(studio.size).picture
        let lines = Self.screen(studio).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[rect.row].contains(String(repeating: "#", count: rect.width)), "the picture is drawn")
        studio.press("esc")
        #expect(studio.mode == .normal)
    }

    @Test("the prompt editor completes @Names on Tab and warns of names the cast lacks, saving anyway")
    func promptCompletion() throws {
        var studio = Self.studioWithCast()
        studio.focus = .inspector
        studio.field = .prompt
        studio.press("enter", "ctrl-u")
        studio.type("@Mi")
        #expect(StatusLineView.promptOffer(for: studio)?.text.contains("Milo · Mimi") == true)
        studio.press("tab")
        guard case .editing(let shared) = studio.mode else { throw Failure("not editing") }
        #expect(shared.editor.text == "@Mi", "two matches: nothing more in common")
        studio.type("m")
        studio.press("tab")
        studio.type(" in the @k")
        studio.press("tab")
        guard case .editing(let completed) = studio.mode else { throw Failure("not editing") }
        #expect(completed.editor.text == "@Mimi in the @Kitchen", "whatever the case typed")
        studio.type(" with @Bob")
        let offer = try #require(StatusLineView.promptOffer(for: studio))
        #expect(offer.isWarning && offer.text.contains("No cast entry starts with \"Bob\""))
        studio.type(".")
        let warning = try #require(StatusLineView.promptOffer(for: studio))
        #expect(warning.isWarning && warning.text.contains("@Bob is not in the cast"))
        let effects = studio.press("enter")
        #expect(Studio.saves(effects).count == 1, "a warning, not a refusal")
        #expect(studio.project.shots[0].prompt == "@Mimi in the @Kitchen with @Bob.")
        #expect(studio.status?.kind == .warning)
        #expect(
            studio.status?.text.contains("@Bob is not in the cast; the cast is Mimi, Milo, Kitchen") == true)
    }

    @Test("the inspector has scene, size, angle, lens, location, people and status rows")
    func shotListRows() throws {
        var studio = Self.studioWithCast()
        let fields = InspectorField.allCases
        let notes = try #require(fields.firstIndex(of: .notes))
        #expect(
            Array(fields[(notes + 1)...(notes + 7)]) == [
                .scene, .shotSize, .angle, .lens, .location, .people, .status,
            ])
        studio.focus = .inspector
        func field(_ name: InspectorField) { studio.field = name }

        field(.shotSize)
        studio.press("l")
        #expect(studio.project.shots[0].shotSize == .extremeCloseUp)
        studio.press("l", "l")
        #expect(studio.project.shots[0].shotSize == .mediumCloseUp)
        studio.press("h", "h", "h")
        #expect(studio.project.shots[0].shotSize == nil)
        studio.press("h")
        #expect(studio.project.shots[0].shotSize == .extremeLong)
        field(.angle)
        studio.press("l", "l")
        #expect(studio.project.shots[0].angle == .high)
        field(.status)
        studio.press("l")
        #expect(studio.project.shots[0].status == .inProgress)
        studio.press("l")
        #expect(studio.project.shots[0].status == .approved)
        field(.lens)
        studio.press("l")
        #expect(studio.project.shots[0].lens == 35)
        studio.press("l")
        #expect(studio.project.shots[0].lens == 40)
        studio.press("enter", "ctrl-u")
        studio.type("85mm")
        studio.press("enter")
        #expect(studio.project.shots[0].lens == 85)
        field(.location)
        studio.press("l")
        #expect(studio.project.shots[0].location == "Kitchen")
        field(.scene)
        studio.press("enter")
        studio.type("INT. KITCHEN - NIGHT")
        studio.press("enter")
        #expect(studio.project.shots[0].scene == "INT. KITCHEN - NIGHT")

        // People come from the prompt until written; a name the cast lacks is kept with a warning.
        studio.project.shots[0].prompt = "@Mimi and @Milo at the table"
        field(.people)
        #expect(Self.screen(studio).contains("(from the prompt: Mimi, Milo)"))
        studio.press("enter")
        studio.type("Mimi, Bo")
        studio.press("enter")
        #expect(studio.project.shots[0].people == ["Mimi", "Bo"])
        #expect(
            studio.status?.kind == .warning && studio.status?.text.contains("Bo is not in the cast") == true)

        // A bad lens is refused with the rule; the editor keeps the text.
        field(.lens)
        studio.press("enter", "ctrl-u")
        studio.type("wide")
        studio.press("enter")
        #expect(studio.status?.kind == .error && studio.status?.text.contains("millimetres") == true)
        #expect(studio.project.shots[0].lens == 85)
        studio.press("esc")
        let screen = Self.screen(studio)
        #expect(screen.contains("Lens") && screen.contains("85mm"))
    }

    @Test("m notes the shown take at the shown frame; O circles and X rejects it; both show and undo")
    func reviewKeys() throws {
        var studio = StudioFixture.studio(rows: 48, columns: 160)
        studio.focus = .preview
        // To 1.5 s into the chosen take t1.
        studio.press("L")
        for _ in 0..<12 { studio.press("l") }
        let shownTime = studio.preview.time
        #expect(shownTime > 1.4 && shownTime < 1.6)
        studio.press("m")
        guard case .note(let note) = studio.mode else { throw Failure("the note editor is not open") }
        #expect(note.take == TakeID(serial: 1) && note.at == shownTime)
        studio.type("hold the lantern longer")
        #expect(Self.screen(studio).contains("Note on t1 at 1.5s: hold the lantern longer"))
        let effects = studio.press("enter")
        #expect(Studio.saves(effects).count == 1)
        let saved = try #require(studio.project.shots[0].takes[0].reviewNotes.first)
        #expect(saved.text == "hold the lantern longer" && saved.at == shownTime)
        #expect(studio.mode == .normal)
        #expect(Self.screen(studio).contains("1 note · chosen"))
        #expect(
            Self.screen(studio).contains("✎ 1.5 s: hold the lantern longer"),
            "the note reads on the transport line at its time")
        studio.press("L")
        #expect(!Self.screen(studio).contains("✎ 1.5 s"), "and not far from it")
        for _ in 0..<12 { studio.press("l") }

        // An empty note is refused; Esc drops the editor.
        studio.press("m", "enter")
        #expect(studio.status?.kind == .error)
        studio.press("esc")
        #expect(studio.mode == .normal)

        // The second take circled, then cleared, then rejected.
        studio.press("]")
        #expect(Studio.saves(studio.press("O")).count == 1)
        #expect(studio.project.shots[0].takes[1].verdict == .circled)
        #expect(Self.screen(studio).contains("◎ circled"))
        studio.press("O")
        #expect(studio.project.shots[0].takes[1].verdict == nil)
        studio.press("X")
        #expect(studio.project.shots[0].takes[1].verdict == .rejected)
        var screen = Self.screen(studio)
        #expect(screen.contains("✕ rejected"))
        #expect(screen.contains("2 takes ✕1"), "the card counts the verdicts:\n\(screen)")
        studio.press("u")
        #expect(studio.project.shots[0].takes[1].verdict == nil)
        #expect(studio.project.shots[0].takes[0].reviewNotes.count == 1)

        // A failed take can be neither noted nor circled.
        studio.press("esc")
        studio.focus = .shots
        studio.press("j")
        #expect(Studio.saves(studio.press("m")).isEmpty)
        #expect(studio.mode == .normal && studio.status?.kind == .error)
        #expect(Studio.saves(studio.press("O")).isEmpty)
        screen = Self.screen(studio)
        #expect(!screen.contains("◎"))
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
