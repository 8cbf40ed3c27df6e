import Foundation
import KinoraCore

/// A shot as `shot show --json` prints it: every field of the storyboard as stored, with the people in it
/// (`peopleInShot`: its own list, else the characters its prompt names), the cast entries its
/// prompt names as engines will get them (`references`), and the `@Name`s the cast lacks (`unknownNames`).
struct ShotShowEntry: Encodable {
    /// The shot.
    var shot: Shot
    /// Who is in it, as ``Project/people(in:)`` says.
    var people: [String]
    /// The entries the prompt names, resolved now.
    var references: [TakeReference]
    /// Names after `@` that are no cast entry (they reach engines as written).
    var unknownNames: [String]
    /// When the dialogue's last line ends, in seconds from the shot's start (absent without dialogue).
    var speech: Double?

    /// The details of `shot` in `project`.
    init(_ shot: Shot, in project: Project) {
        self.shot = shot
        people = project.people(in: shot)
        references = project.references(in: shot.prompt)
        unknownNames = project.unknownMentions(in: shot.prompt)
    }

    private enum Keys: String, CodingKey {
        case peopleInShot, references, unknownNames, speechSeconds
    }

    /// The shot's own keys as stored, and the others beside them.
    func encode(to encoder: Encoder) throws {
        try shot.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(people, forKey: .peopleInShot)
        try container.encode(references, forKey: .references)
        try container.encode(unknownNames, forKey: .unknownNames)
        try container.encodeIfPresent(speech, forKey: .speechSeconds)
    }
}
