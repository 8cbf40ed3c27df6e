import KinoraCore

/// A remake of the stale shots under way (`R`, like `kinora gen --stale`): the shots asked for a new take,
/// and which take answers each, so the new take is chosen as soon as it is done and the next shot down the
/// chain is made from it.
public struct StaleRemake: Sendable, Equatable {
    /// Shots whose new take is awaited.
    public internal(set) var asked: Set<ShotID> = []
    /// The takes each asked shot had before, so its new take is told apart when its record arrives.
    var before: [ShotID: Set<TakeID>] = [:]
    /// The new take of each asked shot, once its record has arrived.
    var answers: [ShotID: TakeID] = [:]
    /// How many shots were remade so far.
    public internal(set) var remade = 0
}
