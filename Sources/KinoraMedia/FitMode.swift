/// How a picture is made to fill a requested size whose shape differs from its own.
public enum FitMode: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// Scale each axis independently to the exact size; the picture is distorted.
    case stretch
    /// Scale to cover the whole size, keeping the shape, and crop the overflow equally
    /// on both sides.
    case fill
    /// Scale to fit inside the size, keeping the shape, and pad equally with black.
    case fit
}
