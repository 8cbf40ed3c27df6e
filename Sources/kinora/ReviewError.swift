import KinoraCore

/// Why a review command (`note`, `circle`, `reject`, `unmark`) refused what it was asked; each message
/// names the shot, the take or the option and says what to do.
enum ReviewError: UserFacingError {
    /// No take was named and the shot has no chosen or finished take to default to.
    case noTake(shot: String, dir: String)
    /// `--at` falls outside the take.
    case timeOutside(at: Double, take: String, shot: String, length: Double)
    /// A note with no text.
    case emptyNote
    /// Circling a take that did not finish.
    case unfinished(take: String, shot: String, status: String)

    /// The message for people.
    var userMessage: String {
        switch self {
        case .noTake(let shot, let dir):
            return
                "\(shot) has no finished take to review: make one with `kinora gen \(dir) \(shot)`, or name "
                + "a take (`kinora takes \(dir) \(shot)` lists them)."
        case .timeOutside(let at, let take, let shot, let length):
            return "--at: \(at) is outside \(take) of \(shot), which is \(Output.seconds(length)) long; give "
                + "0 to \(length) seconds, or leave --at out for a note on the whole take."
        case .emptyNote:
            return "TEXT: a note needs some text, e.g. kinora note DIR SHOT \"too dark\"."
        case .unfinished(let take, let shot, let status):
            return "\(take) of \(shot) is \(status): only a finished take can be circled as a keeper."
        }
    }

    /// Each is the person's to fix.
    var isUserError: Bool { true }
}
