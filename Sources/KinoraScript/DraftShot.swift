import KinoraCore

/// A shot as the script describes it, before it is matched to the storyboard: what the importer owns.
struct DraftShot: Sendable, Equatable {
    /// The scene heading (`INT. KITCHEN - NIGHT`), empty before the first heading.
    var scene: String
    /// The scene's number when the script gives one.
    var sceneNumber: String?
    /// The location's cast name (`Kitchen`), when the heading names a place.
    var location: String?
    /// Its place among the scene's shots, from 0.
    var position: Int
    /// The label a `[[SHOT: label]]` marker gave it.
    var markerLabel: String?
    /// Whether it is centred text: a slate.
    var isSlate = false
    /// Action paragraphs, as written (emphasis kept).
    var actionParagraphs: [String] = []
    /// Dialogue, one line per block (`MIMI (V.O.): (quietly) Hello.`).
    var dialogueLines: [String] = []
    /// The spoken words' count, for the duration (dual dialogue counts its longer side).
    var spokenWords = 0
    /// The last dialogue block's word count, for a dual block after it.
    var lastBlockWords = 0
    /// Dialogue blocks spoken at once with the block before (dual dialogue): no time of their own.
    var simultaneousLines = 0
    /// Standalone notes that follow it.
    var notes: [String] = []
    /// The scene's sections and synopses.
    var sceneNotes: [String] = []
    /// The transition into the next shot.
    var transition: Transition = .cut
    /// The speakers of its dialogue, as cast names.
    var speakers: [String] = []

    /// The action as the shot keeps it: paragraphs separated by a blank line.
    var action: String { actionParagraphs.joined(separator: "\n\n") }

    /// The dialogue as the shot keeps it.
    var dialogue: String { dialogueLines.joined(separator: "\n") }

    /// The words that identify it for matching: its action, else its dialogue, else its marker's label.
    /// Set by ``seal()``.
    private(set) var keyText = ""
    /// Estimated length: action 0.2 s a word + 0.5 s, dialogue 0.3 s a word + 1 s a block, at least 1 s,
    /// rounded to 0.1 s. Set by ``seal()``.
    private(set) var estimatedDuration = 1.0

    /// Works out the key text and duration once the draft is complete: matching reads them many times.
    mutating func seal() {
        let plain = ScriptImporter.plainText(action)
        keyText = !plain.isEmpty ? plain : !dialogue.isEmpty ? dialogue : markerLabel ?? ""
        let actionWords = ScriptImporter.words(in: plain).count
        var seconds = 0.0
        if actionWords > 0 { seconds += 0.2 * Double(actionWords) + 0.5 }
        if !dialogueLines.isEmpty {
            seconds += 0.3 * Double(spokenWords) + Double(dialogueLines.count - simultaneousLines)
        }
        estimatedDuration = (max(1, seconds) * 10).rounded() / 10
    }
}
