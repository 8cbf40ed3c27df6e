import KinoraCore

/// The voice a scratch line is spoken with: a character's ``CastVoice`` filled in with defaults, and a
/// voice for the line's writing system when the character's would not read it (Chinese is spoken by the
/// Mandarin voice whatever the character's English accent).
public struct VoiceSettings: Sendable, Hashable {
    /// espeak-ng's voice name (`en-us`, `cmn`).
    public var name: String
    /// Pitch, 0 to 99.
    public var pitch: Int
    /// Words a minute.
    public var rate: Int

    /// Settings with the given parts.
    public init(name: String, pitch: Int = 50, rate: Int = 175) {
        self.name = name
        self.pitch = pitch
        self.rate = rate
    }

    /// The voice for `text` said by a character with `voice` (or by nobody in the cast: `nil`).
    public static func forLine(_ text: String, voice: CastVoice?) -> VoiceSettings {
        let script = WritingSystem.of(text)
        var name = voice?.voice ?? script.voice
        // A voice for another writing system would spell the line out letter by letter, or say nothing.
        if script != .latin, WritingSystem.ofVoice(name) != script { name = script.voice }
        return VoiceSettings(name: name, pitch: voice?.pitch ?? 50, rate: voice?.rate ?? 175)
    }
}

/// The writing systems espeak-ng has a voice for, told apart by their letters.
enum WritingSystem: Sendable, Hashable {
    case latin, han, kana, hangul, cyrillic, greek, arabic, hebrew, devanagari, thai

    /// The voice that reads it.
    var voice: String {
        switch self {
        case .latin: "en-us"
        case .han: "cmn"
        case .kana: "ja"
        case .hangul: "ko"
        case .cyrillic: "ru"
        case .greek: "el"
        case .arabic: "ar"
        case .hebrew: "he"
        case .devanagari: "hi"
        case .thai: "th"
        }
    }

    /// The writing system most of `text`'s letters are in (kana wins over Han: Japanese mixes both).
    static func of(_ text: String) -> WritingSystem {
        var counts: [WritingSystem: Int] = [:]
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            counts[system(of: scalar), default: 0] += 1
        }
        if counts[.kana, default: 0] > 0 { return .kana }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key == .latin) }?.key ?? .latin
    }

    /// The writing system a voice reads (`cmn` Han, `ru` Cyrillic), Latin for any other.
    static func ofVoice(_ name: String) -> WritingSystem {
        let language = name.lowercased().split { $0 == "-" || $0 == "+" }.first.map(String.init) ?? ""
        switch language {
        case "cmn", "zh", "yue", "hak": return .han
        case "ja": return .kana
        case "ko": return .hangul
        case "ru", "uk", "bg", "sr", "mk", "be": return .cyrillic
        case "el", "grc": return .greek
        case "ar", "fa", "ur": return .arabic
        case "he": return .hebrew
        case "hi", "mr", "ne": return .devanagari
        case "th": return .thai
        default: return .latin
        }
    }

    private static func system(of scalar: Unicode.Scalar) -> WritingSystem {
        switch scalar.value {
        case 0x3040...0x30FF, 0x31F0...0x31FF: .kana
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0xF900...0xFAFF: .han
        case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F: .hangul
        case 0x0400...0x04FF: .cyrillic
        case 0x0370...0x03FF: .greek
        case 0x0600...0x06FF, 0x0750...0x077F: .arabic
        case 0x0590...0x05FF: .hebrew
        case 0x0900...0x097F: .devanagari
        case 0x0E00...0x0E7F: .thai
        default: .latin
        }
    }
}
