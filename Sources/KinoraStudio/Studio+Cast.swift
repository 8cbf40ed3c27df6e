import Foundation
import KinoraCore
import TermGrid

/// The cast overlay's keys: moving through the entries, adding, editing and removing them, their
/// reference pictures, and `@Name` completion in the prompt editor.
extension Studio {
    /// The entry the cast overlay highlights, if the cast has any.
    func castEntry(at overlay: CastOverlay) -> CastEntry? {
        project.cast.indices.contains(overlay.selection) ? project.cast[overlay.selection] : nil
    }

    /// Opens the cast overlay on its first entry.
    mutating func openCast() -> [StudioEffect] {
        mode = .cast(CastOverlay())
        if project.cast.isEmpty {
            status = StatusMessage(
                text: "The cast is empty: a adds a character, location or prop", kind: .info)
        }
        return []
    }

    /// Keys while the cast overlay is open: the list's, or the form's while one is open.
    mutating func castKey(_ key: Key, _ current: CastOverlay) -> [StudioEffect] {
        if let form = current.form { return castFormKey(key, form, current) }
        var overlay = current
        var effects: [StudioEffect] = []
        switch key {
        case .escape, .character("q"), .character("@"):
            mode = .normal
            return []
        case .down, .character("j"): overlay.selection += 1
        case .up, .character("k"): overlay.selection -= 1
        case .character("a"):
            overlay.form = .adding()
            status = nil
        case .enter, .character("e"):
            guard let entry = castEntry(at: overlay) else { return castIsEmpty(overlay) }
            overlay.form = .editing(entry)
            status = nil
        case .character("i"):
            guard let entry = castEntry(at: overlay) else { return castIsEmpty(overlay) }
            // The picker needs a shot for its other uses; a cast picture goes to the entry instead.
            mode = .picker(
                FilePicker(
                    shot: selectedShot?.id ?? ShotID(serial: 1), castEntry: entry.name,
                    input: TextEditor(text: "")))
            status = nil
            return [.listDirectory("")]
        case .character("x"), .delete: effects = removeCast(overlay, force: false)
        case .character("X"): effects = removeCast(overlay, force: true)
        case .character("u"): effects = undo()
        case .control("r"): effects = redo()
        default: break
        }
        overlay.selection = min(max(overlay.selection, 0), max(0, project.cast.count - 1))
        mode = .cast(overlay)
        return effects
    }

    /// Says the cast has no entry to act on and how to add one; asks for no work.
    private mutating func castIsEmpty(_ overlay: CastOverlay) -> [StudioEffect] {
        status = StatusMessage(text: "The cast is empty: a adds a character, location or prop", kind: .info)
        mode = .cast(overlay)
        return []
    }

    /// Removes the highlighted entry; refused, naming the shots, while shots name it, unless `force`.
    private mutating func removeCast(_ overlay: CastOverlay, force: Bool) -> [StudioEffect] {
        guard let entry = castEntry(at: overlay) else { return castIsEmpty(overlay) }
        let naming = project.shotsNaming(entry.name).map { "\($0.id)" }
        if !naming.isEmpty && !force {
            status = StatusMessage(
                text: "@\(entry.name) is named by \(naming.joined(separator: ", ")): "
                    + "X removes it anyway (the prompts keep the words @\(entry.name))",
                kind: .error)
            return []
        }
        let kept =
            naming.isEmpty ? "" : "; \(naming.joined(separator: ", ")) still say @\(entry.name) as text"
        return edit("Removed @\(entry.name)\(kept) (u undoes it)") { project in
            project.removeCastEntry(entry.name)
        }
    }

    /// Keys while the form is open: typing, moving between rows, changing the kind, saving.
    private mutating func castFormKey(_ key: Key, _ current: CastForm, _ overlay: CastOverlay)
        -> [StudioEffect]
    {
        var form = current
        var overlay = overlay
        let rows = CastForm.Row.allCases
        switch key {
        case .escape:
            overlay.form = nil
            mode = .cast(overlay)
            status = StatusMessage(text: "Cast edit cancelled", kind: .info)
            return []
        case .enter:
            return saveCastForm(form, overlay)
        case .down, .tab: form.row = rows[min(form.row.rawValue + 1, rows.count - 1)]
        case .up, .backTab: form.row = rows[max(form.row.rawValue - 1, 0)]
        case .left where form.row == .kind, .character("h") where form.row == .kind:
            form.kind = Self.cycle(CastKind.allCases, from: form.kind, by: -1)
        case .right where form.row == .kind, .character("l") where form.row == .kind,
            .character(" ") where form.row == .kind:
            form.kind = Self.cycle(CastKind.allCases, from: form.kind, by: 1)
        default:
            switch form.row {
            case .name: _ = Studio.lineInput(key, &form.name)
            case .description: _ = Studio.lineInput(key, &form.description)
            case .voice: _ = Studio.lineInput(key, &form.voice)
            case .kind: break
            }
        }
        overlay.form = form
        mode = .cast(overlay)
        return []
    }

