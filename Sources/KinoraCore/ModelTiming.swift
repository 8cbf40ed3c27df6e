/// The frames an engine's model actually made, when its rules differ from the project's rate: LTX-Video
/// needs 8n+1 frames, Wan makes 4n+1 at 16 fps. The take is retimed to the project's rate afterwards.
public struct ModelTiming: Codable, Sendable, Hashable {
    /// Frames the model generated.
    public var frames: Int
    /// The rate the model generated them at.
    public var fps: FrameRate

    /// A timing of `frames` at `fps`.
    public init(frames: Int, fps: FrameRate) {
        self.frames = frames
        self.fps = fps
    }
}
