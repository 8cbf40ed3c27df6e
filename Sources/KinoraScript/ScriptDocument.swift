/// A screenplay as its elements, in reading order: what a Fountain or Final Draft file says, before it
/// becomes shots. Both readers (``FountainReader``, ``FinalDraftReader``) produce this; the importer
/// (``ScriptImporter``) reads only this.
public struct ScriptDocument: Sendable, Equatable {
    /// The title page's keys as written (`Title`, `Credit`, `Author`, `Draft date`, …), in order, with
    /// their values (several lines joined with line breaks, emphasis markup removed).
    public var titlePage: [(key: String, value: String)]
    /// Everything after the title page.
    public var elements: [ScriptElement]
    /// What the reader guessed or set aside while reading (`read as Windows-1252 …`), for the person.
    public var warnings: [String]

    /// A document with the given parts.
    public init(
        titlePage: [(key: String, value: String)] = [], elements: [ScriptElement] = [],
        warnings: [String] = []
    ) {
        self.titlePage = titlePage
        self.elements = elements
        self.warnings = warnings
    }

    /// The title page's value for `key` (case does not matter), if any.
    public func titlePageValue(_ key: String) -> String? {
        titlePage.first { $0.key.lowercased() == key.lowercased() }?.value
    }

    public static func == (lhs: ScriptDocument, rhs: ScriptDocument) -> Bool {
        lhs.elements == rhs.elements && lhs.titlePage.map(\.key) == rhs.titlePage.map(\.key)
            && lhs.titlePage.map(\.value) == rhs.titlePage.map(\.value) && lhs.warnings == rhs.warnings
    }
}

/// One element of a screenplay, with the line of the file it starts on (1-based) for messages.
public enum ScriptElement: Sendable, Equatable {
    /// `INT. KITCHEN - NIGHT #1A#`: the heading without its number, and the number when written.
    case sceneHeading(text: String, number: String?, line: Int)
    /// An action paragraph, its lines joined with line breaks, emphasis markup kept as written.
    case action(text: String, line: Int)
    /// A character's speech.
    case dialogue(DialogueBlock)
    /// `CUT TO:`, `DISSOLVE TO:`, `FADE OUT.`, or a forced `> TEXT`.
    case transition(text: String, line: Int)
    /// `> THE END <`: centred text.
    case centered(text: String, line: Int)
    /// `# Act One`: a section, with its depth (the number of `#`).
    case section(text: String, depth: Int, line: Int)
    /// `= A synopsis`.
    case synopsis(text: String, line: Int)
    /// `[[a note]]` standing on its own (notes inside other text are taken out of it and kept with it).
    case note(text: String, line: Int)
    /// `[[shot]]` or `[[SHOT: label]]`: the writer marks where a new shot starts (a panel).
    case shotMarker(label: String?, line: Int)
    /// `===`: a page break (ignored when importing).
    case pageBreak(line: Int)

    /// Whether it is something a film is made of (a scene, action or dialogue), rather than a note, a
    /// section or a break: a script with none of these has nothing to import.
    public var isContent: Bool {
        switch self {
        case .sceneHeading, .action, .dialogue: true
        default: false
        }
    }

    /// The line of the file the element starts on.
    public var line: Int {
        switch self {
        case .sceneHeading(_, _, let line), .action(_, let line), .transition(_, let line),
            .centered(_, let line), .section(_, _, let line), .synopsis(_, let line), .note(_, let line),
            .shotMarker(_, let line), .pageBreak(let line):
            line
        case .dialogue(let block): block.line
        }
    }
}

/// A character's speech: `MIMI (V.O.)`, a parenthetical, the lines; `^` marks dual dialogue.
public struct DialogueBlock: Sendable, Equatable {
    /// The character's name as written, without extensions (`MIMI`).
    public var character: String
    /// Extensions after the name, without brackets (`V.O.`, `O.S.`, `CONT'D`).
    public var extensions: [String]
    /// The speech in order: spoken text and parentheticals (`(quietly)`), each one item.
    public var parts: [DialoguePart]
    /// Whether it is the second of a dual dialogue pair (`^` after the name).
    public var isDual: Bool
    /// The line the character's name is on.
    public var line: Int

    /// A block with the given parts.
    public init(
        character: String, extensions: [String] = [], parts: [DialoguePart], isDual: Bool = false, line: Int
    ) {
        self.character = character
        self.extensions = extensions
        self.parts = parts
        self.isDual = isDual
        self.line = line
    }
}

/// One piece of a speech.
public enum DialoguePart: Sendable, Equatable {
    /// Words spoken (lines joined with line breaks).
    case spoken(String)
    /// `(quietly)`: how it is said, with its brackets.
    case parenthetical(String)
}
