/// The camera moves the built-in engine performs; external engines get the name as a hint.
public enum CameraMotion: String, Codable, Sendable, CaseIterable {
    /// A locked-off camera.
    case `static` = "static"
    /// Moves towards the subject.
    case pushIn = "push-in"
    /// Moves away from the subject.
    case pullOut = "pull-out"
    /// Turns to the left.
    case panLeft = "pan-left"
    /// Turns to the right.
    case panRight = "pan-right"
    /// Tilts upwards.
    case tiltUp = "tilt-up"
    /// Tilts downwards.
    case tiltDown = "tilt-down"
    /// Slides sideways to the left with parallax.
    case truckLeft = "truck-left"
    /// Slides sideways to the right with parallax.
    case truckRight = "truck-right"
    /// Circles the subject (2.5D parallax).
    case orbit = "orbit"
    /// A hand-held wobble.
    case handheld = "handheld"
    /// A slow pan and zoom between two seeded framings.
    case kenBurns = "ken-burns"

    /// Decodes the name, listing the valid ones when a file holds another.
    public init(from decoder: Decoder) throws {
        self = try TextCoding.decode(
            decoder, rule: "the motions are " + CameraMotion.allCases.map(\.rawValue).joined(separator: ", "),
            parse: CameraMotion.init(rawValue:))
    }
}
