/// A sound file imported into the project by content (`assets/<sha256>.wav`): clips on shots and the
/// music bed. Any file ffmpeg reads with a sound stream is kept as it came (a video's sound included).
public struct SoundFile: Codable, Sendable, Hashable {
    /// The copy's path relative to the project folder (`assets/<sha256>.m4a`).
    public var asset: String
    /// SHA-256 of the file's bytes, in lowercase hex.
    public var sha256: String
    /// The file name it was imported from, for people.
    public var originalName: String
    /// Its sound's length in seconds, as probed on import.
    public var duration: Double

    /// A sound file with the given fields.
    public init(asset: String, sha256: String, originalName: String, duration: Double) {
        self.asset = asset
        self.sha256 = sha256
        self.originalName = originalName
        self.duration = duration
    }

    /// Reports every rule this file breaks, with paths below `path`.
    func validate(at path: String, report: (String, String) -> Void) {
        if !ProjectPath.isContained(asset, under: "assets") {
            report("\(path).asset", "must be a path inside the project's assets/ folder (found \"\(asset)\")")
        }
        if !(sha256.count == 64 && sha256.allSatisfy { $0.isHexDigit && !$0.isUppercase }) {
            report("\(path).sha256", "must be 64 lowercase hex digits")
        }
        if !(duration.isFinite && duration > 0) {
            report("\(path).duration", "must be more than 0 seconds (found \(duration))")
        }
    }
}

/// What a clip on a shot is, for the mix: dialogue ducks the music and replaces the scratch voice.
public enum SoundKind: String, Codable, Sendable, CaseIterable {
    /// Speech: a recorded line or voice-over.
    case dialogue
    /// Anything else: effects, ambience, a sting.
    case effect
}

/// A sound placed on a shot: a recorded line, a voice-over, an effect.
public struct SoundClip: Codable, Sendable, Hashable {
    /// Its number on the shot (1, 2…), unique there, for `kinora sound rm DIR SHOT N`.
    public var number: Int
    /// Dialogue or effect.
    public var kind: SoundKind
    /// The file.
    public var file: SoundFile
    /// Seconds after the shot starts that it starts.
    public var offset: Double
    /// Its gain in decibels (0 plays it as recorded).
    public var gain: Double

    /// A clip with the given fields.
    public init(number: Int, kind: SoundKind, file: SoundFile, offset: Double = 0, gain: Double = 0) {
        self.number = number
        self.kind = kind
        self.file = file
        self.offset = offset
        self.gain = gain
    }

    /// The gains Kinora accepts, in decibels.
    public static let gainRange = -60.0...24.0

    /// Why `gain` is unusable, or `nil` when it is fine.
    public static func gainProblem(_ gain: Double) -> String? {
        gain.isFinite && gainRange.contains(gain)
            ? nil : "must be between -60 and 24 dB (found \(gain)); 0 plays it as recorded"
    }

    /// Why `offset` is unusable, or `nil` when it is fine.
    public static func offsetProblem(_ offset: Double) -> String? {
        offset.isFinite && offset >= 0 && offset <= Project.maximumShotDuration
            ? nil : "must be 0 or more seconds from the shot's start (found \(offset))"
    }

    /// Reports every rule this clip breaks, with paths below `path`.
    func validate(at path: String, report: (String, String) -> Void) {
        file.validate(at: "\(path).file", report: report)
        if number < 1 { report("\(path).number", "must be 1 or more (found \(number))") }
        if let problem = Self.offsetProblem(offset) { report("\(path).offset", problem) }
        if let problem = Self.gainProblem(gain) { report("\(path).gain", problem) }
    }
}

/// Which sound a shot plays in the animatic and the film.
public enum ShotSound: String, Codable, Sendable, CaseIterable {
    /// Everything that fits: the take's own sound, the attached clips, and the scratch voice for the
    /// dialogue unless a dialogue clip stands in for it.
    case auto
    /// The take's own sound only (an engine's audio, a source video's sound).
    case take
    /// The attached clips only.
    case clips
    /// The scratch voice only.
    case scratch
    /// Silence.
    case none

    /// The rule for people, as the CLI's help and the inspector show it.
    public static let rule = "auto, take, clips, scratch or none"

    /// What it plays, in a few words.
    public var summary: String {
        switch self {
        case .auto: "the take's sound, the clips, and the scratch voice unless a dialogue clip replaces it"
        case .take: "the take's own sound only"
        case .clips: "the attached clips only"
        case .scratch: "the scratch voice only"
        case .none: "nothing"
        }
    }
}
