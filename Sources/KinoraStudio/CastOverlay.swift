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
        /// The scratch voice: an espeak-ng voice, pitch and rate (`en-gb pitch=60 rate=160`).
        case voice
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
    /// The voice as typed (`en-gb pitch=60 rate=160`; empty: the default voice).
    var voice = TextEditor(text: "")

    /// A form for a new entry (empty, a character).
    static func adding() -> CastForm {
        CastForm(
            original: nil, name: TextEditor(text: ""), kind: .character, description: TextEditor(text: ""))
    }

    /// A form holding `entry`, to edit it.
    static func editing(_ entry: CastEntry) -> CastForm {
        CastForm(
            original: entry.name, name: TextEditor(text: entry.name), kind: entry.kind,
            description: TextEditor(text: entry.description), voice: TextEditor(text: text(of: entry.voice)))
    }

    /// A voice as the form shows it: `en-gb pitch=60 rate=160`, the parts set only.
    static func text(of voice: CastVoice?) -> String {
        guard let voice else { return "" }
        return ([voice.voice] + [voice.pitch.map { "pitch=\($0)" }, voice.rate.map { "rate=\($0)" }])
            .compactMap { $0 }.joined(separator: " ")
    }

    /// The voice typed as `text` (nil when empty), or what is wrong with it, as `kinora cast set` words it.
    static func voice(from text: String) -> Result<CastVoice?, CastVoiceError> {
        var voice = CastVoice()
        for word in text.split(whereSeparator: \.isWhitespace).map(String.init) {
            if word.hasPrefix("pitch=") {
                guard let pitch = Int(word.dropFirst(6)), CastVoice.pitchRange.contains(pitch) else {
                    return .failure(
                        CastVoiceError(text: "pitch must be from 0 to 99 (found \(word.dropFirst(6)))"))
                }
                voice.pitch = pitch
            } else if word.hasPrefix("rate=") {
                guard let rate = Int(word.dropFirst(5)), CastVoice.rateRange.contains(rate) else {
                    return .failure(
                        CastVoiceError(
                            text: "rate must be from 80 to 450 words a minute (found \(word.dropFirst(5)))"))
                }
                voice.rate = rate
            } else {
                if let problem = CastVoice.voiceProblem(word) {
                    return .failure(CastVoiceError(text: "\"\(word)\" \(problem)"))
                }
                voice.voice = word
            }
        }
        return .success(voice == CastVoice() ? nil : voice)
    }
}
