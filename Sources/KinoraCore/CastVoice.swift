/// How a character's scratch voice sounds: which text-to-speech voice, how high, how fast. Unset parts
/// take the engine's defaults; an unset voice follows the writing system of each line (Mandarin for
/// Chinese, Russian for Cyrillic…, English otherwise).
public struct CastVoice: Codable, Sendable, Hashable {
    /// The voice's name as espeak-ng knows it (`en-us`, `en-gb`, `fr`, `cmn`; `espeak-ng --voices`).
    public var voice: String?
    /// Pitch from 0 to 99 (espeak-ng's default is 50).
    public var pitch: Int?
    /// Speed in words a minute, from 80 to 450 (espeak-ng's default is 175).
    public var rate: Int?

    /// A voice with the given parts.
    public init(voice: String? = nil, pitch: Int? = nil, rate: Int? = nil) {
        self.voice = voice
        self.pitch = pitch
        self.rate = rate
    }

    /// The pitches espeak-ng takes.
    public static let pitchRange = 0...99
    /// The speeds espeak-ng takes, in words a minute.
    public static let rateRange = 80...450

    /// Why `voice` cannot name a voice, or `nil` when it can: letters, digits, `-`, `+` and `_` only
    /// (`en-us`, `en+f3`), so it never reaches the engine as anything but a name.
    public static func voiceProblem(_ voice: String) -> String? {
        let allowed =
            !voice.isEmpty && voice.count <= 40
            && voice.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-+_".contains($0)) }
        return allowed
            ? nil : "must be a voice name such as en-us, en-gb, fr or cmn (espeak-ng --voices lists them)"
    }

    /// Reports every rule this voice breaks, with paths below `path`.
    func validate(at path: String, report: (String, String) -> Void) {
        if let voice, let problem = Self.voiceProblem(voice) { report("\(path).voice", problem) }
        if let pitch, !Self.pitchRange.contains(pitch) {
            report("\(path).pitch", "must be from 0 to 99 (found \(pitch))")
        }
        if let rate, !Self.rateRange.contains(rate) {
            report("\(path).rate", "must be from 80 to 450 words a minute (found \(rate))")
        }
    }
}
