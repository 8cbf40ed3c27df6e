/// The frames an engine's model actually made, when its rules differ from the project's: LTX-Video
/// needs 8n+1 frames, Wan makes 4n+1 at 16 fps; Wan's sides are multiples of 16, LTX-Video's of 32.
/// The take is retimed to the project's rate and scaled to its size afterwards.
public struct ModelTiming: Codable, Sendable, Hashable {
    /// Frames the model generated.
    public var frames: Int
    /// The rate the model generated them at.
    public var fps: FrameRate
    /// The size the model made them at, when it is not the take's (absent in older takes).
    public var size: FrameSize?

    /// A timing of `frames` at `fps` (and `size`, when the model made another size than the take's).
    public init(frames: Int, fps: FrameRate, size: FrameSize? = nil) {
        self.frames = frames
        self.fps = fps
        self.size = size
    }
}
