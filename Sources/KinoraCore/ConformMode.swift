/// How a take whose shape differs from the film's is fitted into the film's frame.
public enum ConformMode: String, Codable, Sendable, Hashable, CaseIterable {
    /// The whole picture, with black bars (letterbox or pillarbox).
    case fit
    /// The frame filled, the overflow cropped around the centre.
    case fill

    /// Explains the accepted values, for error messages.
    public static let rule = "conform is fit (letterbox) or fill (crop)"
}
