import Foundation
import KinoraCore

/// How many frames a video model makes and at what rate: LTX-Video's VAE needs 8n+1 frames, Wan makes
/// 4n+1 at its native 16 fps. Kinora asks the model for what it needs and retimes the result to the take.
public struct ModelFrameRule: Sendable, Hashable {
    /// The model makes `step`·n + 1 frames (4 for Wan, 8 for LTX-Video).
    public var step: Int
    /// The rate the model generates at; `nil` follows the take's rate (LTX-Video is conditioned on it).
    public var fps: Double?

    /// A rule of `step`·n + 1 frames at `fps` (`nil`: the take's rate).
    public init(step: Int, fps: Double?) {
        self.step = max(1, step)
        self.fps = fps
    }

    /// Wan 2.1 and Wan 2.2 14B: 4n+1 frames at 16 fps.
    public static let wan = ModelFrameRule(step: 4, fps: 16)
    /// LTX-Video: 8n+1 frames at the take's rate.
    public static let ltxv = ModelFrameRule(step: 8, fps: nil)

    /// Reads `"4n+1"` (the frame rule as templates write it); `nil` for anything else.
    public init?(frames text: String, fps: Double?) {
        let parts = text.replacingOccurrences(of: " ", with: "").lowercased().split(separator: "n")
        guard parts.count == 2, let step = Int(parts[0]), step >= 1, step <= 64, parts[1] == "+1" else {
            return nil
        }
        if let fps, !(fps.isFinite && fps > 0 && fps <= 240) { return nil }
        self.init(step: step, fps: fps)
    }

    /// `"4n+1 at 16 fps"`, for messages and the README.
    public var summary: String {
        "\(step)n+1" + (fps.map { " at \(Self.number($0)) fps" } ?? " at the take's rate")
    }

    /// What the model makes for a take of `duration` seconds at `rate`: the smallest count of the rule's
    /// form (at least `step`+1) that covers the duration at the model's rate.
    public func timing(duration: Double, rate: FrameRate) -> ModelTiming {
        let modelRate = fps.flatMap { FrameRate(approximating: $0) } ?? rate
        let needed = max(1, modelRate.frames(in: duration))
        let blocks = max(1, Int((Double(needed - 1) / Double(step)).rounded(.up)))
        return ModelTiming(frames: blocks * step + 1, fps: modelRate)
    }

    /// "16" or "23.976".
    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.3f", value)
    }
}
