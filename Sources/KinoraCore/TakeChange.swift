/// One take's new record, as the take ledger saved it: what the studio needs to follow a job without
/// receiving the whole storyboard.
public struct TakeChange: Sendable, Equatable {
    /// The shot the take belongs to.
    public var shot: ShotID
    /// The take as saved.
    public var take: Take
    /// Whether saving it made it the shot's chosen take (a shot's first finished take is chosen).
    public var chosen: Bool

    /// A change of `take` in `shot`.
    public init(shot: ShotID, take: Take, chosen: Bool = false) {
        self.shot = shot
        self.take = take
        self.chosen = chosen
    }
}
