/// Everything a backend needs to make a take, recorded with the take so it can be made again.
///
/// Two requests that are equal (with the same engine version) give the same take, which is what lets
/// Kinora answer a repeated request from the existing take.
public struct TakeRequest: Codable, Sendable, Hashable {
    /// The backend's configured name (`builtin`, `comfy-wan`, ...).
    public var backend: String
    /// The engine's version at the time, so a changed engine is not mistaken for the same one.
    public var engineVersion: String
    /// What the take is made from.
    public var mode: ShotMode
    /// The prompt.
    public var prompt: String
    /// What the picture should avoid.
    public var negativePrompt: String
    /// The source file, relative to the project folder.
    public var source: String?
    /// SHA-256 of the source file.
    public var sourceHash: String?
    /// For a video source: the first second used.
    public var inPoint: Double?
    /// For a video source: the last second used.
    public var outPoint: Double?
    /// The picture the take ends on (first and last frames), relative to the project folder.
    public var endImage: String?
    /// SHA-256 of the end picture.
    public var endImageHash: String?
    /// For a continuing shot: the take and frame its first frame (the source) was taken from.
    public var firstFrame: FrameOrigin?
    /// The framing the person set; `nil` lets the engine choose (recorded in the take).
    public var framing: Framing?
    /// For an extended take: the take it continues and by how much.
    public var extends: TakeExtension?
    /// Whether the source is a frame that already has this request's look (an extension, or a shot
    /// continuing a take with the same style and grain): the built-in engine moves it without styling it
    /// again, so the join is seamless.
    public var sourceHasLook: Bool?
    /// Whether the take's first frame must be its source exactly (a continuing shot, an extension): the
    /// built-in camera starts on the whole picture and eases into its move, so the cut does not jump.
    public var opensOnSource: Bool?
    /// The cast entries the prompt names with `@Name`, as they were when the take was asked for; `nil`
    /// when it names none (so requests from before the cast stay equal to their takes).
    public var references: [TakeReference]?
    /// Length of the take in seconds.
    public var duration: Double
    /// Frame rate of the take.
    public var fps: FrameRate
    /// Size of the take.
    public var size: FrameSize
    /// The seed.
    public var seed: UInt64
    /// Camera move, look, strength and engine parameters.
    public var settings: GenerationSettings

    /// A request with the given fields.
    public init(
        backend: String, engineVersion: String, mode: ShotMode, prompt: String, negativePrompt: String,
        source: String?, sourceHash: String?, inPoint: Double?, outPoint: Double?, duration: Double,
        fps: FrameRate, size: FrameSize, seed: UInt64, settings: GenerationSettings
    ) {
        self.backend = backend
        self.engineVersion = engineVersion
        self.mode = mode
        self.prompt = prompt
        self.negativePrompt = negativePrompt
        self.source = source
        self.sourceHash = sourceHash
        self.inPoint = inPoint
        self.outPoint = outPoint
        self.duration = duration
        self.fps = fps
        self.size = size
        self.seed = seed
        self.settings = settings
        self.endImage = nil
        self.endImageHash = nil
        self.firstFrame = nil
        self.framing = nil
        self.extends = nil
        self.references = nil
    }
}
