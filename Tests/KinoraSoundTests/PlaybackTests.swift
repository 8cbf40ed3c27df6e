import Foundation
import KinoraCore
import KinoraTestSupport
import Testing

@testable import KinoraSound

/// Playing sound: the mix decoded by the real ffmpeg, and the ALSA player writing to a real ALSA device
/// (ALSA's `file` plug-in, which writes what it plays to a file).
@Suite struct PlaybackTests {
    /// Collects what a player reports.
    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [AudioPlayer.Event] = []
        func add(_ event: AudioPlayer.Event) { lock.withLock { events.append(event) } }
        var all: [AudioPlayer.Event] { lock.withLock { events } }
        /// Waits up to `seconds` for an event that `matches`.
        func wait(_ seconds: Double, for matches: (AudioPlayer.Event) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if all.contains(where: matches) { return true }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return false
        }
    }

    /// The loudest sample in each tenth of a second.
    static func peaks(_ samples: [Int16]) -> [Int] {
        let tenth = AudioPlayer.sampleRate / 10 * AudioPlayer.channels
        return stride(from: 0, to: samples.count, by: tenth).map { start in
            samples[start..<min(start + tenth, samples.count)].map { abs(Int($0)) }.max() ?? 0
        }
    }

    @Test func theMixPlacesEachSoundAtItsTimeWithItsGain() throws {
        let tone = try TestFiles.media(
            ["-f", "lavfi", "-i", "sine=frequency=440:duration=1"], name: "tone.wav")
        let sound = PlacedSound(role: .effect, url: tone, start: 0.5, sourceStart: 0, duration: 1, gain: -6)
        let mix = PlaybackMix(
            shots: [PlaybackMix.PlacedShot(start: 0.5, sounds: [sound])], music: nil,
            projectFolder: tone.deletingLastPathComponent(), length: 3)
        let whole = mix.render(from: 0)
        #expect(whole.problems.isEmpty)
        #expect(whole.samples.count == 3 * AudioPlayer.sampleRate * AudioPlayer.channels)
        let peaks = Self.peaks(whole.samples)
        // Silent until 1 s (shot at 0.5 s, sound 0.5 s into it), the tone until 2 s, silent after.
        #expect(peaks[0..<10].allSatisfy { $0 == 0 })
        #expect(peaks[11..<19].allSatisfy { $0 > 1000 })
        #expect(peaks[21...].allSatisfy { $0 == 0 })
        // ffmpeg's sine is 1/8 of full scale (4096); -6 dB halves it, and a mono file spread over two
        // speakers is 3 dB down on each (ffmpeg's pan law): about 1450.
        #expect(peaks[15] > 1300 && peaks[15] < 1600, "\(peaks[15])")

        // From the middle: only the rest is decoded and it starts at once.
        let rest = mix.render(from: 1.5)
        #expect(rest.samples.count == Int(1.5 * Double(AudioPlayer.sampleRate)) * AudioPlayer.channels)
        #expect(Self.peaks(rest.samples)[0] > 1000)

        // A window of the timeline: only its part is mixed.
        let window = mix.render(from: 0.5, to: 1.5)
        #expect(window.samples.count == AudioPlayer.sampleRate * AudioPlayer.channels)
        #expect(Self.peaks(window.samples)[2] == 0 && Self.peaks(window.samples)[7] > 1000)

        // A take without sound (a silent video) is silence, not a problem.
        let silent = try TestFiles.media(
            ["-f", "lavfi", "-i", "testsrc=size=160x90:duration=1"], name: "take.mp4")
        #expect(try SoundDecoder.decode(silent, from: 0, duration: 1).isEmpty)

        // A file that is not sound is named, not played.
        let text = tone.deletingLastPathComponent().appendingPathComponent("notes.wav")
        try Data("not sound".utf8).write(to: text)
        var broken = sound
        broken.url = text
        let bad = PlaybackMix(
            shots: [PlaybackMix.PlacedShot(start: 0, sounds: [broken])], music: nil,
            projectFolder: text.deletingLastPathComponent(), length: 1
        ).render(from: 0)
        #expect(bad.problems.first?.contains("notes.wav") == true)
    }

    @Test func thePlayerWritesToARealALSADeviceAndSaysWhenThereIsNone() throws {
        let folder = try TestFiles.folder()
        let raw = folder.appendingPathComponent("played.raw")
        // ALSA's own `file` PCM (from alsa.conf): everything played is written to the file as raw PCM.
        let events = Events()
        let player = AudioPlayer(device: "file:FILE=\(raw.path),FORMAT=raw") { events.add($0) }
        let frames = AudioPlayer.sampleRate / 2
        var samples: [Int16] = []
        for frame in 0..<frames {
            let value = Int16(
                8000 * sin(2 * Double.pi * 440 * Double(frame) / Double(AudioPlayer.sampleRate)))
            samples += [value, value]
        }
        // Given in two parts, as the studio streams a mix window by window.
        let half = samples.count / 2
        player.play(Array(samples[..<half]), final: false)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(!events.all.contains(.finished), "more was announced")
        player.append(Array(samples[half...]), final: true)
        #expect(events.wait(10) { $0 == .finished })
        let written = try Data(contentsOf: raw)
        #expect(written.count == samples.count * 2)
        let loudest = written.withUnsafeBytes {
            $0.bindMemory(to: Int16.self).map { abs(Int($0)) }.max() ?? 0
        }
        #expect(loudest > 7000, "what reached the device is the tone, not silence")

        // No such device: nothing plays and the reason names the device.
        let missing = Events()
        let nowhere = AudioPlayer(device: "kinora_no_such_device") { missing.add($0) }
        nowhere.play(samples, final: true)
        #expect(
            missing.wait(10) {
                if case .unavailable(let reason) = $0 {
                    reason.contains("kinora_no_such_device")
                } else {
                    false
                }
            })
        #expect(!missing.all.contains(.finished))
    }

    @Test func aDeviceThatFailsWhilePlayingStopsTheSoundAndSaysSo() {
        // ALSA's file plug-in writing to /dev/full: every write fails, as a device pulled out does.
        let events = Events()
        let player = AudioPlayer(device: "file:FILE=/dev/full,FORMAT=raw") { events.add($0) }
        player.play(
            [Int16](repeating: 1000, count: AudioPlayer.sampleRate * AudioPlayer.channels), final: true)
        #expect(
            events.wait(10) {
                if case .lost(let reason) = $0 {
                    reason.contains("/dev/full") && reason.contains("sound is off")
                } else {
                    false
                }
            }, "\(events.all)")
        #expect(!events.all.contains(.finished))
    }

    @Test func theMusicBedIsDuckedWhileSomeoneSpeaks() throws {
        let folder = try TestFiles.folder()
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("assets"), withIntermediateDirectories: true)
        let music = folder.appendingPathComponent("assets/music.wav")
        try TestFiles.run([
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=880:duration=4",
            music.path,
        ])
        // A silent line of dialogue from 1.5 s to 2.5 s: what is heard then is the music alone.
        let hush = try TestFiles.media(
            ["-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-t", "1"], name: "hush.wav")
        let line = PlacedSound(role: .dialogue, url: hush, start: 1.5, sourceStart: 0, duration: 1, gain: 0)
        let bed = MusicBed(
            file: SoundFile(
                asset: "assets/music.wav", sha256: String(repeating: "c", count: 64),
                originalName: "music.wav",
                duration: 4),
            gain: 0, ducking: -20)
        let mix = PlaybackMix(
            shots: [PlaybackMix.PlacedShot(start: 0, sounds: [line])], music: bed, projectFolder: folder,
            length: 4)
        let rendered = mix.render(from: 0)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let peaks = Self.peaks(rendered.samples)
        // Level before and after the line, 20 dB down (a tenth) during it, ramping over a fifth of a second.
        #expect(peaks[5] > 2500 && peaks[35] > 2500)
        #expect(peaks[20] < peaks[5] / 8 && peaks[20] > peaks[5] / 12, "\(peaks[5]) \(peaks[20])")
        // Played from inside the line, the music is still ducked.
        #expect(Self.peaks(mix.render(from: 2.0).samples)[1] < peaks[5] / 8)
    }
}
