/// One shot of the storyboard: what it shows, how it is generated, its takes and which one plays.
public struct Shot: Codable, Sendable, Hashable {
    /// Stable identity, never reused.
    public var id: ShotID
    /// The label a crew uses ("1A", "2").
    public var label: String
    /// What the shot should show.
    public var prompt: String
    /// What it should not show.
    public var negativePrompt: String
    /// The action, as in a script.
    public var action: String
    /// Spoken lines.
    public var dialogue: String
    /// Anything else.
    public var notes: String
    /// The scene it belongs to, as its heading reads ("INT. KITCHEN - NIGHT"); `nil` when not set.
    public var scene: String?
    /// How much of the subject it shows (CU, MS, ...).
    public var shotSize: ShotSize?
    /// Where the camera looks from.
    public var angle: CameraAngle?
    /// The lens's focal length in millimetres, as a crew plans it.
    public var lens: Int?
    /// A camera movement the built-in engine has no motion for ("crane up", "dolly zoom"), as the crew
    /// writes it; `nil` when the shot's motion says it (``movementText``).
    public var movement: String?
    /// The cast entry (a location) where it happens.
    public var location: String?
    /// Who is in it, when the person says so; `nil` means the characters its prompt names with `@Name`
    /// (``Project/people(in:)``).
    public var people: [String]?
    /// Where it is in the work; `nil` is to do.
    public var status: ShotStatus?
    /// The notes of its scene (the script's sections and synopses), shared by the scene's shots.
    public var sceneNotes: String?
    /// Where it came from in the script, when it was imported from one.
    public var scriptKey: ScriptKey?
    /// Whether `duration` is the importer's estimate from the words (`true`), not a length a person set.
    public var durationEstimated: Bool?
    /// Whether its text is gone from the script since the last import: kept, with its takes, until the
    /// person deletes it.
    public var removedFromScript: Bool?
    /// Sounds placed on the shot (recorded lines, effects), kept out of the file while there are none.
    public var sounds: [SoundClip]?
    /// Which sound the shot plays; `nil` is ``ShotSound/auto``.
    public var sound: ShotSound?
    /// What takes are generated from.
    public var mode: ShotMode
    /// The imported picture or video, if any.
    public var source: ShotSource?
    /// The picture the take should end on (first and last frames), if any; an image.
    public var endImage: ShotSource?
    /// Whether the first frame is another take's last frame (`continue=previous`).
    public var continuation: ShotContinuation?
    /// Where the shot looks inside its source picture; automatic (faces, else the upper third) when absent.
    public var framing: Framing?
    /// Length in seconds.
    public var duration: Double
    /// Camera move, look, strength and engine parameters.
    public var settings: GenerationSettings
    /// The seed the next take uses.
    public var seed: UInt64
    /// Whether the seed stays as it is when the prompt or settings change.
    public var seedLocked: Bool
    /// The backend for this shot, when it differs from the project's default.
    public var backend: String?
    /// Every take, oldest first.
    public var takes: [Take]
    /// The take that plays in the animatic and goes into exports.
    public var chosenTake: TakeID?
    /// The part of the chosen take that plays; the whole take when absent.
    public var trim: TrimRange?
    /// How this shot hands over to the next one.
    public var transition: Transition
    /// The serial number the next take gets.
    public var nextTakeNumber: Int

    /// A new shot with no takes.
    public init(
        id: ShotID, label: String, prompt: String, mode: ShotMode, duration: Double, seed: UInt64,
        source: ShotSource? = nil, settings: GenerationSettings = GenerationSettings()
    ) {
        self.id = id
        self.label = label
        self.prompt = prompt
        self.negativePrompt = ""
        self.action = ""
        self.dialogue = ""
        self.notes = ""
        self.mode = mode
        self.source = source
        self.endImage = nil
        self.continuation = nil
        self.framing = nil
        self.duration = duration
        self.settings = settings
        self.seed = seed
        self.seedLocked = false
        self.backend = nil
        self.takes = []
        self.chosenTake = nil
        self.trim = nil
        self.transition = .cut
        self.nextTakeNumber = 1
    }

    /// The chosen take, when one is chosen and still exists.
    public var chosen: Take? {
        guard let chosenTake else { return nil }
        return takes.first { $0.id == chosenTake }
    }
}
