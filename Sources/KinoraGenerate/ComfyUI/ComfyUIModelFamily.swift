/// The video model a template's nodes show it runs, for a template that declares no frame or size rule:
/// one place that tells the families apart, so the frame and size rules always agree.
enum ComfyUIModelFamily {
    /// LTX-Video: 8n+1 frames at the take's rate, sides in multiples of 32.
    case ltxVideo
    /// Wan 2.2 TI2V 5B (its own latent node): 4n+1 frames at 24 fps, multiples of 32.
    case wan22FiveB
    /// Wan's other models: 4n+1 frames at 16 fps, multiples of 16.
    case wan

    /// The family of the template whose nodes are `nodes`, or `nil` for a model Kinora knows no rules of.
    init?(nodes: [String: ComfyUIJSON]) {
        let types = Set(nodes.values.compactMap { $0["class_type"]?.string })
        if types.contains(where: { $0.hasPrefix("LTXV") || $0 == "EmptyLTXVLatentVideo" }) {
            self = .ltxVideo
        } else if types.contains("Wan22ImageToVideoLatent") {
            self = .wan22FiveB
        } else if types.contains(where: { $0.hasPrefix("Wan") }) {
            self = .wan
        } else {
            return nil
        }
    }

    /// The frames the family's models make.
    var frameRule: ModelFrameRule {
        switch self {
        case .ltxVideo: .ltxv
        case .wan22FiveB: ModelFrameRule(step: 4, fps: 24)
        case .wan: .wan
        }
    }

    /// The sizes the family's models make.
    var sizeRule: ModelSizeRule {
        switch self {
        case .ltxVideo: .ltxv
        case .wan22FiveB: ModelSizeRule(multiple: 32)
        case .wan: .wan
        }
    }
}
