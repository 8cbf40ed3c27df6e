import KinoraCore

/// Why a cast command refused what it was asked; every message names the entry or key and says what to do.
enum CastError: UserFacingError {
    /// No entry has that name.
    case unknownEntry(name: String, cast: String)
    /// The name breaks ``CastEntry/nameProblem(_:)``.
    case badName(field: String, name: String, problem: String)
    /// Another entry already has the name (whatever the case).
    case nameTaken(name: String, existing: String)
    /// Shots name the entry, so it is not removed without `--force`.
    case inUse(name: String, shots: String)
    /// `--remove-image` names no picture of the entry.
    case unknownPicture(name: String, reference: String, count: Int)
    /// `--remove-image` matches more than one picture.
    case ambiguousPicture(name: String, reference: String)
    /// A shot's prompt, location or people name entries the cast does not have.
    case unknownNames(field: String, problem: String)

    /// The message for people.
    var userMessage: String {
        switch self {
        case .unknownEntry(let name, let cast):
            return "No cast entry \"\(name)\": \(cast). `kinora cast list DIR` shows them."
        case .badName(let field, let name, let problem):
            return "\(field): \"\(name)\" cannot name a cast entry: \(problem)."
        case .nameTaken(let name, let existing):
            return
                "\"\(name)\" is taken: the cast already has \"\(existing)\" (names are unique whatever the "
                + "case). Choose another name, or change that entry with `kinora cast set DIR \(existing) ...`."
        case .inUse(let name, let shots):
            return
                "\(name) is named by shots \(shots). Take it out of them first (`kinora shot set`), or give "
                + "--force to remove it anyway: their prompts keep the text @\(name), and their location and "
                + "people forget it."
        case .unknownPicture(let name, let reference, let count):
            let range = count == 0 ? "it has no pictures" : "give 1–\(count) or the start of a picture's hash"
            return "--remove-image: \(name) has no picture \"\(reference)\": \(range). "
                + "`kinora cast show DIR \(name)` lists them."
        case .ambiguousPicture(let name, let reference):
            return "--remove-image: \"\(reference)\" is the start of more than one of \(name)'s pictures' "
                + "hashes; give more of it, or the picture's number."
        case .unknownNames(let field, let problem):
            return
                "\(field): \(problem). Add a missing entry with `kinora cast add DIR NAME`, or fix the spelling."
        }
    }

    /// Each is the person's to fix.
    var isUserError: Bool { true }
}
