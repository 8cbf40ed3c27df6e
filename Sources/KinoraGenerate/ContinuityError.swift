import KinoraCore

/// Why a continuing shot or an extension cannot be made yet; every message names the shot and take and
/// says what to do.
public enum ContinuityError: UserFacingError, Equatable {
    /// The shot continues the previous one but is first in the storyboard.
    case firstShot(ShotID)
    /// The previous shot has no finished chosen take to continue.
    case waiting(shot: ShotID, previous: ShotID)
    /// The take asked to be extended is not a finished take with its file.
    case notExtendable(shot: ShotID, take: TakeID, why: String)
    /// The shot has no chosen take, and none was named.
    case nothingToExtend(ShotID)
    /// `--by` is not a positive number of seconds.
    case badExtension(seconds: Double)
    /// The frame of another take could not be read.
    case frameUnreadable(shot: ShotID, take: TakeID, reason: String)

    /// The message for people.
    public var userMessage: String {
        switch self {
        case .firstShot(let shot):
            return "\(shot) continues the previous shot (continue=previous), but it is the first shot: there "
                + "is nothing before it to continue. Move it after another shot, or stop continuing with "
                + "`kinora shot set DIR \(shot) continue=`."
        case .waiting(let shot, let previous):
            return "\(shot) continues \(previous), which has no finished chosen take yet, so \(shot) is "
                + "waiting for it. Make \(previous) first (`kinora gen DIR \(previous)`, or `kinora gen DIR` "
                + "for the whole chain in order) and choose a take of it."
        case .notExtendable(let shot, let take, let why):
            return "\(shot) \(take) cannot be extended: \(why). `kinora takes DIR \(shot)` lists its takes; "
                + "extend a finished one."
        case .nothingToExtend(let shot):
            return "\(shot) has no chosen take to extend. Make one with `kinora gen DIR \(shot)`, or name "
                + "the take: `kinora extend DIR \(shot) TAKE --by SECONDS`."
        case .badExtension(let seconds):
            return "--by must be a number of seconds more than 0 (found \(seconds))."
        case .frameUnreadable(let shot, let take, let reason):
            return "The last frame of \(shot) \(take) could not be read: \(reason) "
                + "`kinora regen DIR \(shot) \(take)` makes the take again."
        }
    }

    /// All of these are the person's to fix.
    public var isUserError: Bool { true }
}
