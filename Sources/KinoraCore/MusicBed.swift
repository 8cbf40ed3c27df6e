/// The film's music: one file under the whole film, at a gain, ducked under dialogue.
public struct MusicBed: Codable, Sendable, Hashable {
    /// The file.
    public var file: SoundFile
    /// Its gain in decibels before the film is normalised (music sits under speech).
    public var gain: Double
    /// How far it drops while someone speaks, in decibels (0 keeps it level).
    public var ducking: Double

    /// A bed at the usual levels: 6 dB down, ducked 12 dB more under dialogue.
    public init(file: SoundFile, gain: Double = -6, ducking: Double = -12) {
        self.file = file
        self.gain = gain
        self.ducking = ducking
    }

    /// Why `ducking` is unusable, or `nil` when it is fine.
    public static func duckingProblem(_ ducking: Double) -> String? {
        ducking.isFinite && (-60...0).contains(ducking)
            ? nil : "must be between -60 and 0 dB (found \(ducking)); 0 keeps the music level under dialogue"
    }

    /// Reports every rule this bed breaks, with paths below `path`.
    func validate(at path: String, report: (String, String) -> Void) {
        file.validate(at: "\(path).file", report: report)
        if let problem = SoundClip.gainProblem(gain) { report("\(path).gain", problem) }
        if let problem = Self.duckingProblem(ducking) { report("\(path).ducking", problem) }
    }
}
