/// What a shot continues from: its first frame is another take's last frame.
public enum ShotContinuation: String, Codable, Sendable, CaseIterable {
    /// The last frame of the previous shot's chosen take (as trimmed).
    case previous

    /// Decodes the name, listing the valid ones when a file holds another.
    public init(from decoder: Decoder) throws {
        self = try TextCoding.decode(
            decoder, rule: "continue may only be \"previous\"", parse: ShotContinuation.init(rawValue:))
    }
}
