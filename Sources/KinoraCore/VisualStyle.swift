/// The looks the built-in engine can give a shot; external engines get the name as a hint.
public enum VisualStyle: String, Codable, Sendable, CaseIterable {
    /// The picture as it is.
    case none = "none"
    /// High-contrast black and white.
    case noir = "noir"
    /// Warm brown monochrome.
    case sepia = "sepia"
    /// The blockbuster grade: teal shadows, orange skin.
    case tealOrange = "teal-orange"
    /// Low saturation, high contrast.
    case bleachBypass = "bleach-bypass"
    /// Flat colours and ink lines.
    case toon = "toon"
    /// Pencil drawing.
    case sketch = "sketch"
    /// Low resolution with a small palette.
    case pixel = "pixel"
    /// Printed dots.
    case halftone = "halftone"
    /// Worn videotape.
    case vhs = "vhs"

    /// Decodes the name, listing the valid ones when a file holds another.
    public init(from decoder: Decoder) throws {
        self = try TextCoding.decode(
            decoder, rule: "the styles are " + VisualStyle.allCases.map(\.rawValue).joined(separator: ", "),
            parse: VisualStyle.init(rawValue:))
    }
}
