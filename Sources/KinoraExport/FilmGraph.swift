import Foundation
import KinoraCore
import KinoraMedia
import KinoraSound

/// The ffmpeg commands that render a ``FilmPlan``: the sound mixed first (``mixArguments()``: every
/// placed sound, the music ducked under speech), then the film in one pass (every take trimmed,
/// conformed to the film's size and rate, slates drawn, fades and dissolves applied, the measured mix
/// brought to the loudness target and limited, subtitles burnt in if asked, encoded once).
public struct FilmGraph {
    /// The film.
    public let plan: FilmPlan
    /// What to encode.
    public let format: ExportFormat
    /// How long the music file is, in seconds (from its probe).
    public let musicDuration: Double?
    /// Where slate texts are written (ffmpeg reads them from files, so no prompt can break the graph).
    public let workFolder: URL
    /// The film's sound: the mix made by ``mixArguments()`` as a raw file and the gain that brings it
    /// to the loudness target; nil for a silent film.
    public let mix: (url: URL, gain: Double)?
    /// An SRT file to burn into the picture, if asked.
    public let burntSubtitles: URL?

    /// The highest sample level after the loudness gain: -1 dBFS, room for the encoder's overshoot.
    static let peakLimit = 0.891

    /// GIF and WebP play at most this many frames a second: smaller files, smooth enough to share.
    static let sharingFrameRate = 15
    /// GIF and WebP are at most this wide.
    static let sharingWidth = 640

    /// A graph for `plan` encoded as `format` (a video format), with slate texts kept in `workFolder`,
    /// the sound from `mix` (raw samples from ``mixArguments()`` and their gain in dB) and `burntSubtitles`
    /// drawn on the picture.
    public init(
        plan: FilmPlan, format: ExportFormat, musicDuration: Double? = nil, workFolder: URL,
        mix: (url: URL, gain: Double)? = nil, burntSubtitles: URL? = nil
    ) {
        self.plan = plan
        self.format = format
        self.musicDuration = musicDuration
        self.workFolder = workFolder
        self.mix = mix
        self.burntSubtitles = burntSubtitles
    }

    /// Whether the format carries sound (GIF and WebP do not).
    public var carriesSound: Bool { !isSharing }

    /// ffmpeg's muxer for the format.
    public var container: String {
        switch format {
        case .mov: "mov"
        case .gif: "gif"
        case .webp: "webp"
        default: "mp4"
        }
    }

    /// Frames the encoder will write (fewer for GIF and WebP, which play at a lower rate).
    public var outputFrames: Int {
        guard isSharing, plan.fps.framesPerSecond > Double(Self.sharingFrameRate) else {
            return plan.totalFrames
        }
        return Int((plan.duration * Double(Self.sharingFrameRate)).rounded(.up))
    }

    private var isSharing: Bool { format == .gif || format == .webp }

    /// The output's frame rate (lower for GIF and WebP).
    public var outputFramesPerSecond: Double {
        isSharing ? min(plan.fps.framesPerSecond, Double(Self.sharingFrameRate)) : plan.fps.framesPerSecond
    }

    /// A rough size of the film, for the message when it does not fit before a byte is written: bits
    /// a pixel typical of each encoder at these settings (H.264 at crf 18, ProRes 422 HQ, GIF and WebP
    /// at sharing size), and the sound.
    public var estimatedBytes: Int64 {
        var width = Double(plan.size.width)
        var height = Double(plan.size.height)
        if isSharing, width > Double(Self.sharingWidth) {
            height *= Double(Self.sharingWidth) / width
            width = Double(Self.sharingWidth)
        }
        let bitsPerPixel: Double
        switch format {
        case .mov: bitsPerPixel = 3.5
        case .gif: bitsPerPixel = 0.6
        case .webp: bitsPerPixel = 0.3
        default: bitsPerPixel = 0.12
        }
        let video = width * height * Double(outputFrames) * bitsPerPixel / 8
        let sound = format == .mov ? 1_536_000.0 / 8 : 192_000.0 / 8
        return Int64(video + sound * plan.duration) + 64 * 1024
    }

