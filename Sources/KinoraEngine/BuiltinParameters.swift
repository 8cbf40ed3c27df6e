import KinoraCore

/// The built-in engine's own knobs, read from a shot's `param.NAME` values and checked up front.
struct BuiltinParameters: Sendable, Hashable {
    /// How the source plays in video-to-video.
    enum Playback: String, CaseIterable, Sendable {
        /// Start to end.
        case forward
        /// End to start.
        case reverse
        /// There and back, as often as the shot lasts.
        case pingPong = "ping-pong"
    }

    /// How strong the camera move is: 0 none, 1 the default, 2 double.
    var intensity = 1.0
    /// The camera move's speed curve.
    var easing = Easing.easeInOut
    /// Video-to-video playback speed, 0.25–4.
    var speed = 1.0
    /// Video-to-video direction.
    var playback = Playback.forward
    /// Film grain amount, 0–1 (0: none).
    var grain = 0.0

    /// The parameter names this engine reads (`label` is the slate's, set by the planner).
    static let names = ["intensity", "easing", "speed", "playback", "grain", "label"]

    /// Reads and checks the parameters, refusing names this engine does not read (a typo would
    /// otherwise be ignored without a word).
    init(_ parameters: [String: String]) throws {
        if let unknown = parameters.keys.sorted().first(where: { !Self.names.contains($0) }) {
            throw EngineError.badParameter(
                reason: "it has no parameter \"\(unknown)\"; it reads "
                    + Self.names.dropLast().map { "param.\($0)" }.joined(separator: ", "))
        }
        func number(_ name: String, _ range: ClosedRange<Double>) throws -> Double? {
            guard let text = parameters[name] else { return nil }
            guard let value = Double(text), range.contains(value) else {
                throw EngineError.badParameter(
                    reason: "param.\(name) must be a number from \(range.lowerBound) to \(range.upperBound), "
                        + "found \"\(text)\"")
            }
            return value
        }
        intensity = try number("intensity", 0...2) ?? intensity
        speed = try number("speed", 0.25...4) ?? speed
        grain = try number("grain", 0...1) ?? grain
        if let text = parameters["easing"] {
            guard let value = Easing(rawValue: text) else {
                throw EngineError.badParameter(
                    reason:
                        "param.easing must be one of \(Easing.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            easing = value
        }
        if let text = parameters["playback"] {
            guard let value = Playback(rawValue: text) else {
                throw EngineError.badParameter(
                    reason: "param.playback must be one of "
                        + Playback.allCases.map(\.rawValue).joined(separator: ", "))
            }
            playback = value
        }
    }
}