    /// Adds the entry the form describes, or saves the changes to the one it edits (a new name follows
    /// into every prompt's `@Name`). A bad or taken name keeps the form open and says why.
    private mutating func saveCastForm(_ form: CastForm, _ current: CastOverlay) -> [StudioEffect] {
        var overlay = current
        overlay.form = form
        mode = .cast(overlay)
        let name = form.name.text.trimmingCharacters(in: .whitespaces)
        let description = form.description.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = CastEntry.nameProblem(name) {
            status = StatusMessage(text: "Cast name: \(problem)", kind: .error)
            overlay.form?.row = .name
            mode = .cast(overlay)
            return []
        }
        let voice: CastVoice?
        switch CastForm.voice(from: form.voice.text) {
        case .success(let typed): voice = typed
        case .failure(let problem):
            status = StatusMessage(text: "Voice: \(problem.text)", kind: .error)
            overlay.form?.row = .voice
            mode = .cast(overlay)
            return []
        }
        let editedIndex = form.original.flatMap { project.castIndex(named: $0) }
        if let other = project.castIndex(named: name), other != editedIndex {
            status = StatusMessage(
                text: "Cast name: @\(project.cast[other].name) is already in the cast; "
                    + "names are unique whatever their case",
                kind: .error)
            overlay.form?.row = .name
            mode = .cast(overlay)
            return []
        }
        let effects: [StudioEffect]
        if let original = form.original {
            guard let index = editedIndex else {
                status = StatusMessage(text: "@\(original) is no longer in the cast", kind: .error)
                overlay.form = nil
                mode = .cast(overlay)
                return []
            }
            let renamed = project.cast[index].name != name
            let message =
                "Saved @\(name)" + (renamed ? "; prompts that said @\(original) now say @\(name)" : "")
            effects = edit(message) { project in
                if renamed { project.renameCastEntry(original, to: name) }
                project.cast[index].kind = form.kind
                project.cast[index].description = description
                project.cast[index].voice = voice
            }
            overlay.selection = index
        } else {
            effects = edit("Added @\(name); i adds a reference picture") { project in
                var entry = CastEntry(name: name, kind: form.kind, description: description)
                entry.voice = voice
                project.cast.append(entry)
            }
            if !effects.isEmpty { overlay.selection = project.cast.count - 1 }
        }
        if effects.isEmpty, status?.kind == .error { return [] }
        overlay.form = nil
        mode = .cast(overlay)
        return effects
    }

    /// Adds an imported picture to the entry `name`'s reference pictures.
    mutating func addCastImage(_ source: ShotSource, to name: String) -> [StudioEffect] {
        guard let index = project.castIndex(named: name) else {
            status = StatusMessage(
                text: "@\(name) is no longer in the cast; the picture was not added", kind: .error)
            return []
        }
        guard !project.cast[index].images.contains(where: { $0.asset == source.asset }) else {
            status = StatusMessage(text: "@\(name) already has \(source.originalName)", kind: .info)
            return []
        }
        let count = project.cast[index].images.count + 1
        return edit("@\(name) has \(count == 1 ? "a reference picture" : "\(count) reference pictures")") {
            project in
            project.cast[index].addPictures([source])
        }
    }

    // MARK: @Name completion

    /// The `@Name` being typed just before the cursor (without the `@`) and the cast names it could
    /// become; `nil` when the cursor is not right after a mention.
    static func castCompletion(_ editor: TextEditor, cast: [CastEntry]) -> (typed: String, matches: [String])?
    {
        guard editor.lines.indices.contains(editor.cursor.line) else { return nil }
        let before = String(editor.lines[editor.cursor.line].prefix(editor.cursor.index))
        guard let range = CastMention.partialName(in: before, before: before.endIndex) else { return nil }
        let typed = String(before[range])
        let entries = cast.map { PathCompletion.Entry(name: $0.name, isDirectory: false) }
        let matches = PathCompletion.complete(prefix: typed, entries: entries).matches.map(\.name)
        return (typed, matches)
    }

    /// Completes the `@Name` before the cursor as Tab completes a path: a single match whole, several to
    /// what they share. Returns whether the cursor was after a mention (so Tab does nothing else).
    mutating func completeCastName(_ editor: inout TextEditor) -> Bool {
        guard let (typed, _) = Self.castCompletion(editor, cast: project.cast) else { return false }
        let entries = project.cast.map { PathCompletion.Entry(name: $0.name, isDirectory: false) }
        let completion = PathCompletion.complete(prefix: typed, entries: entries)
        guard !completion.matches.isEmpty else {
            status = StatusMessage(
                text: "No cast entry starts with \"\(typed)\"; \(project.castNamesForMessages)",
                kind: .warning)
            return true
        }
        if completion.completed != typed {
            for _ in 0..<typed.count { editor.deleteBackward() }
            editor.insert(completion.completed)
        }
        status =
            completion.isUnique
            ? nil
            : StatusMessage(
                text: "@: " + completion.matches.map(\.name).joined(separator: " · "), kind: .info)
        return true
    }
}
