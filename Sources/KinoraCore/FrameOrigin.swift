/// Where a picture came from when it is a frame of another take: the last frame of the previous shot's
/// chosen take, for a shot that continues it, or the last frame of a take being extended.
public struct FrameOrigin: Codable, Sendable, Hashable {
    /// The shot the frame was taken from.
    public var shot: ShotID
    /// The take it was taken from.
    public var take: TakeID
    /// The frame's index in that take's video, from 0.
    public var frame: Int
    /// SHA-256 of that take's video when the frame was taken, so a take made again is noticed.
    public var takeHash: String

    /// An origin with the given fields.
    public init(shot: ShotID, take: TakeID, frame: Int, takeHash: String) {
        self.shot = shot
        self.take = take
        self.frame = frame
        self.takeHash = takeHash
    }

    /// Whether this is the same frame of the same video as `other`: another take of the shot whose video is
    /// identical (a still camera, made again) gives the same picture, so nothing after it is stale.
    public func showsSamePicture(as other: FrameOrigin) -> Bool {
        shot == other.shot && frame == other.frame && takeHash == other.takeHash
    }

    /// `s2 t3 frame 71`, for people.
    public var summary: String { "\(shot) \(take) frame \(frame)" }
}
