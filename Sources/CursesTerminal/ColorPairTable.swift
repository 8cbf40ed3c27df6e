/// Curses colour pairs handed out as cells need them: one per foreground/background combination,
/// reused after that, and compacted to the ones still on screen when the terminal's pairs run out.
/// Pair 0 is the terminal's own colours and is never handed out.
struct ColorPairTable: Sendable {
    /// A foreground/background combination in curses colour numbers (-1 is the terminal's own).
    struct Colors: Hashable, Sendable {
        /// The text colour.
        var foreground: Int32
        /// The cell colour.
        var background: Int32

        /// A combination.
        init(foreground: Int32, background: Int32) {
            self.foreground = foreground
            self.background = background
        }

        /// The terminal's own colours: pair 0.
        static let standard = Colors(foreground: -1, background: -1)
    }

    /// What a lookup found.
    enum Lookup: Hashable, Sendable {
        /// The combination already has this pair (curses knows it).
        case existing(Int32)
        /// A new pair for the combination: it must be given to curses (init_extended_pair).
        case added(Int32)
        /// Every pair is taken.
        case full
    }

    /// How many pairs can be handed out (curses' COLOR_PAIRS less pair 0).
    let capacity: Int
    private var pairs: [Colors: Int32] = [:]
    private var colorsByPair: [Colors] = []

    /// An empty table of `capacity` pairs.
    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// Pairs handed out.
    var count: Int { colorsByPair.count }

    /// The pair for `colors`, handing out the next one when it has none yet.
    mutating func pair(for colors: Colors) -> Lookup {
        if colors == .standard { return .existing(0) }
        if let pair = pairs[colors] { return .existing(pair) }
        guard colorsByPair.count < capacity else { return .full }
        colorsByPair.append(colors)
        let pair = Int32(colorsByPair.count)
        pairs[colors] = pair
        return .added(pair)
    }

    /// The combination pair `pair` stands for; nil for one not handed out.
    func colors(ofPair pair: Int32) -> Colors? {
        if pair == 0 { return .standard }
        guard pair > 0, Int(pair) <= colorsByPair.count else { return nil }
        return colorsByPair[Int(pair) - 1]
    }

    /// Starts over with only the pairs in `kept` (those still on screen), numbered again from 1 in
    /// their old order; returns each kept pair's new number. When more are kept than fit, the
    /// surplus is dropped (their cells fall back to pair 0).
    mutating func compact(keeping kept: Set<Int32>) -> [Int32: Int32] {
        let old = colorsByPair
        pairs = [:]
        colorsByPair = []
        var renumbered: [Int32: Int32] = [0: 0]
        for (index, colors) in old.enumerated() where kept.contains(Int32(index + 1)) {
            guard case .added(let pair) = pair(for: colors) else { break }
            renumbered[Int32(index + 1)] = pair
        }
        return renumbered
    }
}