    /// The arguments: inputs, the filter graph, maps and codec options (ffmpeg adds the output).
    public func arguments() throws -> [String] {
        var inputs: [String] = []
        var filters: [String] = []
        var inputCount = 0
        func addInput(_ arguments: [String]) -> Int {
            inputs += arguments
            inputCount += 1
            return inputCount - 1
        }
        for (index, segment) in plan.segments.enumerated() {
            let input: Int
            switch segment.content {
            case .take(let url, let inPoint):
                input = addInput([
                    "-ss", Self.seconds(inPoint), "-t", Self.seconds(plan.seconds(segment.frames) + 0.5),
                    "-i",
                    InputFile.ffmpegArgument(url),
                ])
            case .slate:
                input = addInput([
                    "-f", "lavfi", "-i",
                    "color=c=0x15181d:s=\(plan.size.width)x\(plan.size.height):r=\(plan.fps):d="
                        + Self.seconds(plan.seconds(segment.frames) + 0.5),
                ])
            }
            filters.append("[\(input):v]" + (try videoChain(for: index, segment)) + "[v\(index)]")
        }
        filters += joined()
        var maps = ["-map", "[video]"]
        var withAudio = false
        if let mix, carriesSound {
            let input = addInput(AudioMixRender.rawInput(mix.url))
            filters.append(
                "[\(input):a]volume=\(Self.decibels(mix.gain)),"
                    + "alimiter=limit=\(Self.peakLimit):level=0:latency=1:attack=5:release=50,"
                    + "apad,atrim=0:\(Self.seconds(plan.duration))[audio]")
            maps += ["-map", "[audio]"]
            withAudio = true
        }
        if let burntSubtitles {
            filters.append(
                "[film]subtitles=filename=\(Self.quoted(burntSubtitles.path)):"
                    + "force_style='FontSize=\(max(10, plan.size.height / 20)),Outline=1'[subtitled]")
        }
        filters += finalVideo()
        return inputs + ["-filter_complex", filters.joined(separator: ";")] + maps
            + codecOptions(withAudio: withAudio)
    }

    /// Trims, conforms and fades one shot to exactly its frames.
    private func videoChain(for index: Int, _ segment: FilmSegment) throws -> String {
        let size = plan.size
        var chain: [String] = ["setpts=PTS-STARTPTS", "fps=\(plan.fps)"]
        switch segment.content {
        case .take:
            switch plan.conform {
            case .fit:
                chain += [
                    "scale=\(size.width):\(size.height):force_original_aspect_ratio=decrease:flags=bicubic"
                        + Self.toBT709,
                    "pad=\(size.width):\(size.height):(ow-iw)/2:(oh-ih)/2:color=black",
                ]
            case .fill:
                chain += [
                    "scale=\(size.width):\(size.height):force_original_aspect_ratio=increase:flags=bicubic"
                        + Self.toBT709,
                    "crop=\(size.width):\(size.height)",
                ]
            }
        case .slate:
            chain += try slateText(for: segment, index: index) + ["scale=flags=bicubic" + Self.toBT709]
        }
        // A take a frame short of its shot (rounding) repeats its last frame rather than ending early.
        chain += [
            "setsar=1", "format=yuv420p", "tpad=stop_mode=clone:stop_duration=1",
            "trim=end_frame=\(segment.frames)", "setpts=PTS-STARTPTS",
        ]
        let isLast = index == plan.segments.count - 1
        let fadeOut = segment.fadeOutFrames(isLast: isLast)
        if fadeOut > 0 {
            // ffmpeg reaches the colour the frame after its fade; at the end of the film there is no such
            // frame, so the last fade is one frame shorter and the film's last frame is fully black.
            let length = isLast ? max(1, fadeOut - 1) : fadeOut
            chain.append(
                "fade=t=out:s=\(segment.frames - fadeOut):n=\(length):c=\(Self.fadeColor(segment.transitionOut))"
            )
        }
        if index > 0 {
            let previous = plan.segments[index - 1]
            let fadeIn = previous.fadeInFramesOfNext
            if fadeIn > 0 {
                chain.append("fade=t=in:s=0:n=\(fadeIn):c=\(Self.fadeColor(previous.transitionOut))")
            }
        }
        return chain.joined(separator: ",")
    }

    /// Shots joined by cuts and fades go through one concat; dissolves join those runs with xfade.
    private func joined() -> [String] {
        var runs: [[Int]] = [[]]
        for index in plan.segments.indices {
            runs[runs.count - 1].append(index)
            if plan.segments[index].overlapWithNext > 0, index < plan.segments.count - 1 { runs.append([]) }
        }
        var filters: [String] = []
        var runLabels: [String] = []
        for (number, run) in runs.enumerated() {
            if run.count == 1 {
                runLabels.append("v\(run[0])")
            } else {
                // concat works in microseconds; xfade wants both inputs on the film's own time base.
                filters.append(
                    run.map { "[v\($0)]" }.joined() + "concat=n=\(run.count):v=1:a=0,"
                        + "settb=\(plan.fps.denominator)/\(plan.fps.numerator)[run\(number)]")
                runLabels.append("run\(number)")
            }
        }
        var current = runLabels[0]
        var frames = runs[0].reduce(0) { $0 + plan.segments[$1].frames }
        for number in 1..<runs.count {
            let before = plan.segments[runs[number - 1].last ?? 0]
            let overlap = before.overlapWithNext
            let label = "dissolve\(number)"
            filters.append(
                "[\(current)][\(runLabels[number])]xfade=transition=fade:duration="
                    + "\(Self.seconds(plan.seconds(overlap))):offset=\(Self.seconds(plan.seconds(frames - overlap)))"
                    + "[\(label)]")
            frames += runs[number].reduce(0) { $0 + plan.segments[$1].frames } - overlap
            current = label
        }
        return filters + ["[\(current)]null[film]"]
    }

