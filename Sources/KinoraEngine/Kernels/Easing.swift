import Foundation

/// How a camera move's progress speeds up and slows down between its first and last frame.
///
/// Every curve maps 0 to 0 and 1 to 1, is smooth (sine based, so no kinks in speed) and strictly
/// increasing, so a zoom eased by it never stalls or reverses.
public enum Easing: String, CaseIterable, Codable, Sendable {
    /// Constant speed.
    case linear = "linear"
    /// Starts at rest and speeds up.
    case easeIn = "ease-in"
    /// Starts at speed and comes to rest.
    case easeOut = "ease-out"
    /// Starts and ends at rest.
    case easeInOut = "ease-in-out"

    /// The eased progress for linear progress `t` (clamped to `0...1`).
    public func apply(_ t: Double) -> Double {
        // Exact ends, whatever the curve's rounding.
        guard t > 0 else { return 0 }
        guard t < 1 else { return 1 }
        let x = t
        switch self {
        case .linear:
            return x
        case .easeIn:
            return 1 - cos(x * .pi / 2)
        case .easeOut:
            return sin(x * .pi / 2)
        case .easeInOut:
            return (1 - cos(x * .pi)) / 2
        }
    }
}
