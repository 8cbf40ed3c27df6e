/// Keeps playback within a number of kilobits a second by dropping frames, never by queueing them:
/// a frame is sent only while the budget is not overdrawn, and what it costs is paid back over time.
public struct BandwidthBudget: Sendable {
    /// The budget in kilobits a second; nil is unlimited.
    public let kilobitsPerSecond: Int?
    private var balance: Double
    private var last: Double?

    /// The default over SSH, where pictures cross a network: 8 Mbit/s (1 MB/s) suits a home
    /// connection; blocks and changed sixel tiles fit well within it at full frame rate.
    public static let sshDefaultKilobits = 8000

    /// At most half a second of budget can be saved up, so a quiet spell does not allow a burst.
    private static let savedSeconds = 0.5

    /// The budget for a playback: what the user `asked` for, else the SSH default over SSH, else none.
    public static func forPlayback(asked: Int?, overSSH: Bool) -> BandwidthBudget {
        BandwidthBudget(kilobitsPerSecond: asked ?? (overSSH ? sshDefaultKilobits : nil))
    }

    /// A budget of `kilobitsPerSecond` (nil: unlimited).
    public init(kilobitsPerSecond: Int?) {
        self.kilobitsPerSecond = kilobitsPerSecond.flatMap { $0 > 0 ? $0 : nil }
        // Nothing saved up at the start; the first frame is still sent at once, on credit.
        balance = 0
    }

    /// Whether a frame may be sent at time `now` (seconds).
    public mutating func allows(at now: Double) -> Bool {
        guard let rate = bytesPerSecond else { return true }
        if let last { balance = min(balance + (now - last) * rate, rate * Self.savedSeconds) }
        last = now
        return balance >= 0
    }

    /// Records `bytes` sent at time `now`; the balance may go below zero until time pays it back.
    public mutating func spend(_ bytes: Int, at now: Double) {
        guard bytesPerSecond != nil else { return }
        _ = allows(at: now)
        balance -= Double(bytes)
    }

    private var bytesPerSecond: Double? { kilobitsPerSecond.map { Double($0) * 125 } }
}
