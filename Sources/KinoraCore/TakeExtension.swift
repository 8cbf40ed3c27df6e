/// What an extended take grows from: an earlier take of the same shot, followed by a continuation made
/// from its last frame.
public struct TakeExtension: Codable, Sendable, Hashable {
    /// The take being extended.
    public var base: TakeID
    /// SHA-256 of that take's video, so the extension is tied to the exact file it continues.
    public var baseHash: String
    /// The base take's length in seconds.
    public var baseDuration: Double
    /// How many seconds the continuation adds.
    public var by: Double

    /// An extension of `base` by `by` seconds.
    public init(base: TakeID, baseHash: String, baseDuration: Double, by: Double) {
        self.base = base
        self.baseHash = baseHash
        self.baseDuration = baseDuration
        self.by = by
    }
}
