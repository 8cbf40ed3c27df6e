import Foundation

/// Maps ComfyUI's per-node `progress` (`value` of `max` sampling steps) onto the take's frames, so a bar
/// moves steadily across workflows with one sampler or several (Wan 2.2's two experts), never backwards,
/// and reaches the last frame only when the take is written.
struct ComfyUIProgress {
    /// Frames in the take.
    let total: Int
    /// The sampler nodes whose steps make up the sampling.
    let samplers: Set<String>
    /// Where progress goes.
    let report: @Sendable (GenerationProgress) -> Void
    /// The share of the bar that sampling fills; the rest is fetching and writing the take.
    static let samplingShare = 0.95

    private var fractions: [String: Double] = [:]
    private var lastOther = 0.0
    private var done = 0

    /// A tracker for a take of `total` frames sampled by the nodes `samplers`.
    init(total: Int, samplers: Set<String>, report: @escaping @Sendable (GenerationProgress) -> Void) {
        self.total = max(1, total)
        self.samplers = samplers
        self.report = report
    }

    /// Frames reported so far.
    var framesDone: Int { done }

    /// Nodes that ComfyUI reused from an earlier run count as finished.
    mutating func cached(_ nodes: [String]) {
        for node in nodes where samplers.contains(node) { fractions[node] = 1 }
        update()
    }

    /// One `progress` message.
    mutating func step(node: String?, value: Double, max: Double) {
        guard max > 0, value.isFinite else { return }
        let fraction = Swift.min(1, Swift.max(0, value / max))
        if let node, samplers.contains(node) {
            fractions[node] = Swift.max(fractions[node] ?? 0, fraction)
        } else if samplers.isEmpty {
            lastOther = Swift.max(lastOther, fraction)
        }
        update()
    }

    /// A live preview, passed on with the current count.
    func preview(_ image: Data) {
        report(GenerationProgress(framesDone: done, framesTotal: total, preview: image))
    }

    /// Moves the bar to at least `fraction` of the sampling share (polling knows only coarse stages).
    mutating func atLeast(_ fraction: Double) {
        set(Int(fraction * Self.samplingShare * Double(total)))
    }

    /// The take is written: the whole bar.
    mutating func finish() {
        set(total)
    }

    private mutating func update() {
        let sampled =
            samplers.isEmpty
            ? lastOther
            : samplers.reduce(0) { $0 + (fractions[$1] ?? 0) } / Double(samplers.count)
        set(Int(sampled * Self.samplingShare * Double(total)))
    }

    private mutating func set(_ frames: Int) {
        let clamped = Swift.min(total, frames)
        guard clamped > done else { return }
        done = clamped
        report(GenerationProgress(framesDone: done, framesTotal: total))
    }
}
