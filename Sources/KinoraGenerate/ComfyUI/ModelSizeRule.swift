import Foundation
import KinoraCore

/// The frame sizes a video model makes: Wan 2.1 and the Wan 2.2 14B models need width and height in
/// multiples of 16 (a latent 8 times smaller, in 2×2 patches), LTX-Video and Wan 2.2 5B multiples of 32.
/// Kinora asks the model for the nearest such size and scales the result to the project's size.
public struct ModelSizeRule: Sendable, Hashable {
    /// Width and height are multiples of this (even, 2–256).
    public var multiple: Int

    /// A rule of sides in multiples of `multiple` (made even and at least 2).
    public init(multiple: Int) {
        let even = max(2, multiple) + max(2, multiple) % 2
        self.multiple = min(256, even)
    }

    /// Wan 2.1 and Wan 2.2 14B: multiples of 16.
    public static let wan = ModelSizeRule(multiple: 16)
    /// LTX-Video (and Wan 2.2 5B): multiples of 32.
    public static let ltxv = ModelSizeRule(multiple: 32)

    /// Reads `"16n"` or `16` (the rule as templates write it under `"kinora"`); `nil` for anything else,
    /// odd numbers included (a video frame's sides are even).
    init?(declared value: ComfyUIJSON) {
        var number: Int?
        if let text = value.string {
            let trimmed = text.replacingOccurrences(of: " ", with: "").lowercased()
            number = trimmed.hasSuffix("n") ? Int(trimmed.dropLast()) : nil
        } else if let value = value.number, value == value.rounded(), abs(value) < 1e6 {
            number = Int(value)
        }
        guard let number, number >= 2, number <= 256, number % 2 == 0 else { return nil }
        self.init(multiple: number)
    }

    /// The size the model makes for a take of `size`: each side the nearest multiple (the larger one
    /// when two are as near, so the take is scaled down rather than up), at least one multiple.
    public func size(for size: FrameSize) -> FrameSize {
        let width = nearest(size.width)
        let height = nearest(size.height)
        return FrameSize(width: width, height: height) ?? size
    }

    /// `"16n"`, for messages and the README.
    public var summary: String { "\(multiple)n" }

    /// The multiple nearest `side`, ties going up.
    private func nearest(_ side: Int) -> Int {
        let below = side / multiple * multiple
        let above = below == side ? side : below + multiple
        let chosen = side - below < above - side ? below : above
        return min(FrameSize.maximumSide / multiple * multiple, max(multiple, chosen))
    }
}
