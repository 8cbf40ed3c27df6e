import KinoraCore

/// What the app should play: the shots' sounds laid on a timeline (the animatic's, or one take's), from
/// a point in it. The app plans each shot's sound, mixes it and plays it; the studio only says what and
/// from where.
public struct SoundRequest: Sendable, Equatable {
    /// One shot on the timeline.
    public struct Span: Sendable, Equatable {
        /// The shot.
        public var shot: ShotID
        /// The take whose own sound it plays (nil: none).
        public var take: TakeID?
        /// Where the shot starts on the timeline, in seconds.
        public var start: Double
        /// How long it plays, in seconds.
        public var length: Double
        /// Where in the take it starts (its trim in-point), in seconds.
        public var inPoint: Double

        /// A span with the given parts.
        public init(shot: ShotID, take: TakeID?, start: Double, length: Double, inPoint: Double) {
            self.shot = shot
            self.take = take
            self.start = start
            self.length = length
            self.inPoint = inPoint
        }
    }

    /// The storyboard as it is now (the clips, dialogue, voices and music to play).
    public var project: Project
    /// The shots, in timeline order.
    public var spans: [Span]
    /// Seconds into the timeline to start from.
    public var from: Double
    /// Whether the project's music bed plays under it (the animatic: yes; one take: no).
    public var withMusic: Bool

    /// A request with the given parts.
    public init(project: Project, spans: [Span], from: Double, withMusic: Bool) {
        self.project = project
        self.spans = spans
        self.from = from
        self.withMusic = withMusic
    }
}
