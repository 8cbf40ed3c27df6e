import KinoraCore

/// The cast overlay (`@`): the storyboard's characters, locations and props, one highlighted, and the
/// form that adds or edits one.
public struct CastOverlay: Sendable, Equatable {
    /// The highlighted entry's index in the cast.
    var selection = 0
    /// The entry being added or edited, when the form is open.
    var form: CastForm?

    /// An overlay highlighting the entry at `selection`.
    init(selection: Int = 0, form: CastForm? = nil) {
        self.selection = selection
        self.form = form
    }
}

/// The form of the cast overlay: a new entry's (or an existing one's) name, kind and description.
public struct CastForm: Sendable, Equatable {
    /// The rows of the form, top to bottom.
    enum Row: Int, CaseIterable, Sendable {
        /// The name prompts write after `@`.
        case name
        /// Character, location or prop.
        case kind
        /// The words engines read in place of `@Name`.
        case description
    }

    /// The entry's name before editing; `nil` while adding a new one.
    var original: String?
    /// The highlighted row.
    var row = Row.name
    /// The name as typed.
    var name: TextEditor
    /// The kind chosen.
    var kind: CastKind
    /// The description as typed.
    var description: TextEditor

    /// A form for a new entry (empty, a character).
    static func adding() -> CastForm {
        CastForm(
            original: nil, name: TextEditor(text: ""), kind: .character, description: TextEditor(text: ""))
    }

    /// A form holding `entry`, to edit it.
    static func editing(_ entry: CastEntry) -> CastForm {
        CastForm(
            original: entry.name, name: TextEditor(text: entry.name), kind: entry.kind,
            description: TextEditor(text: entry.description))
    }
}
