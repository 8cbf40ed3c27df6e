import Foundation

/// A picture size in pixels, stored in files as `"1280x720"`.
public struct FrameSize: Codable, Sendable, Hashable, CustomStringConvertible {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int

    /// The largest side Kinora accepts for a project (8K).
    public static let maximumSide = 8192

    /// A size for video frames: both sides positive, even (H.264 with 4:2:0 chroma needs it) and at most 8K.
    public init?(width: Int, height: Int) {
        guard width > 0, height > 0, width % 2 == 0, height % 2 == 0,
            width <= FrameSize.maximumSide, height <= FrameSize.maximumSide
        else { return nil }
        self.width = width
        self.height = height
    }

    /// Parses `1280x720` (an `X` or `×` works too).
    public init?(parsing text: String) {
        let parts = text.lowercased().replacingOccurrences(of: "×", with: "x").split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]) else { return nil }
        self.init(width: width, height: height)
    }

    /// `1280x720`.
    public var description: String { "\(width)x\(height)" }

    /// Explains what a valid size looks like, for error messages.
    public static let rule = "a size is WIDTHxHEIGHT with even sides between 2 and 8192, like 1280x720"

    /// Decodes the textual form.
    public init(from decoder: Decoder) throws {
        self = try TextCoding.decode(decoder, rule: FrameSize.rule, parse: FrameSize.init(parsing:))
    }

    /// Encodes the textual form.
    public func encode(to encoder: Encoder) throws {
        try TextCoding.encode(description, to: encoder)
    }
}
