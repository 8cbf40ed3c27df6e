/// How a shot hands over to the next one.
public enum Transition: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A straight cut.
    case cut
    /// A cross-dissolve over the given number of frames.
    case dissolve(frames: Int)
    /// A fade through black over the given number of frames: out to black, then in from black (at the
    /// end of the film, a fade out to black).
    case fade(frames: Int)
    /// A dip through white over the given number of frames.
    case dip(frames: Int)

    /// The longest transition accepted, in frames (10 s at 24 fps).
    public static let maximumFrames = 240

    /// Parses `cut`, `dissolve:12`, `fade:24` or `dip:12` (a kind alone means 12 frames).
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        guard let kind = parts.first else { return nil }
        let frames: Int
        if parts.count == 2 {
            guard let value = Int(parts[1]), value > 0, value <= Transition.maximumFrames else { return nil }
            frames = value
        } else {
            frames = 12
        }
        switch kind {
        case "cut" where parts.count == 1: self = .cut
        case "dissolve": self = .dissolve(frames: frames)
        case "fade": self = .fade(frames: frames)
        case "dip": self = .dip(frames: frames)
        default: return nil
        }
    }

    /// The textual form: `cut`, `dissolve:12`, `fade:24`, `dip:12`.
    public var description: String {
        switch self {
        case .cut: "cut"
        case .dissolve(let frames): "dissolve:\(frames)"
        case .fade(let frames): "fade:\(frames)"
        case .dip(let frames): "dip:\(frames)"
        }
    }

    /// Frames the transition overlaps or spans (0 for a cut).
    public var frames: Int {
        switch self {
        case .cut: 0
        case .dissolve(let frames), .fade(let frames), .dip(let frames): frames
        }
    }

    /// Explains the accepted forms, for error messages.
    public static let rule =
        "a transition is cut, dissolve:FRAMES, fade:FRAMES (through black) or dip:FRAMES (through white), 1–\(maximumFrames) frames"

    /// Decodes the textual form.
    public init(from decoder: Decoder) throws {
        self = try TextCoding.decode(decoder, rule: Transition.rule, parse: Transition.init(parsing:))
    }

    /// Encodes the textual form.
    public func encode(to encoder: Encoder) throws {
        try TextCoding.encode(description, to: encoder)
    }
}
