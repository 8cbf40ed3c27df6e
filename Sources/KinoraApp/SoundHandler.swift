import Foundation
import KinoraCore
import KinoraMedia
import KinoraSound
import KinoraStudio

/// Plays the studio's sound: plans each shot's sound (clips, scratch voices, the take's own), tells the
/// studio the subtitles' times, decodes and mixes off the event loop, and hands the mix to the audio
/// output in step with the pictures. Where there is no device it says so once and the pictures play on.
public final class SoundHandler: SoundHandling, @unchecked Sendable {
    private let folder: URL
    private let post: PostMessage
    private let work: WorkGroup
    private let lock = NSLock()
    /// Bumped by every play and stop: work for an older one gives up.
    private var generation = 0
    /// What has been said about the device (each once a session).
    private var said: Set<String> = []
    /// Where the mix goes; set once in ``init(folder:audio:post:work:)``.
    private var output: (any AudioOutput)?

    /// A handler for the project in `folder`, playing through `audio` and posting to `post`; its work
    /// runs in `work`.
    init(folder: URL, audio: StudioAudio, post: @escaping PostMessage, work: WorkGroup) {
        self.folder = folder
        self.post = post
        self.work = work
        switch audio {
        case .output(let output): self.output = output
        case .system: self.output = AudioPlayer { [weak self] event in self?.heard(event) }
        case .device(let name):
            self.output = AudioPlayer(device: name) { [weak self] event in self?.heard(event) }
        }
    }

    /// Says once what the player reported about its device.
    private func heard(_ event: AudioPlayer.Event) {
        let message: StudioMsg
        let kind: String
        switch event {
        case .finished: return
        case .unavailable(let reason):
            kind = "unavailable"
            message = .info("Playing without sound: " + reason)
        case .lost(let reason):
            kind = "lost"
            message = .failed("Sound stopped: " + reason + "; the pictures play on")
        }
        let first = lock.withLock { said.insert(kind).inserted }
        if first { post(message) }
    }

    /// Plans, mixes and plays `request` in the background, stopping what played before.
    public func play(_ request: SoundRequest) {
        let asked = Date()
        let mine = lock.withLock {
            generation += 1
            return generation
        }
        output?.stop()
        work.start { [self] in
            await withTaskExecutorPreference(Self.executor) {
                stream(request, asked: asked, generation: mine)
            }
        }
    }

    /// Stops the sound.
    public func stop() {
        lock.withLock { generation += 1 }
        output?.stop()
    }

    /// Decoding and mixing block on ffmpeg: they run here, never on the loop or the shared pool.
    /// Concurrent: a stream waiting for its next window never holds up a newer one.
    private static let executor = BlockingExecutor(label: "kinora.sound", concurrent: true)

    private func isCurrent(_ mine: Int) -> Bool { lock.withLock { generation == mine } }

    /// Seconds mixed before the sound starts, and then a window at a time while it plays: the first
    /// short so the sound starts soon, the rest long enough that mixing keeps well ahead.
    static let windows = (first: 8.0, rest: 30.0)

    /// Plans the request's shots, then mixes and plays it a window at a time until the end or a newer
    /// request; the first window starts where the pictures are by the time it is mixed.
    private func stream(_ request: SoundRequest, asked: Date, generation mine: Int) {
        guard let mix = plan(request, generation: mine) else { return }
        var start = request.from
        var started = false
        while start < mix.length, isCurrent(mine) {
            // A window is mixed when it is less than a window away from being heard.
            while started, isCurrent(mine),
                Date().timeIntervalSince(asked) < start - request.from - Self.windows.first
            {
                Thread.sleep(forTimeInterval: 0.05)
            }
            let end = min(mix.length, start + (started ? Self.windows.rest : Self.windows.first))
            let (window, problems) = mix.render(from: start, to: end) { !isCurrent(mine) }
            if let problem = problems.first { sayOnce("Sound: " + problem) }
            guard isCurrent(mine) else { return }
            let last = end >= mix.length
            if started {
                output?.append(window, final: last)
            } else {
                // Mixing took time while the pictures moved on: start the sound where they are now.
                let behind = Date().timeIntervalSince(asked) - (start - request.from)
                let skip = max(0, Int(behind * Double(AudioPlayer.sampleRate))) * AudioPlayer.channels
                if skip < window.count {
                    output?.play(Array(window[skip...]), final: last)
                    started = true
                }
            }
            start = end
        }
    }

    /// Says `text` in the status line unless it was said before.
    private func sayOnce(_ text: String) {
        let first = lock.withLock { said.insert(text).inserted }
        if first { post(.info(text)) }
    }

    /// Each shot's sound placed on the request's timeline, posting each shot's subtitles as it is planned;
    /// nil when a newer request came meanwhile.
    private func plan(_ request: SoundRequest, generation mine: Int) -> PlaybackMix? {
        let project = request.project
        let voices: VoiceCache? =
            if case .success = SpeechSynthesizer.availability() { VoiceCache(project: folder) } else { nil }
        var placed: [PlaybackMix.PlacedShot] = []
        var warnings: [String] = []
        for span in request.spans {
            guard isCurrent(mine) else { return nil }
            guard let shot = project.shots.first(where: { $0.id == span.shot }) else { continue }
            let take = span.take.flatMap { id in shot.takes.first { $0.id == id } }
            let takeSound = take?.output.map { folder.appendingPathComponent($0) }.flatMap { url in
                FileManager.default.fileExists(atPath: url.path) ? (url: url, inPoint: span.inPoint) : nil
            }
            let plan = ShotSoundPlan.plan(
                for: shot, in: project, projectFolder: folder, takeSound: takeSound, length: span.length,
                voices: voices)
            warnings += plan.warnings
            post(
                .subtitlesTimed(
                    ShotSubtitles(shot: shot.id, dialogue: shot.dialogue, cues: plan.cues)))
            placed.append(PlaybackMix.PlacedShot(start: span.start, sounds: plan.sounds))
        }
        let length = request.spans.map { $0.start + $0.length }.max() ?? 0
        if let warning = warnings.first { sayOnce("Sound: " + warning) }
        return PlaybackMix(
            shots: placed, music: request.withMusic ? project.music : nil, projectFolder: folder,
            length: length)
    }
}
