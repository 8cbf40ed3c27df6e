import Foundation
import KinoraCore

/// What a person wrote about a shot and its chosen take, carried to every export: the crew's shot-list
/// fields, the action, dialogue and notes, and the review (verdict and notes at times in the take).
public struct ShotDetails: Sendable, Equatable {
    /// The scene the shot belongs to ("12", "INT. KITCHEN").
    public var scene: String?
    /// How much of the subject it shows.
    public var shotSize: ShotSize?
    /// Where the camera looks from.
    public var angle: CameraAngle?
    /// The lens in millimetres.
    public var lens: Int?
    /// The camera movement as a shot list says it ("push in", "static").
    public var movement: String
    /// Where it happens: a cast entry's name.
    public var location: String?
    /// Who is in it (the person's list, or the characters its prompt names).
    public var people: [String]
    /// Where the shot is in the work; `nil` means to do.
    public var status: ShotStatus?
    /// What happens in the shot.
    public var action: String
    /// What is said.
    public var dialogue: String
    /// The person's notes on the shot.
    public var notes: String
    /// The chosen take's verdict: circled (a keeper) or rejected.
    public var verdict: TakeVerdict?
    /// The chosen take's review notes, oldest first.
    public var reviewNotes: [ReviewNote]

    /// Details with nothing written.
    public init(
        scene: String? = nil, shotSize: ShotSize? = nil, angle: CameraAngle? = nil, lens: Int? = nil,
        movement: String = "", location: String? = nil, people: [String] = [], status: ShotStatus? = nil,
        action: String = "", dialogue: String = "", notes: String = "", verdict: TakeVerdict? = nil,
        reviewNotes: [ReviewNote] = []
    ) {
        self.scene = scene
        self.shotSize = shotSize
        self.angle = angle
        self.lens = lens
        self.movement = movement
        self.location = location
        self.people = people
        self.status = status
        self.action = action
        self.dialogue = dialogue
        self.notes = notes
        self.verdict = verdict
        self.reviewNotes = reviewNotes
    }

    /// The details of `shot` in `project`: the review is its chosen take's, even when that take cannot be
    /// played and a slate stands in (the notes were written about it).
    public init(of shot: Shot, in project: Project) {
        let take = shot.chosen
        self.init(
            scene: shot.scene, shotSize: shot.shotSize, angle: shot.angle, lens: shot.lens,
            movement: shot.movementText, location: shot.location,
            people: project.people(in: shot), status: shot.status, action: shot.action,
            dialogue: shot.dialogue, notes: shot.notes, verdict: take?.verdict,
            reviewNotes: take?.reviewNotes ?? [])
    }

    /// The lens as crews write it ("35mm"), or "" when none is set.
    public var lensText: String { lens.map { "\($0)mm" } ?? "" }

    /// The status as a shot list says it; a shot with none is "to do".
    public var statusText: String { (status ?? .toDo).name }

    /// The first line of the dialogue that says something, for a caption.
    public var firstDialogueLine: String {
        dialogue.split(whereSeparator: \.isNewline).lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? ""
    }

    /// The review in a few lines: the verdict, then each note with its time ("1.5 s: too dark"; a note on
    /// the whole take has no time).
    public var reviewText: String {
        var lines: [String] = []
        if let verdict { lines.append(verdict.rawValue) }
        for note in reviewNotes {
            lines.append(note.at.map { "\(Self.secondsText($0)) s: \(note.text)" } ?? note.text)
        }
        return lines.joined(separator: "\n")
    }

    /// The notes and the review on one line, for a caption: "Shoot at dawn · circled · 1.5 s: too dark".
    public var notesLine: String {
        let parts = [notes, reviewText].map { text in
            text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.joined(separator: " · ")
        }
        return parts.filter { !$0.isEmpty }.joined(separator: " · ")
    }

    /// Seconds as a note's time is written ("1.5", "2", "0.25").
    static func secondsText(_ seconds: Double) -> String { ReviewNote.secondsText(seconds) }
}