    /// The film's picture made ready for the format (smaller and palettised for GIF, smaller for WebP).
    private func finalVideo() -> [String] {
        let film = burntSubtitles == nil ? "[film]" : "[subtitled]"
        let rate = min(plan.fps.framesPerSecond, Double(Self.sharingFrameRate))
        let shrink =
            "fps=\(Self.seconds(rate)),scale='min(\(Self.sharingWidth),iw)':-2:flags=lanczos"
        switch format {
        case .gif:
            return [
                "\(film)\(shrink),split[gifa][gifb]", "[gifa]palettegen=stats_mode=diff[palette]",
                "[gifb][palette]paletteuse=dither=bayer:bayer_scale=3[video]",
            ]
        case .webp:
            return ["\(film)\(shrink)[video]"]
        default:
            return ["\(film)null[video]"]
        }
    }

    /// The mix pass (inputs, filter graph and map, without the output): every shot's sounds at their
    /// place in the film, at their gain, and the music under the whole film ducked while anyone speaks,
    /// to the film's length; nil when the film is silent or the format has no sound.
    public func mixArguments() -> [String]? {
        guard carriesSound else { return nil }
        let length = plan.duration
        var inputs: [String] = []
        var filters: [String] = []
        var labels: [String] = []
        let segmentAt = Dictionary(plan.segments.enumerated().map { ($1.shot, $0) }) { first, _ in first }
        for (number, placed) in plan.filmSounds.enumerated() {
            let input = labels.count
            inputs += [
                "-ss", Self.seconds(placed.sound.sourceStart), "-t", Self.seconds(placed.duration), "-i",
                InputFile.ffmpegArgument(placed.sound.url),
            ]
            // A take's sound fades over a dissolve's overlap; everything else just enough to avoid a click.
            var fadeIn = 0.01
            var fadeOut = 0.01
            if placed.sound.role == .take, let index = segmentAt[placed.shot] {
                fadeIn = index > 0 ? max(0.02, plan.seconds(plan.segments[index - 1].overlapWithNext)) : 0.02
                fadeOut = max(0.02, plan.seconds(plan.segments[index].overlapWithNext))
            }
            fadeIn = min(fadeIn, placed.duration / 2)
            fadeOut = min(fadeOut, placed.duration / 2)
            let delay = Int((placed.start * 1000).rounded())
            filters.append(
                "[\(input):a]\(Self.audioFormat),volume=\(Self.decibels(placed.sound.gain)),"
                    + "afade=t=in:d=\(Self.seconds(fadeIn)),"
                    + "afade=t=out:st=\(Self.seconds(max(0, placed.duration - fadeOut))):d=\(Self.seconds(fadeOut)),"
                    + "adelay=delays=\(delay):all=1[sound\(number)]")
            labels.append("sound\(number)")
        }
        if let music = plan.music {
            let input = labels.count
            // Only as much as the film needs is read, however long the file.
            inputs += ["-t", Self.seconds(length + 0.1), "-i", InputFile.ffmpegArgument(music.url)]
            let ends = min(musicDuration ?? length, length)
            let fadeOut = min(2, ends / 4)
            filters.append(
                "[\(input):a]\(Self.audioFormat),atrim=0:\(Self.seconds(length)),asetpts=PTS-STARTPTS,"
                    + "afade=t=in:d=\(Self.seconds(min(1, ends / 4))),"
                    + "afade=t=out:st=\(Self.seconds(ends - fadeOut)):d=\(Self.seconds(fadeOut)),"
                    + "volume=\(Self.decibels(music.gain))"
                    + ducking(music.ducking) + "[music]")
            labels.append("music")
        }
        guard !labels.isEmpty else { return nil }
        let mixed =
            labels.count == 1
            ? "[\(labels[0])]anull"
            : labels.map { "[\($0)]" }.joined()
                + "amix=inputs=\(labels.count):normalize=0:dropout_transition=0"
        filters.append(mixed + ",apad,atrim=0:\(Self.seconds(length))[audio]")
        return inputs + ["-filter_complex", filters.joined(separator: ";"), "-map", "[audio]"]
    }

