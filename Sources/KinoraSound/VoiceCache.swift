import Foundation
import KinoraCore

/// Scratch lines spoken once and kept in the project's cache (`cache/voices/<key>.wav`), keyed by the
/// engine, the voice and the words: the same line in the same voice is never spoken twice, and a
/// changed line or voice gets a file of its own. The cache may be deleted; lines are spoken again.
public struct VoiceCache: Sendable {
    /// A spoken line on disk.
    public struct Line: Sendable, Hashable {
        /// The WAV file (16-bit mono).
        public var url: URL
        /// Its length in seconds.
        public var duration: Double
    }

    /// Where the files go, relative to the project folder.
    public static let folder = "\(ProjectLayout.cacheFolder)/voices"

    /// The project folder.
    public let project: URL

    /// A cache in `project`.
    public init(project: URL) {
        self.project = project
    }

    /// The file of `text` said with `voice`: spoken now unless the cache has it.
    ///
    /// - Throws: ``SpeechSynthesizer/Failure`` when espeak-ng is missing or lacks the voice;
    ///   ``ProjectPathError`` when the cache folder cannot be written.
    public func line(_ text: String, voice: VoiceSettings) throws -> Line {
        let key = Self.key(text, voice: voice)
        let relative = "\(Self.folder)/\(key).wav"
        let url = project.appendingPathComponent(relative)
        if let duration = WAVFile.duration(of: url) { return Line(url: url, duration: duration) }
        let speech = try SpeechSynthesizer.speak(text, voice: voice)
        let target = try ProjectPath.writableFile(relative, in: project)
        try AtomicFile.write(WAVFile.data(samples: speech.samples, sampleRate: speech.sampleRate), to: target)
        return Line(url: target, duration: speech.duration)
    }

    /// The file name (without `.wav`) for `text` in `voice`: SHA-256 of the voice and the words. Not of
    /// the engine's version: a line spoken once plays on where espeak-ng is missing (an exporting machine
    /// without it), and an upgrade's slightly different voice is no reason to speak every line again.
    static func key(_ text: String, voice: VoiceSettings) -> String {
        let recipe = ["espeak-ng", voice.name, "\(voice.pitch)", "\(voice.rate)", text]
        return ContentHash.sha256(of: Data(recipe.joined(separator: "\n").utf8))
    }
}
