import CEspeak
import Foundation

/// Text to speech through libespeak-ng, loaded when first needed so Kinora runs without it. One line at
/// a time: the library keeps global state, so every call goes through one lock.
public enum SpeechSynthesizer {
    /// Speech as 16-bit mono samples.
    public struct Speech: Sendable {
        /// The samples.
        public var samples: [Int16]
        /// Samples a second.
        public var sampleRate: Int
        /// Its length in seconds.
        public var duration: Double { Double(samples.count) / Double(sampleRate) }
    }

    /// Why a line could not be spoken: espeak-ng missing, or a voice it lacks.
    public struct Failure: Error, Sendable {
        /// What went wrong and what to do.
        public var reason: String
    }

    private static let lock = NSLock()

    /// Whether espeak-ng can be used here, or why not (with how to install it).
    public static func availability() -> Result<Void, Failure> {
        lock.withLock {
            var error = [CChar](repeating: 0, count: 256)
            guard kinora_espeak_load(&error, error.count) > 0 else {
                return .failure(
                    Failure(
                        reason: String(
                            decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
            }
            return .success(())
        }
    }

    /// Whether espeak-ng has the voice `name` (a voice or a language); `nil` when espeak-ng cannot be used.
    public static func hasVoice(_ name: String) -> Bool? {
        lock.withLock {
            switch kinora_espeak_has_voice(name) {
            case 1: true
            case 0: false
            default: nil
            }
        }
    }

    /// The engine and its version, for cache keys and messages (`espeak-ng 1.51`).
    public static var engineName: String {
        lock.withLock {
            var error = [CChar](repeating: 0, count: 256)
            _ = kinora_espeak_load(&error, error.count)
            return "espeak-ng " + String(cString: kinora_espeak_version())
        }
    }

    /// `text` spoken with `voice`.
    ///
    /// - Throws: ``Failure`` when espeak-ng is missing or lacks the voice.
    public static func speak(_ text: String, voice: VoiceSettings) throws -> Speech {
        try lock.withLock {
            var error = [CChar](repeating: 0, count: 256)
            var samples: UnsafeMutablePointer<Int16>?
            var count = 0
            let rate = kinora_espeak_load(&error, error.count)
            guard rate > 0,
                kinora_espeak_speak(
                    voice.name, Int32(voice.rate), Int32(voice.pitch), text, &samples, &count, &error,
                    error.count) == 0
            else {
                throw Failure(
                    reason: String(
                        decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            defer { kinora_espeak_free(samples) }
            let speech = samples.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
            return Speech(samples: speech, sampleRate: Int(rate))
        }
    }
}
