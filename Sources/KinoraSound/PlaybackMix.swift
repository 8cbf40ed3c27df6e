import Foundation
import KinoraCore

/// The animatic's sound mixed in memory for playing: every shot's sounds at their places with their
/// gains, the music bed under them, lowered while someone speaks, from a point of the timeline on.
public struct PlaybackMix: Sendable {
    /// A shot's sounds and where the shot starts on the timeline.
    public struct PlacedShot: Sendable {
        /// Where the shot starts, in seconds.
        public var start: Double
        /// Its sounds, relative to its start.
        public var sounds: [PlacedSound]

        /// A shot's sounds at `start`.
        public init(start: Double, sounds: [PlacedSound]) {
            self.start = start
            self.sounds = sounds
        }
    }

    /// The shots.
    public var shots: [PlacedShot]
    /// The music bed and the folder its file is in, when it plays.
    public var music: MusicBed?
    /// The project folder (the music's file is relative to it).
    public var projectFolder: URL
    /// The timeline's length in seconds.
    public var length: Double

    /// A mix of `shots` (and `music`) over `length` seconds.
    public init(shots: [PlacedShot], music: MusicBed?, projectFolder: URL, length: Double) {
        self.shots = shots
        self.music = music
        self.projectFolder = projectFolder
        self.length = length
    }

    /// The mix from `from` seconds to `to` (the end when nil) as 16-bit interleaved stereo at
    /// ``AudioPlayer/sampleRate``, and what could not be read (one line per file): played a window at a
    /// time, only the files heard in the window are decoded, and only their part in it. `isCancelled` is
    /// asked between files.
    public func render(from: Double, to: Double? = nil, isCancelled: () -> Bool = { false }) -> (
        samples: [Int16], problems: [String]
    ) {
        let rate = Double(AudioPlayer.sampleRate)
        let channels = AudioPlayer.channels
        let until = min(to ?? length, length)
        let frames = max(0, Int(((until - from) * rate).rounded()))
        var mix = [Float](repeating: 0, count: frames * channels)
        var problems: [String] = []
        var speech: [(Double, Double)] = []
        for shot in shots {
            for sound in shot.sounds {
                if isCancelled() { return ([], problems) }
                let start = shot.start + sound.start
                let end = start + sound.duration
                if sound.isDialogue { speech.append((start, end)) }
                guard end > from, start < until else { continue }
                // Only the part after `from` is decoded.
                let skip = max(0, from - start)
                do {
                    let samples = try SoundDecoder.decode(
                        sound.url, from: sound.sourceStart + skip, duration: min(end, until) - start - skip)
                    let first = Int(((start + skip - from) * rate).rounded()) * channels
                    add(samples, into: &mix, at: first, gain: Self.linear(sound.gain))
                } catch let failure as SoundDecoder.Failure {
                    problems.append(failure.reason)
                } catch {
                    problems.append("\(sound.url.lastPathComponent): \(error)")
                }
            }
        }
        if let music, !isCancelled() {
            do {
                let url = projectFolder.appendingPathComponent(music.file.asset)
                var samples = try SoundDecoder.decode(url, from: from, duration: until - from)
                duck(&samples, under: speech, from: from, by: Self.linear(music.ducking))
                add(samples, into: &mix, at: 0, gain: Self.linear(music.gain))
            } catch let failure as SoundDecoder.Failure {
                problems.append(failure.reason)
            } catch {
                problems.append("the music: \(error)")
            }
        }
        let samples = mix.map { Int16((min(max($0, -1), 1) * 32767).rounded()) }
        return (samples, problems)
    }

    /// A gain in decibels as a factor.
    static func linear(_ decibels: Double) -> Float { Float(pow(10, decibels / 20)) }

    /// Adds `samples` times `gain` into `mix` from sample `first`, cut at its end.
    private func add(_ samples: [Float], into mix: inout [Float], at first: Int, gain: Float) {
        guard first < mix.count else { return }
        let start = max(0, first)
        let count = min(samples.count - (start - first), mix.count - start)
        guard count > 0 else { return }
        for index in 0..<count { mix[start + index] += samples[start - first + index] * gain }
    }

    /// Lowers `music` (starting at `from` on the timeline) by `factor` while someone speaks, with a
    /// fifth of a second to go down and come back up.
    private func duck(
        _ music: inout [Float], under speech: [(Double, Double)], from: Double, by factor: Float
    ) {
        guard factor < 1, !speech.isEmpty else { return }
        let rate = Double(AudioPlayer.sampleRate)
        let ramp = 0.2
        let channels = AudioPlayer.channels
        for frame in 0..<(music.count / channels) {
            let time = from + Double(frame) / rate
            // How far into the dip: 1 inside a line, ramping to 0 a fifth of a second either side.
            var depth = 0.0
            for (start, end) in speech {
                let inside =
                    time < start ? 1 - (start - time) / ramp : time > end ? 1 - (time - end) / ramp : 1
                depth = max(depth, inside)
            }
            guard depth > 0 else { continue }
            let gain = 1 - Float(depth) * (1 - factor)
            for channel in 0..<channels { music[frame * channels + channel] *= gain }
        }
    }
}
