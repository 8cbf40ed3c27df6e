import KinoraCore

/// What the studio last asked the app to play, to tell a jump (seek, loop, pause) from playing on.
struct SoundCursor: Sendable, Equatable {
    /// The animatic, or a take of a shot.
    enum Scope: Sendable, Equatable {
        /// The whole storyboard.
        case animatic
        /// A shot in the preview, with the take shown (none: the source or slate).
        case take(ShotID, TakeID?)
    }
    /// What plays.
    var scope: Scope
    /// Where it should be now, in seconds into its timeline.
    var time: Double
}
