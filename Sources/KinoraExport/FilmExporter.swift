import Foundation
import KinoraCore
import KinoraMedia
import KinoraSound

/// Renders a film plan to a video file, with progress and cancel; the output appears only when it is
/// complete.
///
/// Two ffmpeg runs when the film has sound: the mix alone first (audio only, quick), streamed back and
/// measured in process with libebur128 as it is written to the work folder; then the film in one pass,
/// with the mix brought to the loudness target by a fixed gain and limited to -1 dBFS. A fixed gain keeps
/// the mix's dynamics (ffmpeg's one-pass `loudnorm` rides the level); measuring the mix rather than the
/// encoded film keeps it to one video encode.
public final class FilmExporter: @unchecked Sendable {
    /// The film.
    public let plan: FilmPlan
    /// The file to write.
    public let output: URL
    /// The format.
    public let format: ExportFormat
    /// The loudness the film's sound is brought to, in LUFS.
    public let loudness: Double
    /// Whether the dialogue is burnt into the picture as subtitles.
    public let burnsSubtitles: Bool
    /// The gain the last run gave the mix to reach ``loudness`` (nil: silent or no sound), for messages.
    public private(set) var appliedGain: Double?
    /// Where the run keeps its temporary files (the slates' texts); `nil`: a folder of its own in the
    /// system's temporary folder.
    private let workFolder: WorkFolder?
    // Guarded by `lock`: cancel() arrives from a signal handler's queue.
    private let lock = NSLock()
    private var render: FFmpegRender?
    private var mixRender: AudioMixRender?
    private var cancelled = false

    /// The usual loudness target: -16 LUFS, for the web.
    public static let defaultLoudness = -16.0

    /// An exporter of `plan` to `output` as `format` (a video format), its sound brought to `loudness`
    /// LUFS, the dialogue burnt in when `burnsSubtitles`, keeping its temporary files in `workFolder`
    /// (the project's, so a killed run's are found later).
    public init(
        plan: FilmPlan, output: URL, format: ExportFormat, loudness: Double = defaultLoudness,
        burnsSubtitles: Bool = false, workFolder: WorkFolder? = nil
    ) {
        self.plan = plan
        self.output = output
        self.format = format
        self.loudness = loudness
        self.burnsSubtitles = burnsSubtitles
        self.workFolder = workFolder
    }

    /// Checks that `output` can be written: its folder exists and is writable, and it is not a folder.
    public static func checkOutput(_ output: URL) throws {
        let folder = output.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue
        else {
            throw ExportError.badOutput(
                path: output.path, reason: "the folder \(folder.path) does not exist; create it first")
        }
        guard access(folder.path, W_OK) == 0 else {
            throw ExportError.badOutput(
                path: output.path, reason: "the folder \(folder.path) cannot be written to")
        }
        if FileManager.default.fileExists(atPath: output.path, isDirectory: &isFolder), isFolder.boolValue {
            throw ExportError.badOutput(path: output.path, reason: "it is a folder; give a file name")
        }
    }

    /// Renders the film, calling `progress` with 0…1.
    public func run(progress: (Double) -> Void = { _ in }) throws {
        try Self.checkOutput(output)
        var musicDuration: Double?
        if let music = plan.music?.url {
            do {
                let info = try MediaProbe.probe(music)
                guard info.hasAudio else {
                    throw ExportError.badMusic(path: music.path, reason: "it has no sound")
                }
                musicDuration = info.duration
            } catch let error as MediaError {
                throw ExportError.badMusic(path: music.path, reason: error.userMessage)
            }
        }
        let work = try workFolder ?? WorkFolder(in: nil, purpose: "export")
        var spare: WorkFolder?
        defer {
            if workFolder == nil { work.remove() }
            spare?.remove()
        }
        var graph = FilmGraph(plan: plan, format: format, musicDuration: musicDuration, workFolder: work.url)
        let mix = try mixSound(graph)
        var subtitles: URL?
        if burnsSubtitles, !plan.subtitles.isEmpty {
            let file = work.url.appendingPathComponent("subtitles.srt")
            try writeWorkFile(SubtitleWriter.srt(plan), to: file)
            subtitles = file
        }
        graph = FilmGraph(
            plan: plan, format: format, musicDuration: musicDuration, workFolder: work.url, mix: mix,
            burntSubtitles: subtitles)
        let arguments: [String]
        do {
            arguments = try Self.arguments(of: graph)
        } catch ExportError.diskFull where work.isInProject && mix == nil && subtitles == nil {
            // The project's disk has no room for the slates' texts; the system's temporary folder may.
            let elsewhere = try WorkFolder(in: nil, purpose: "export")
            spare = elsewhere
            graph = FilmGraph(
                plan: plan, format: format, musicDuration: musicDuration, workFolder: elsewhere.url)
            arguments = try Self.arguments(of: graph)
        }
        let render = FFmpegRender(
            arguments: arguments, output: output, container: graph.container,
            totalFrames: graph.outputFrames, framesPerSecond: graph.outputFramesPerSecond,
            estimatedBytes: graph.estimatedBytes)
        let stopNow = lock.withLock {
            self.render = render
            return cancelled
        }
        if stopNow { throw ExportError.cancelled(path: output.path) }
        do {
            try render.run(progress: progress)
        } catch MediaError.cancelled {
            throw ExportError.cancelled(path: output.path)
        } catch MediaError.encodeFailed(_, let reason) {
            throw ExportError.renderFailed(path: output.path, reason: reason)
        } catch MediaError.diskFull(_, let shortage) {
            throw ExportError.diskFull(path: output.path, shortage: shortage)
        }
    }

