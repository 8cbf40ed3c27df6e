import CAlsa
import Foundation

/// Where the studio's sound goes: the system's audio through ALSA, or a stand-in in tests.
public protocol AudioOutput: AnyObject, Sendable {
    /// Starts playing `samples` (interleaved stereo 16-bit at ``AudioPlayer/sampleRate``) in the
    /// background, stopping whatever played before; unless `final`, more follows through
    /// ``append(_:final:)``. Never blocks on the device.
    func play(_ samples: [Int16], final: Bool)
    /// Adds `samples` to what plays now (`final`: nothing more follows). Never blocks on the device.
    func append(_ samples: [Int16], final: Bool)
    /// Stops the sound at once (in the background: never blocks on the device).
    func stop()
}

/// Plays sound through ALSA: `snd_pcm_open` on "default" (or `KINORA_AUDIO_DEVICE`), 16-bit stereo at
/// 48 kHz, a background thread writing a period at a time. ALSA reaches PulseAudio and PipeWire through
/// their ALSA plug-ins and the bare card where there is no sound server, so one library covers them all.
/// Without a device (over SSH, in CI) the sound is dropped and ``Event/unavailable(_:)`` says why; a
/// device that fails while playing stops the sound and says so (``Event/lost(_:)``).
public final class AudioPlayer: AudioOutput, @unchecked Sendable {
    /// What the player tells its owner.
    public enum Event: Sendable, Equatable {
        /// The device could not be opened: the sound plays silently. Says which device and why.
        case unavailable(String)
        /// The device failed while playing: the sound stopped. Says which device and why.
        case lost(String)
        /// Everything given was played.
        case finished
    }

    /// Samples a second on every channel.
    public static let sampleRate = 48_000
    /// Channels (interleaved left, right).
    public static let channels = 2
    /// Frames written at a time (about 21 ms).
    static let periodFrames = 1024

    /// The ALSA device name.
    public let device: String
    private let onEvent: @Sendable (Event) -> Void
    private let lock = NSLock()
    /// Bumped by every play and stop: a writer thread whose generation is old stops writing.
    private var generation = 0
    /// Sound given for the current generation and not yet taken by its writer.
    private var queue: [[Int16]] = []
    /// Whether the current generation's last samples have been given.
    private var complete = false
    /// Held by the thread that has the device open, so a new one opens it only after the old let go.
    private let deviceLock = NSLock()

    /// A player on `device` (nil: `KINORA_AUDIO_DEVICE`, else "default"); `onEvent` hears about missing
    /// and lost devices and finished sound, on the player's thread.
    public init(device: String? = nil, onEvent: @escaping @Sendable (Event) -> Void) {
        let configured = ProcessInfo.processInfo.environment["KINORA_AUDIO_DEVICE"] ?? ""
        self.device = device ?? (configured.isEmpty ? "default" : configured)
        self.onEvent = onEvent
    }

    /// Starts playing `samples` in the background, stopping what played before.
    public func play(_ samples: [Int16], final: Bool) {
        let mine = lock.withLock {
            generation += 1
            queue = [samples]
            complete = final
            return generation
        }
        let thread = Thread { [self] in write(generation: mine) }
        thread.name = "kinora-audio"
        thread.start()
    }

    /// Adds `samples` to what plays now.
    public func append(_ samples: [Int16], final: Bool) {
        lock.withLock {
            queue.append(samples)
            complete = final
        }
    }

    /// Stops the sound: the writer drops what the device holds and lets it go.
    public func stop() {
        lock.withLock {
            generation += 1
            queue = []
            complete = true
        }
    }

    /// Whether the writer of `mine` should go on.
    private func isCurrent(_ mine: Int) -> Bool {
        lock.withLock { generation == mine }
    }

    /// What the writer of `mine` does next: write these samples, finish (everything was given), wait
    /// for more, or stop (a newer play or a stop came).
    private enum Next {
        /// Write these samples.
        case write([Int16])
        /// Everything was given: play out what the device holds.
        case finish
        /// More is coming.
        case wait
        /// A newer play or a stop came.
        case stop
    }

    /// What the writer of `mine` does next.
    private func next(for mine: Int) -> Next {
        lock.withLock {
            guard generation == mine else { return .stop }
            if !queue.isEmpty { return .write(queue.removeFirst()) }
            return complete ? .finish : .wait
        }
    }

    /// Opens the device, writes what is given period by period while `mine` is current, and closes it.
    private func write(generation mine: Int) {
        deviceLock.lock()
        defer { deviceLock.unlock() }
        guard isCurrent(mine) else { return }
        // ALSA would print its errors over the studio's screen; the events say what failed instead.
        kinora_alsa_quiet()
        var handle: OpaquePointer?
        var status = snd_pcm_open(&handle, device, SND_PCM_STREAM_PLAYBACK, 0)
        guard status >= 0, let pcm = handle else {
            onEvent(.unavailable("no audio device (ALSA \"\(device)\": \(Self.describe(status)))"))
            return
        }
        defer { snd_pcm_close(pcm) }
        status = snd_pcm_set_params(
            pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, UInt32(Self.channels),
            UInt32(Self.sampleRate), 1, 100_000)
        guard status >= 0 else {
            onEvent(
                .unavailable(
                    "the audio device cannot play 16-bit stereo at 48 kHz (ALSA \"\(device)\": "
                        + "\(Self.describe(status)))"))
            return
        }
        var failure: String?
        var finished = false
        writing: while true {
            switch next(for: mine) {
            case .stop:
                break writing
            case .finish:
                finished = true
                break writing
            case .wait:
                // More is being mixed; should it come late, the underrun is recovered on the next write.
                Thread.sleep(forTimeInterval: 0.01)
            case .write(let samples):
                failure = write(samples, to: pcm, generation: mine)
                if failure != nil { break writing }
            }
        }
        if let failure {
            snd_pcm_drop(pcm)
            onEvent(.lost("the audio device stopped (ALSA \"\(device)\": \(failure)); the sound is off"))
            return
        }
        if finished {
            snd_pcm_drain(pcm)
            onEvent(.finished)
        } else {
            snd_pcm_drop(pcm)
        }
    }

    /// Writes `samples` to `pcm` a period at a time while `mine` is current; ALSA's words when the device
    /// failed.
    private func write(_ samples: [Int16], to pcm: OpaquePointer, generation mine: Int) -> String? {
        let frames = samples.count / Self.channels
        var frame = 0
        return samples.withUnsafeBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress else { return nil }
            while frame < frames, isCurrent(mine) {
                let count = min(Self.periodFrames, frames - frame)
                var written = snd_pcm_writei(pcm, base + frame * Self.channels, snd_pcm_uframes_t(count))
                if written < 0 {
                    // An underrun or a suspend is recovered; anything else means the device is gone.
                    written = snd_pcm_sframes_t(snd_pcm_recover(pcm, Int32(written), 1))
                    if written < 0 { return Self.describe(Int32(written)) }
                    continue
                }
                frame += Int(written)
            }
            return nil
        }
    }

    /// ALSA's words for an error code.
    private static func describe(_ code: Int32) -> String {
        snd_strerror(code).map { String(cString: $0) } ?? "error \(code)"
    }
}
