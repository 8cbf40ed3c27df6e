/// How a shot's takes are made: the built-in engine's camera move and look, and any engine's own knobs.
public struct GenerationSettings: Codable, Sendable, Hashable {
    /// The camera move.
    public var motion: CameraMotion
    /// The look.
    public var style: VisualStyle
    /// How strongly the style (or a diffusion engine's denoising) changes the source, 0–1.
    public var strength: Double
    /// Engine-specific parameters (`steps`, `cfg`, `speed`, ...), passed through as text.
    public var parameters: [String: String]

    /// Settings with the given values; the defaults are a static camera and no style.
    public init(
        motion: CameraMotion = .static, style: VisualStyle = .none, strength: Double = 1,
        parameters: [String: String] = [:]
    ) {
        self.motion = motion
        self.style = style
        self.strength = strength
        self.parameters = parameters
    }
}

extension GenerationSettings {
    /// Whether a frame made with these settings already has the look `other` asks for: a style or film
    /// grain (`param.grain`) that is not none, the same in both. A shot continuing such a frame must not
    /// style it a second time.
    public func carriesLook(of other: GenerationSettings) -> Bool {
        let grain = parameters["grain"].flatMap(Double.init) ?? 0
        let hasLook = style != .none || grain > 0
        return hasLook && style == other.style && strength == other.strength
            && parameters["grain"] == other.parameters["grain"]
    }
}
