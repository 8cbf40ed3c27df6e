/// The part of the chosen take that plays, in seconds from the take's start.
public struct TrimRange: Codable, Sendable, Hashable {
    /// Where playback starts.
    public var inPoint: Double
    /// Where playback ends; greater than `inPoint`.
    public var outPoint: Double

    /// A trim from `inPoint` to `outPoint` seconds.
    public init(inPoint: Double, outPoint: Double) {
        self.inPoint = inPoint
        self.outPoint = outPoint
    }

    /// How long the trimmed take plays.
    public var duration: Double { outPoint - inPoint }
}
