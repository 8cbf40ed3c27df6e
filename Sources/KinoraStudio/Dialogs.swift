import KinoraCore

/// A field being typed in the inspector.
public struct FieldEditor: Sendable, Equatable {
    /// The field.
    var field: InspectorField
    /// The text as typed so far.
    var editor: TextEditor
}

/// The command palette: a query and the commands that match it.
public struct Palette: Sendable, Equatable {
    /// What was typed.
    var query = TextEditor(text: "")
    /// The highlighted match.
    var selection = 0

    /// The commands matching the query, best first.
    func matches() -> [Command] {
        let names = Command.allCases.map { "\($0.rawValue) \($0.summary)" }
        return FuzzyMatch.rank(query.text, names).map { Command.allCases[$0.index] }
    }
}

/// The file picker for importing a source.
public struct FilePicker: Sendable, Equatable {
    /// The shot the file goes to; `nil` in an empty storyboard, where only a script can be imported.
    var shot: ShotID?
    /// Whether the file becomes the shot's end picture (first and last frames) rather than its source.
    var endPicture = false
    /// The cast entry the picture becomes a reference picture of, instead of anything of the shot.
    var castEntry: String?
    /// Whether the file is a sound to attach to the shot as a clip.
    var soundClip = false
    /// The path typed so far.
    var input: TextEditor
    /// The folder last listed, and its entries.
    var listed: String?
    /// The names in that folder, as last listed.
    var entries: [PathCompletion.Entry] = []
    /// The highlighted entry.
    var selection = 0
    /// Why the folder could not be listed.
    var problem: String?

    /// The entries matching what is typed after the last `/`.
    func matches() -> [PathCompletion.Entry] {
        PathCompletion.complete(prefix: PathCompletion.split(input.text).prefix, entries: entries).matches
    }
}

/// The export dialog.
public struct ExportDialog: Sendable, Equatable {
    /// The highlighted row: format, output, missing, panels a page, start.
    var row = 0
    /// The chosen format.
    var format = ExportFormat.allCases[0]
    /// Where to write.
    var output: TextEditor
    /// What a shot without a usable take becomes.
    var missing = MissingTakePolicy.allCases[0]
    /// Panels a page of a PDF storyboard.
    var panelsPerPage = PanelsPerPage.six
    /// Whether the output path was typed by hand (then changing the format keeps it).
    var outputEdited = false

    /// The extension of the file part of `path`, lower case; empty when there is none.
    static func fileExtension(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// `path` ending in `.format` instead of its extension (or with it added).
    static func replacingExtension(of path: String, with format: ExportFormat) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else {
            return path.isEmpty ? path : path + "." + format.fileExtension
        }
        let drop = name.distance(from: dot, to: name.endIndex)
        return String(path.dropLast(drop)) + "." + format.fileExtension
    }

    /// The path the output gets for a format by default: `exports/<title>.<ext>`.
    static func defaultOutput(title: String, format: ExportFormat) -> String {
        let safe = title.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }
        let name = String(safe).isEmpty ? "film" : String(safe)
        return "exports/\(name).\(format.fileExtension)"
    }
}

/// The one-line editor for a review note on a take, at a moment of it.
public struct NoteEditor: Sendable, Equatable {
    /// The shot the take belongs to.
    var shot: ShotID
    /// The take the note is on.
    var take: TakeID
    /// Seconds into the take the note is about (the frame on screen when `m` was pressed).
    var at: Double
    /// The note as typed.
    var editor: TextEditor
}
