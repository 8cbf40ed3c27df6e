/// One thing an import changes in the storyboard, as `kinora import --dry-run` prints it.
public struct ScriptChange: Codable, Sendable, Equatable {
    /// What kind of change it is.
    public enum Kind: String, Codable, Sendable {
        /// A shot made from a paragraph the storyboard did not have.
        case added
        /// A shot whose script text changed (``ScriptChange/fields`` says which fields).
        case updated
        /// A shot whose text is gone from the script: kept, with its takes, marked removed.
        case removed
        /// A shot the script still says the same about, in another place in the film (its scene moved).
        case moved
        /// A shot the script still says the same about.
        case unchanged
        /// A character or location the script names that the cast did not have.
        case cast
        /// The film's title, from the title page.
        case title
    }

    /// What kind of change it is.
    public var kind: Kind
    /// The shot's id (`s3`), for shot changes.
    public var shot: String?
    /// The shot's label, for shot changes.
    public var label: String?
    /// The fields an update changes (`action`, `dialogue`, `prompt`…).
    public var fields: [String]?
    /// What it is about, in words: the shot's text, the cast entry, the new title.
    public var text: String

    /// A change of the given kind.
    public init(kind: Kind, shot: String? = nil, label: String? = nil, fields: [String]? = nil, text: String)
    {
        self.kind = kind
        self.shot = shot
        self.label = label
        self.fields = fields
        self.text = text
    }

    /// One line for the terminal: `updated s3 (1A): action, dialogue — BRICK enters.`
    public var summary: String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        let short = oneLine.count > 60 ? String(oneLine.prefix(59)) + "…" : oneLine
        switch kind {
        case .cast, .title: return "\(kind.rawValue): \(short)"
        case .added, .updated, .removed, .moved, .unchanged:
            let which = [shot, label.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
            let changed = fields.map { ": " + $0.joined(separator: ", ") } ?? ""
            return "\(kind.rawValue) \(which)\(changed) — \(short)"
        }
    }
}
