/// What a shot is generated from.
public enum ShotMode: String, Codable, Sendable, CaseIterable {
    /// A still image animated by a camera move (or a diffusion engine's image-to-video).
    case imageToVideo = "image-to-video"
    /// A source video restyled, retimed or re-shot.
    case videoToVideo = "video-to-video"
    /// Only the prompt: an engine that reads prompts makes the picture from words. The built-in engine
    /// cannot read prompts and makes a slate, saying so in the take.
    case textToVideo = "text-to-video"
    /// No picture yet: the prompt shown as a title card, so the storyboard plays before it has pictures.
    case slate = "slate"

    /// Decodes the name, listing the valid ones when a file holds another.
    public init(from decoder: Decoder) throws {
        self = try TextCoding.decode(
            decoder, rule: "the modes are " + ShotMode.allCases.map(\.rawValue).joined(separator: ", "),
            parse: ShotMode.init(rawValue:))
    }
}
