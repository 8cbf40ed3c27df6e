/// What a job makes, carried from the queue that runs it to the panel that shows it, so nothing has to
/// read a job's label to know what it is.
public enum JobIdentity: Hashable, Sendable, CustomStringConvertible {
    /// Generating take `take` of shot `shot`.
    case take(shot: ShotID, take: TakeID)
    /// The `serial`th export of this session, writing `file` (its name, for people).
    case export(serial: Int, file: String)

    /// The shot a generation job works on; none for exports.
    public var shot: ShotID? {
        if case .take(let shot, _) = self { return shot }
        return nil
    }

    /// `s3 t2`, `export film.mp4`.
    public var description: String {
        switch self {
        case .take(let shot, let take): "\(shot) \(take)"
        case .export(_, let file): "export \(file)"
        }
    }
}
