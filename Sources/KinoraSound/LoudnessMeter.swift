import CEbur128
import Foundation

/// Measures integrated loudness per EBU R128 (ITU-R BS.1770) with libebur128, in process, as
/// interleaved float samples stream past: the film's mix is measured while it is written, once.
public final class LoudnessMeter {
    /// Below this the measurement is silence: nothing to normalise (libebur128 gives -inf, or the
    /// absolute gate's -70 LUFS).
    public static let silenceFloor = -70.0

    private var state: UnsafeMutablePointer<ebur128_state>?
    /// Samples (one per channel) in a frame.
    public let channels: Int

    /// A meter for `channels` interleaved channels at `sampleRate`; nil when libebur128 refuses them.
    public init?(channels: Int, sampleRate: Int) {
        guard channels > 0, sampleRate > 0,
            let state = ebur128_init(UInt32(channels), UInt(sampleRate), Int32(EBUR128_MODE_I.rawValue))
        else { return nil }
        self.state = state
        self.channels = channels
    }

    deinit {
        if state != nil { ebur128_destroy(&state) }
    }

    /// Takes in interleaved samples (whole frames; a partial frame at the end is ignored).
    public func add(_ samples: UnsafeBufferPointer<Float>) {
        guard let base = samples.baseAddress, let state else { return }
        let frames = samples.count / channels
        if frames > 0 { _ = ebur128_add_frames_float(state, base, frames) }
    }

    /// The integrated loudness of everything added so far in LUFS, or nil for silence (below
    /// ``silenceFloor``), which no gain should try to lift.
    public var integratedLoudness: Double? {
        guard let state else { return nil }
        var loudness = -Double.infinity
        guard ebur128_loudness_global(state, &loudness) == 0, loudness.isFinite, loudness > Self.silenceFloor
        else { return nil }
        return loudness
    }
}