    /// The music's ducking as a volume envelope over the speech spans: down by `decibels` while anyone
    /// speaks, with a ramp of ``duckRamp`` seconds before and after each span. Worked out from the plan,
    /// so the same film always ducks the same way (a sidechain compressor would follow the sound's level).
    private func ducking(_ decibels: Double) -> String {
        let spans = plan.speechSpans
        guard decibels < 0, !spans.isEmpty else { return "" }
        let ramp = Self.duckRamp
        let depth = 1 - pow(10, decibels / 20)
        // 1 inside a span, 0 a ramp away from it, straight lines between.
        let inside = spans.map { span in
            "clip(min((t-\(Self.seconds(span.lowerBound - ramp)))/\(ramp),"
                + "(\(Self.seconds(span.upperBound + ramp))-t)/\(ramp)),0,1)"
        }
        // Spans are merged when closer than two ramps, so no two ramps overlap and the terms can simply be
        // added: a flat sum, since ffmpeg's expressions allow only about a hundred nested calls.
        let most = "clip(" + inside.joined(separator: "+") + ",0,1)"
        return ",volume=eval=frame:volume='1-\(String(format: "%.6f", depth))*\(most)'"
    }

    /// Seconds the music takes to duck and to come back.
    static let duckRamp = 0.2

    /// Decibels as ffmpeg's volume filter reads them.
    private static func decibels(_ value: Double) -> String { String(format: "%.3fdB", value) }

    private static let audioFormat = "aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo"

    /// Codec options for the format.
    private func codecOptions(withAudio: Bool) -> [String] {
        switch format {
        case .mov:
            return ["-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le", "-vendor", "apl0"]
                + (withAudio ? ["-c:a", "pcm_s16le"] : [])
        case .gif:
            return ["-loop", "0"]
        case .webp:
            return ["-c:v", "libwebp_anim", "-quality", "75", "-loop", "0", "-pix_fmt", "yuv420p"]
        default:
            return [
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-r",
                "\(plan.fps)",
                "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-movflags",
                "+faststart",
            ] + (withAudio ? ["-c:a", "aac", "-b:a", "192k"] : [])
        }
    }

    /// The drawtext filters of a slate: the shot's name large, its prompt below in up to four lines.
    private func slateText(for segment: FilmSegment, index: Int) throws -> [String] {
        let height = plan.size.height
        let title =
            segment.label.isEmpty ? segment.shot.rawValue : "\(segment.shot.rawValue) · \(segment.label)"
        let titleSize = max(12, height / 12)
        let promptSize = max(10, height / 24)
        let width = plan.size.width * 9 / 10
        var lines = [
            (
                text: TextLayout.line(title, width: width, fontSize: titleSize), size: titleSize,
                top: height / 3
            )
        ]
        let wrapped = TextLayout.wrap(segment.prompt, width: width, fontSize: promptSize, maxLines: 4)
        for (row, line) in wrapped.enumerated() {
            lines.append((line, promptSize, height / 3 + titleSize * 2 + row * promptSize * 13 / 10))
        }
        var filters: [String] = []
        for (row, line) in lines.enumerated() where !line.text.isEmpty {
            let file = workFolder.appendingPathComponent("slate-\(index)-\(row).txt")
            try Data(line.text.utf8).write(to: file)
            var options = [
                "textfile=\(Self.quoted(file.path))", "expansion=none", "fontcolor=white",
                "fontsize=\(line.size)",
                "x=(w-text_w)/2", "y=\(line.top)",
            ]
            if let font = TextRasterizer.fontFile { options.insert("fontfile=\(Self.quoted(font))", at: 0) }
            filters.append("drawtext=" + options.joined(separator: ":"))
        }
        return filters
    }

    /// The film is tagged BT.709 (HD), so every picture is converted to it: takes from other tools may be
    /// BT.601, and slates start as RGB.
    private static let toBT709 = ":out_color_matrix=bt709:out_range=tv"

    private static func fadeColor(_ transition: Transition) -> String {
        if case .dip = transition { return "white" }
        return "black"
    }

    /// A value for a filter option inside a filter graph (a file's path, which may hold any character),
    /// escaped for both levels ffmpeg reads it at: first the option's (`\`, `'`, `:`), then the graph's
    /// (`\`, `'`, `[`, `]`, `,`, `;`).
    static func quoted(_ value: String) -> String {
        func escaping(_ text: String, _ specials: Set<Character>) -> String {
            var escaped = ""
            for character in text {
                if specials.contains(character) { escaped.append("\\") }
                escaped.append(character)
            }
            return escaped
        }
        return escaping(escaping(value, ["\\", "'", ":"]), ["\\", "'", "[", "]", ",", ";"])
    }

    /// Seconds as ffmpeg reads them, to the microsecond.
    static func seconds(_ value: Double) -> String { String(format: "%.6f", max(0, value)) }
}