    /// Mixes the film's sound into a raw file in the work folder, measuring it on the way; returns the
    /// file and the gain to the loudness target (0 for silence: nothing is boosted without end), or nil
    /// when the film has no sound.
    private func mixSound(_ graph: FilmGraph) throws -> (url: URL, gain: Double)? {
        guard let arguments = graph.mixArguments() else { return nil }
        let url = graph.workFolder.appendingPathComponent("mix.f32")
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let file = try? FileHandle(forWritingTo: url)
        else {
            throw ExportError.badOutput(
                path: graph.workFolder.path, reason: "the sound's work file cannot be made")
        }
        defer { try? file.close() }
        guard
            let meter = LoudnessMeter(
                channels: AudioMixRender.channels, sampleRate: AudioMixRender.sampleRate)
        else {
            throw ExportError.renderFailed(path: output.path, reason: "libebur128 cannot measure the sound")
        }
        let render = AudioMixRender(arguments: arguments, for: output)
        let stopNow = lock.withLock {
            mixRender = render
            return cancelled
        }
        if stopNow { throw ExportError.cancelled(path: output.path) }
        let workFolder = graph.workFolder
        let bytes = Int64(plan.duration * Double(AudioMixRender.sampleRate * AudioMixRender.channels * 4))
        do {
            try render.run { samples in
                meter.add(samples)
                do {
                    try file.write(contentsOf: Data(buffer: samples))
                } catch {
                    if let shortage = DiskShortage.diagnose(writing: url, need: .about(bytes)) {
                        throw ExportError.diskFull(path: workFolder.path, shortage: shortage)
                    }
                    throw ExportError.badOutput(path: url.path, reason: "\(error.localizedDescription)")
                }
            }
        } catch MediaError.cancelled {
            throw ExportError.cancelled(path: output.path)
        } catch MediaError.encodeFailed(_, let reason) {
            throw ExportError.renderFailed(path: output.path, reason: reason)
        }
        // Raised at most 20 dB: a mix of room tone alone is not made as loud as speech.
        let gain = meter.integratedLoudness.map { min(Self.largestGain, loudness - $0) } ?? 0
        appliedGain = gain
        return (url, gain)
    }

    /// The most the loudness normalisation raises a quiet film, in decibels.
    public static let largestGain = 20.0

    /// Writes a small work file (the burnt subtitles).
    private func writeWorkFile(_ data: Data, to url: URL) throws {
        do {
            try data.write(to: url)
        } catch {
            throw ExportError.badOutput(path: url.path, reason: error.localizedDescription)
        }
    }

    /// The graph's ffmpeg arguments; writing the slates' texts into its work folder can fail, and a full
    /// disk there is said as such.
    private static func arguments(of graph: FilmGraph) throws -> [String] {
        do {
            return try graph.arguments()
        } catch let error as CocoaError {
            let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError
            let code =
                error.code == .fileWriteOutOfSpace
                ? ENOSPC : underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil }
            let texts = graph.workFolder.appendingPathComponent("slate.txt")
            if let shortage = DiskShortage.diagnose(writing: texts, need: .about(4096), errorCode: code) {
                throw ExportError.diskFull(path: graph.workFolder.path, shortage: shortage)
            }
            throw ExportError.badOutput(path: graph.workFolder.path, reason: error.localizedDescription)
        }
    }

    /// Stops the render; ``run(progress:)`` then throws ``ExportError/cancelled(path:)`` and writes nothing.
    public func cancel() {
        let (render, mixRender) = lock.withLock {
            cancelled = true
            return (self.render, self.mixRender)
        }
        mixRender?.cancel()
        render?.cancel()
    }
}
