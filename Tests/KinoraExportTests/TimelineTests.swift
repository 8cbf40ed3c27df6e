import Foundation
import KinoraCore
import KinoraSound
import KinoraTestSupport
import Testing

@testable import KinoraExport
@testable import KinoraMedia

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A real project with four takes and a missing one, planned by ``FilmPlanner``: a dissolve, a trimmed
/// shot with a fade, a slate that dissolves on, a dip through white and a fade out at the end, with a
/// hostile label and prompt, all in a folder whose name needs percent-encoding.
private struct TimelineFilm: Sendable {
    /// Quotes, markup, a newline, ESC, a tab, CJK, an emoji and a backslash.
    static let hostilePrompt =
        "She says \"hi\" & <leaves> 'now'\nsecond line\u{1B}[31m red\tCJK 中文の夢 🎬 back\\slash"
    /// Markup and quotes in a label.
    static let hostileLabel = "night <market> & \"rain\""
    /// A review note with markup, quotes, a line break and CJK.
    static let hostileNote = "Fix <this> & \"that\"\nnow, 中文"
    /// A dialogue with a comma, quotes and a line break.
    static let dialogue = "MIMI: Morning, \"harbour\".\nBO: Hello."

    /// A note `at` seconds into the take.
    static func note(_ at: Double?, _ text: String) -> ReviewNote {
        ReviewNote(at: at, text: text, createdAt: Date(timeIntervalSince1970: 0))
    }

    /// Each review note's shot index, name and the film frame it belongs on: shot 1 is circled (a note at
    /// 1 s and one on the whole take); shot 2, trimmed to 0.5–1.75 s and after a 12-frame dissolve, is
    /// rejected, with notes inside, before and after its trim; the hostile shot has one at 0.5 s.
    func expectedNotes() -> [(shot: Int, name: String, record: Int)] {
        let second = plan.segments[1]
        let hostile = plan.segments[3]
        return [
            (0, "lift the shadows", 24), (0, "keeper", 0),
            // 1 s into the take is 0.5 s into the trimmed shot, which starts where the dissolve does.
            (1, "bars drift", second.recordStart + 12),
            // Before the trim's in point: the first frame the clip has to itself (half the dissolve in);
            // after its out point: its last.
            (1, "before the trim", second.recordStart + 6),
            (1, "after the trim", second.recordStart + second.frames - 1),
            (3, "Fix <this> & \"that\" now, 中文", hostile.recordStart + 12),
        ]
    }

    let folder: URL
    let plan: FilmPlan

    /// Made once for every test that needs it.
    static let shared = Result { try TimelineFilm() }

    private init() throws {
        typealias Spec = FilmFixture.ShotSpec
        let fixture = try FilmFixture(
            [
                Spec(
                    source: "testsrc2", seconds: 2, transition: .dissolve(frames: 12), label: "opening",
                    prompt: "a quiet harbour at dawn",
                    review: TakeReview(
                        verdict: .circled,
                        notes: [Self.note(1, "lift the shadows"), Self.note(nil, "keeper")]),
                    edit: { shot in
                        shot.scene = "1"
                        shot.shotSize = .long
                        shot.angle = .high
                        shot.lens = 24
                        shot.location = "Harbour"
                        shot.people = ["Mimi", "Bo"]
                        shot.status = .approved
                        shot.action = "Boats rock; gulls wheel."
                        shot.dialogue = Self.dialogue
                        shot.notes = "Shoot at dawn"
                        shot.settings.motion = .pushIn
                    }),
                Spec(
                    source: "smptebars", seconds: 2, transition: .fade(frames: 12),
                    trim: TrimRange(inPoint: 0.5, outPoint: 1.75), label: "bars",
                    prompt: "colour bars, trimmed",
                    review: TakeReview(
                        verdict: .rejected,
                        notes: [
                            Self.note(1, "bars drift"), Self.note(0.2, "before the trim"),
                            Self.note(1.9, "after the trim"),
                        ])),
                Spec(
                    source: "testsrc2", seconds: 2, transition: .dissolve(frames: 9), missing: true,
                    label: "missing one", prompt: "a shot whose take is gone"),
                Spec(
                    source: "rgbtestsrc", seconds: 2, transition: .dip(frames: 10), label: Self.hostileLabel,
                    prompt: Self.hostilePrompt, seed: UInt64.max,
                    review: TakeReview(notes: [Self.note(0.5, Self.hostileNote)])),
                Spec(
                    source: "testsrc2", seconds: 1, transition: .fade(frames: 10), label: "end",
                    prompt: "the last shot"),
            ], title: "Timeline <test> & \"film\"", folderName: "film & co ü")
        folder = fixture.folder
        plan = try fixture.plan()
    }

    /// The shared film.
    static func get() throws -> TimelineFilm { try shared.get() }

    /// Writes `format`'s document for the plan to a new file and returns it.
    func write(_ format: ExportFormat) throws -> URL {
        let data = try #require(TimelineExport.document(for: plan, format: format))
        let url = try TestFiles.folder().appendingPathComponent("film.\(format.rawValue)")
        try data.write(to: url)
        return url
    }

    /// The take frame a segment starts at.
    static func sourceIn(_ segment: FilmSegment) -> Int {
        segment.takeURL == nil ? 0 : Int((segment.inPoint * 24).rounded())
    }

    /// The length of the dissolve into segment `index` (0 when it starts with a cut, fade or dip).
    func dissolveIn(_ index: Int) -> Int { index > 0 ? plan.segments[index - 1].overlapWithNext : 0 }
}

/// A tool the tests need is missing (`make setup` installs it) or failed.
private struct ToolProblem: Error, CustomStringConvertible {
    let description: String
}

/// The programs the timeline tests run, found where `make setup` puts them.
private enum TimelineTools {
    /// The repository, from this file's path.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The virtualenv's Python with OpenTimelineIO.
    static func python() throws -> URL {
        let url = repository.appendingPathComponent(".build/python/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw ToolProblem(
                description: "\(url.path) is missing: run `make setup` to create the Python virtualenv with "
                    + "OpenTimelineIO that the timeline tests read exports with.")
        }
        return url
    }

    /// A program on PATH (melt, ffmpeg, ffprobe).
    static func program(_ name: String) throws -> URL {
        guard
            let url = Subprocess.findExecutable(named: name, environment: ProcessInfo.processInfo.environment)
        else {
            throw ToolProblem(description: "\(name) is not installed: run `make setup` to install it.")
        }
        return url
    }

    /// Runs `name` with `arguments` through Subprocess (children get no blocked signals) and returns its
    /// stdout; throws with its stderr when it fails.
    @discardableResult
    static func run(_ name: String, _ arguments: [String]) throws -> [UInt8] {
        try run(executable: try program(name), arguments)
    }

    /// Runs `executable` with `arguments`; throws with its stderr when it fails.
    @discardableResult
    static func run(executable: URL, _ arguments: [String]) throws -> [UInt8] {
        let output = try Subprocess.run(executable: executable, arguments: arguments)
        guard output.status.isSuccess else {
            throw ToolProblem(
                description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) failed "
                    + "(\(output.status)): \(output.stderr)")
        }
        return output.stdout
    }

    /// `file` read by OpenTimelineIO's `adapter`, as the script `read_timeline.py` reports it.
    static func readTimeline(_ file: URL, adapter: String, rate: Double) throws -> ReadTimeline {
        let script = repository.appendingPathComponent("Tests/KinoraExportTests/Scripts/read_timeline.py")
        let bytes = try run(executable: try python(), [script.path, adapter, file.path, "\(rate)"])
        return try JSONDecoder().decode(ReadTimeline.self, from: Data(bytes))
    }
}

/// What `read_timeline.py` prints: a timeline as OpenTimelineIO reads it, times in frames.
private struct ReadTimeline: Decodable {
    struct Track: Decodable {
        let kind: String
        let duration: Int
        let items: [Item]
    }

    struct Item: Decodable {
        let schema: String
        let name: String
        let metadata: Plain
        let record_start: Int
        let transition_type: String?
        let in_offset: Int?
        let out_offset: Int?
        let source_start: Int?
        let source_duration: Int?
        let visible_start: Int?
        let visible_duration: Int?
        let media: Media?
        let markers: [Marker]?

        var isClip: Bool { schema.hasPrefix("Clip") }
        var isTransition: Bool { schema.hasPrefix("Transition") }
    }

    /// A marker on a clip, its times in the clip's media frames.
    struct Marker: Decodable {
        let name: String
        let color: String
        let comment: String
        let start: Int
        let duration: Int
    }

    struct Media: Decodable {
        let schema: String
        let target_url: String?
        let generator_kind: String?
    }

    let name: String
    let duration: Int
    let exact: Bool
    let tracks: [Track]
}

/// Any JSON value, for metadata.
private enum Plain: Decodable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([Plain])
    case object([String: Plain])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([Plain].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: Plain].self))
        }
    }

    subscript(key: String) -> Plain? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var strings: [String] {
        if case .array(let values) = self { return values.compactMap(\.string) }
        return []
    }
}

/// The editable timelines (OTIO, EDL, FCP 7 XML, MLT) read back by the tools editors use.
@Suite struct TimelineTests {
    @Test func otioReadsBackWithTheFilmsClipsDurationsAndMetadata() throws {
        let film = try TimelineFilm.get()
        let plan = film.plan
        let timeline = try TimelineTools.readTimeline(try film.write(.otio), adapter: "otio_json", rate: 24)
        #expect(timeline.exact)
        #expect(timeline.name == plan.title)
        #expect(timeline.duration == plan.totalFrames)
        #expect(plan.totalFrames == 48 + 30 + 48 + 48 + 24 - 12 - 9)
        let track = try #require(timeline.tracks.first)
        // One picture track; the dialogue's scratch lines are on audio tracks after it.
        #expect(timeline.tracks.filter { $0.kind == "Video" }.count == 1 && track.kind == "Video")
        #expect(timeline.tracks.dropFirst().allSatisfy { $0.kind == "Audio" })
        let clips = track.items.filter(\.isClip)
        try #require(clips.count == plan.segments.count)
        for (index, (clip, segment)) in zip(clips, plan.segments).enumerated() {
            #expect(clip.name == "s\(index + 1) \(segment.label)")
            #expect(clip.visible_duration == segment.frames, "\(clip.name)")
            #expect(clip.visible_start == TimelineFilm.sourceIn(segment), "\(clip.name)")
            // Where the clip's first frame (under any dissolve) sits on the film.
            let shown = clip.record_start - ((clip.source_start ?? 0) - (clip.visible_start ?? 0))
            #expect(shown == segment.recordStart, "\(clip.name)")
            let kinora = try #require(clip.metadata["kinora"])
            #expect(kinora["prompt"]?.string == segment.prompt)
            #expect(kinora["label"]?.string == segment.label)
            #expect(kinora["seed"]?.string == String(segment.seed))
            #expect(kinora["shot"]?.string == segment.shot.rawValue)
            #expect(kinora["transition_out"]?.string == segment.transitionOut.description)
            if let url = segment.takeURL {
                #expect(clip.media?.schema == "ExternalReference")
                let target = try #require(clip.media?.target_url.flatMap(URL.init(string:)))
                #expect(target.path == url.standardizedFileURL.path)
                #expect(kinora["take"]?.string == "t1")
                #expect(kinora["backend"]?.string == "builtin")
            } else {
                #expect(clip.media?.schema == "MissingReference")
                #expect(kinora["slate"] == .bool(true))
            }
            let isLast = index == plan.segments.count - 1
            let fadeOut = segment.fadeOutFrames(isLast: isLast)
            #expect(
                kinora["fade_out"]?["frames"]?.number == (fadeOut > 0 ? Double(fadeOut) : nil), "\(clip.name)"
            )
            let fadeIn = index > 0 ? plan.segments[index - 1].fadeInFramesOfNext : 0
            #expect(
                kinora["fade_in"]?["frames"]?.number == (fadeIn > 0 ? Double(fadeIn) : nil), "\(clip.name)")
        }
        // The dip's metadata says white, the fades' black.
        #expect(clips[3].metadata["kinora"]?["fade_out"]?["color"]?.string == "white")
        #expect(clips[1].metadata["kinora"]?["fade_out"]?["color"]?.string == "black")
        let transitions = track.items.filter(\.isTransition)
        let dissolves = plan.segments.enumerated().filter { $0.element.overlapWithNext > 0 }
        try #require(transitions.count == dissolves.count)
        for (transition, (index, segment)) in zip(transitions, dissolves) {
            #expect(transition.transition_type == "SMPTE_Dissolve")
            #expect((transition.in_offset ?? 0) + (transition.out_offset ?? 0) == segment.overlapWithNext)
            #expect(transition.record_start == plan.segments[index + 1].recordStart)
        }
    }

    @Test func edlReadsBackThroughOpenTimelineIOsCMX3600Reader() throws {
        let film = try TimelineFilm.get()
        let plan = film.plan
        let file = try film.write(.edl)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasPrefix("TITLE: Timeline <test> & \"film\"\nFCM: NON-DROP FRAME\n"))
        let timeline = try TimelineTools.readTimeline(file, adapter: "cmx_3600", rate: 24)
        #expect(timeline.exact)
        let track = try #require(timeline.tracks.first)
        #expect(timeline.tracks.filter { $0.kind == "Video" }.count == 1 && track.kind == "Video")
        #expect(track.duration == plan.totalFrames)
        // Every shot is an event; a fade through black adds a black event the shot dissolves into.
        var expected: [(name: String?, record: Int, length: Int, visible: Int)] = []
        for (index, segment) in plan.segments.enumerated() {
            let isLast = index == plan.segments.count - 1
            let black =
                if case .fade = segment.transitionOut { segment.fadeOutFrames(isLast: isLast) } else { 0 }
            let length = segment.frames - segment.overlapWithNext - black
            expected.append((segment.takeURL?.lastPathComponent, segment.recordStart, length, segment.frames))
            if black > 0 {
                let fadeIn = isLast ? 0 : segment.fadeInFramesOfNext
                expected.append((nil, segment.recordStart + length, black, black + fadeIn))
            }
        }
        let clips = track.items.filter(\.isClip)
        try #require(clips.count == expected.count, "\(clips.map(\.name))")
        for (clip, event) in zip(clips, expected) {
            if let name = event.name {
                #expect(clip.name == name)
            } else {
                #expect(clip.media?.generator_kind == "black", "\(clip.name)")
            }
            #expect(clip.record_start == event.record, "\(clip.name)")
            #expect(clip.source_duration == event.length, "\(clip.name)")
            #expect(clip.visible_duration == event.visible, "\(clip.name)")
        }
        // The slate is black, with a comment naming it.
        #expect(clips[3].media?.generator_kind == "black")
        let slateComments = clips[3].metadata["cmx_3600"]?["comments"]?.strings ?? []
        #expect(slateComments.contains("COMMENT: SLATE s3 missing one (NO USABLE TAKE)"))
        // Two dissolves and two fades (out of shot 2 and in to shot 3) plus the fade out at the end.
        let transitions = track.items.filter(\.isTransition)
        #expect(transitions.map { ($0.in_offset ?? 0) + ($0.out_offset ?? 0) } == [12, 6, 6, 9, 10])
        // The trimmed shot's source starts half a second in.
        #expect(clips[1].source_start == 12)
        let hostile = clips[4].metadata["cmx_3600"]?["comments"]?.strings ?? []
        #expect(hostile.contains("COMMENT: PROMPT: \(EDLWriter.commentText(TimelineFilm.hostilePrompt))"))
        #expect(hostile.contains("COMMENT: SEED \(UInt64.max) TAKE t1 BACKEND builtin"))
        #expect(hostile.contains("COMMENT: DIP TO WHITE 5 FRAMES AT END"))
    }

    @Test func fcp7XMLIsWellFormedAndPlacesEveryClipAsThePlanDoes() throws {
        let film = try TimelineFilm.get()
        let plan = film.plan
        let file = try film.write(.xml)
        let document = try XMLDocument(contentsOf: file, options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "xmeml" && root.attribute(forName: "version")?.stringValue == "4")
        let sequence = try #require(root.elements(forName: "sequence").first)
        #expect(value(sequence, "rate/timebase") == "24" && value(sequence, "rate/ntsc") == "FALSE")
        #expect(value(sequence, "duration") == "\(plan.totalFrames)")
        #expect(value(sequence, "name") == plan.title)
        let track = try #require(try sequence.nodes(forXPath: "media/video/track").first as? XMLElement)
        let items = (track.children ?? []).compactMap { $0 as? XMLElement }.filter {
            ["clipitem", "generatoritem", "transitionitem"].contains($0.name ?? "")
        }
        let clips = items.filter { $0.name != "transitionitem" }
        try #require(clips.count == plan.segments.count)
        for (index, (clip, segment)) in zip(clips, plan.segments).enumerated() {
            let start = film.dissolveIn(index) > 0 ? -1 : segment.recordStart
            let end = segment.overlapWithNext > 0 ? -1 : segment.recordStart + segment.frames
            let sourceIn = TimelineFilm.sourceIn(segment)
            #expect(value(clip, "in") == "\(sourceIn)", "\(segment.shot)")
            #expect(value(clip, "out") == "\(sourceIn + segment.frames)", "\(segment.shot)")
            #expect(value(clip, "start") == "\(start)", "\(segment.shot)")
            #expect(value(clip, "end") == "\(end)", "\(segment.shot)")
            #expect(value(clip, "comments/mastercomment2") == XMLText.roundTripped(segment.prompt))
            #expect(value(clip, "logginginfo/description") == XMLText.roundTripped(segment.prompt))
            if let url = segment.takeURL {
                #expect(clip.name == "clipitem")
                // The first use of a file holds its path; none is used twice here.
                let pathurl = try #require(value(clip, "file/pathurl"))
                #expect(pathurl.hasPrefix("file://localhost/") && !pathurl.contains(" "))
                #expect(URL(string: pathurl)?.path == url.standardizedFileURL.path)
            } else {
                #expect(clip.name == "generatoritem" && value(clip, "effect/name") == "Slug")
            }
        }
        #expect(value(clips[3], "name") == "s4 \(TimelineFilm.hostileLabel)")
        #expect(
            try clips[3].nodes(forXPath: "marker/name").compactMap(\.stringValue) == [
                "Dip to white", XMLText.roundTripped("Fix <this> & \"that\" now, 中文"),
            ])
        let transitions = items.filter { $0.name == "transitionitem" }
        let dissolves = plan.segments.enumerated().filter { $0.element.overlapWithNext > 0 }
        try #require(transitions.count == dissolves.count)
        for (transition, (index, segment)) in zip(transitions, dissolves) {
            let start = plan.segments[index + 1].recordStart
            #expect(value(transition, "start") == "\(start)")
            #expect(value(transition, "end") == "\(start + segment.overlapWithNext)")
            #expect(value(transition, "effect/name") == "Cross Dissolve")
            #expect(value(transition, "alignment") == "center")
        }

        // OpenTimelineIO's FCP 7 reader agrees on every clip and the length.
        let timeline = try TimelineTools.readTimeline(file, adapter: "fcp_xml", rate: 24)
        let read = try #require(timeline.tracks.first)
        #expect(timeline.exact)
        #expect(read.duration == plan.totalFrames)
        let readClips = read.items.filter(\.isClip)
        try #require(readClips.count == plan.segments.count)
        for (clip, segment) in zip(readClips, plan.segments) {
            #expect(clip.visible_duration == segment.frames, "\(clip.name)")
            #expect(clip.visible_start == TimelineFilm.sourceIn(segment), "\(clip.name)")
            #expect(
                clip.name
                    == XMLText.roundTripped(TimelineLayout.clipName(shot: segment.shot, label: segment.label))
            )
        }
    }

    @Test func mltRendersWithMeltToExactlyTheFilmsFrames() throws {
        let film = try TimelineFilm.get()
        let plan = film.plan
        let file = try film.write(.mlt)
        let document = try XMLDocument(contentsOf: file, options: [])
        let root = try #require(document.rootElement())
        let profile = try #require(root.elements(forName: "profile").first)
        #expect(profile.attribute(forName: "frame_rate_num")?.stringValue == "24")
        #expect(profile.attribute(forName: "width")?.stringValue == "320")
        let producers = root.elements(forName: "producer")
        let resources = try producers.compactMap {
            try $0.nodes(forXPath: "property[@name='resource']").first?.stringValue
        }
        for segment in plan.segments {
            if let url = segment.takeURL { #expect(resources.contains(url.standardizedFileURL.path)) }
        }
        let prompts = try producers.compactMap {
            try $0.nodes(forXPath: "property[@name='kinora:prompt']").first?.stringValue
        }
        #expect(prompts.contains(XMLText.roundTripped(TimelineFilm.hostilePrompt)))

        let output = try TestFiles.folder().appendingPathComponent("render.mp4")
        try TimelineTools.run(
            "melt",
            [
                "-quiet", file.path, "-consumer", "avformat:\(output.path)", "vcodec=libx264",
                "preset=ultrafast",
                "an=1", "real_time=0",
            ])
        let counted = try TimelineTools.run(
            "ffprobe",
            [
                "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=nb_read_frames", "-of", "csv=p=0", output.path,
            ])
        let frames = String(decoding: counted, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(frames == "\(plan.totalFrames)")

        // The slate is black, the end of the dip white, the end of the film faded to black.
        let slate = plan.segments[2]
        #expect(try meanLuma(output, frame: slate.recordStart + slate.frames / 2) < 20)
        let dipped = plan.segments[3]
        #expect(try meanLuma(output, frame: dipped.recordStart + dipped.frames - 1) > 200)
        #expect(try meanLuma(output, frame: plan.totalFrames - 1) < 40)
        #expect(try meanLuma(output, frame: 10) > 40)
    }

    @Test func hostileTextIsEscapedInEveryFormatAndReadsBack() throws {
        let film = try TimelineFilm.get()
        let prompt = TimelineFilm.hostilePrompt
        for format in [ExportFormat.otio, .edl, .xml, .mlt] {
            let data = try #require(TimelineExport.document(for: film.plan, format: format))
            #expect(!data.contains(0x1B), "\(format): no raw ESC")
            #expect(String(data: data, encoding: .utf8) != nil, "\(format): valid UTF-8")
        }

        // JSON: the exact prompt, ESC and newline included.
        let otio = try #require(TimelineExport.document(for: film.plan, format: .otio))
        let json = try JSONSerialization.jsonObject(with: otio) as? [String: Any]
        let tracks = (json?["tracks"] as? [String: Any])?["children"] as? [[String: Any]]
        let items = tracks?.first?["children"] as? [[String: Any]] ?? []
        let prompts = items.compactMap { ($0["metadata"] as? [String: Any])?["kinora"] as? [String: Any] }
            .compactMap { $0["prompt"] as? String }
        #expect(prompts.contains(prompt))
        #expect((json?["name"] as? String) == film.plan.title)

        // EDL: printable ASCII lines only; the comment decodes back to the prompt on one line.
        let edl = try #require(TimelineExport.document(for: film.plan, format: .edl))
        #expect(edl.allSatisfy { $0 == 0x0A || (0x20...0x7E).contains($0) })
        let lines = String(decoding: edl, as: UTF8.self).split(separator: "\n")
        let comment = try #require(lines.first { $0.hasPrefix("* COMMENT: PROMPT: She says") })
        let decoded = decodeEDLComment(String(comment.dropFirst("* COMMENT: PROMPT: ".count)))
        #expect(decoded == "She says \"hi\" & <leaves> 'now' second line [31m red CJK 中文の夢 🎬 back\\slash")
        #expect(
            lines.allSatisfy {
                $0.first?.isNumber == true || $0.hasPrefix("*") || $0.hasPrefix("TITLE:")
                    || $0.hasPrefix("FCM:")
            })

        // XML: well-formed, and the prompt comes back with only ESC replaced.
        for format in [ExportFormat.xml, .mlt] {
            let data = try #require(TimelineExport.document(for: film.plan, format: format))
            let document = try XMLDocument(data: data, options: [])
            let texts = try document.nodes(forXPath: "//*").compactMap { node -> String? in
                guard let element = node as? XMLElement, element.childCount == 1 else { return nil }
                return element.stringValue
            }
            #expect(texts.contains(XMLText.roundTripped(prompt)), "\(format)")
            #expect(XMLText.roundTripped(prompt).contains("\n[31m") == false)
            #expect(XMLText.roundTripped(prompt).contains("line\u{FFFD}[31m"))
            #expect(texts.contains(TimelineFilm.hostileLabel), "\(format)")
        }
    }

    @Test func timecodeCountsFramesWithDropFrameAtNTSCRates() throws {
        let ntsc = Timecode(rate: try #require(FrameRate(numerator: 30000, denominator: 1001)))
        #expect(ntsc.dropFrame && ntsc.edlFrameCodeMode == "DROP FRAME")
        #expect(ntsc.string(frame: 0) == "00:00:00;00")
        #expect(ntsc.string(frame: 1799) == "00:00:59;29")
        #expect(ntsc.string(frame: 1800) == "00:01:00;02")
        #expect(ntsc.string(frame: 17982) == "00:10:00;00")
        #expect(ntsc.string(frame: 107_892) == "01:00:00;00")
        let fast = Timecode(rate: try #require(FrameRate(numerator: 60000, denominator: 1001)))
        #expect(fast.string(frame: 3600) == "00:01:00;04")
        let film = Timecode(rate: try #require(FrameRate(numerator: 24000, denominator: 1001)))
        #expect(!film.dropFrame && film.string(frame: 24 * 3600 + 25) == "01:00:01:01")
        let pal = Timecode(rate: try #require(FrameRate(numerator: 25)))
        #expect(pal.string(frame: 90_000 + 24) == "01:00:00:24" && pal.edlFrameCodeMode == "NON-DROP FRAME")
    }

    @Test func dropFrameEDLReadsBackAt2997() throws {
        let film = try TimelineFilm.get()
        var plan = film.plan
        plan.fps = try #require(FrameRate(numerator: 30000, denominator: 1001))
        let text = EDLWriter.text(for: plan)
        #expect(text.contains("FCM: DROP FRAME\n"))
        let file = try TestFiles.folder().appendingPathComponent("ntsc.edl")
        try Data(text.utf8).write(to: file)
        let timeline = try TimelineTools.readTimeline(file, adapter: "cmx_3600", rate: 30000.0 / 1001.0)
        #expect(timeline.tracks.first?.duration == plan.totalFrames)
    }

    @Test func onlyTimelineFormatsHaveADocument() throws {
        let film = try TimelineFilm.get()
        for format in ExportFormat.allCases {
            let isTimeline = [ExportFormat.otio, .edl, .xml, .mlt].contains(format)
            #expect(
                (TimelineExport.document(for: film.plan, format: format) != nil) == isTimeline, "\(format)")
        }
    }

    @Test func layoutFitsDissolvesThatWouldOverlapInsideAShortShot() throws {
        let take = URL(fileURLWithPath: "/takes/a.mp4")
        func segment(_ serial: Int, frames: Int, start: Int, out: Transition) -> FilmSegment {
            FilmSegment(
                shot: ShotID(serial: serial), label: "", prompt: "", seed: 1, take: TakeID(serial: 1),
                backend: nil, content: .take(url: take, inPoint: 0), frames: frames, recordStart: start,
                transitionOut: out)
        }
        // Shot 2 is 10 frames with 8-frame dissolves at both ends: they would overlap by 6 frames.
        let plan = FilmPlan(
            title: "t", fps: try #require(FrameRate(numerator: 24)),
            size: try #require(FrameSize(width: 64, height: 64)),
            conform: .fit,
            segments: [
                segment(1, frames: 20, start: 0, out: .dissolve(frames: 8)),
                segment(2, frames: 10, start: 12, out: .dissolve(frames: 8)),
                segment(3, frames: 20, start: 14, out: .cut),
            ])
        let layout = TimelineLayout(plan: plan)
        #expect(layout.totalFrames == plan.totalFrames)
        for shot in layout.shots { #expect(shot.head.frames + shot.tail.frames <= shot.frames) }
        #expect(layout.shots[1].tail == .dissolve(frames: 2))
        // Shot 3 starts 6 frames later and 6 frames into its take, and ends where the plan ends it.
        #expect(
            layout.shots[2].recordStart == 20 && layout.shots[2].sourceIn == 6 && layout.shots[2].frames == 14
        )
        let melted = MLTWriter.text(for: plan)
        #expect(melted.contains("<entry producer=\"transition2\" in=\"0\" out=\"1\"/>"))
    }

    /// Review notes are markers at their film time in OTIO (read back by OpenTimelineIO), the EDL (as
    /// locators OpenTimelineIO's CMX 3600 reader turns into markers), FCP 7 XML and MLT (Shotcut's
    /// markers); what the person wrote is in OTIO's metadata and FCP 7's clip comments.
    @Test func reviewNotesAreMarkersAtTheirFilmTimeInEveryTimeline() throws {
        let film = try TimelineFilm.get()
        let plan = film.plan
        let expected = film.expectedNotes()
        func wanted(_ shot: Int) -> [(name: String, record: Int)] {
            expected.filter { $0.shot == shot }.map { ($0.name, $0.record) }
        }

        // OTIO: markers on each clip in its media time; where they fall on the film, as OTIO reads it.
        let timeline = try TimelineTools.readTimeline(try film.write(.otio), adapter: "otio_json", rate: 24)
        #expect(timeline.exact)
        let clips = try #require(timeline.tracks.first).items.filter(\.isClip)
        try #require(clips.count == plan.segments.count)
        for (index, clip) in clips.enumerated() {
            let markers = clip.markers ?? []
            let placed = markers.map { ($0.name, clip.record_start + $0.start - (clip.source_start ?? 0)) }
            #expect(placed.map(\.0) == wanted(index).map(\.name), "\(clip.name)")
            #expect(placed.map(\.1) == wanted(index).map(\.record), "\(clip.name)")
            #expect(markers.allSatisfy { $0.duration == 0 })
            // On the clip as OTIO trims it, so an editor shows them (none under half of a dissolve).
            let start = clip.source_start ?? 0
            let end = start + (clip.source_duration ?? 0)
            #expect(
                markers.allSatisfy { (start..<end).contains($0.start) }, "\(clip.name): \(start)..<\(end)")
        }
        #expect(clips[0].markers?.map(\.color) == ["GREEN", "GREEN"])
        #expect(clips[1].markers?.map(\.color) == ["RED", "RED", "RED"])
        #expect(clips[3].markers?.first?.color == "YELLOW")
        #expect(clips[1].markers?.first?.comment == "1 s into take t1: bars drift")
        #expect(clips[3].markers?.first?.comment == "0.5 s into take t1: \(TimelineFilm.hostileNote)")
        let kinora = try #require(clips[0].metadata["kinora"])
        #expect(kinora["dialogue"]?.string == TimelineFilm.dialogue)
        #expect(kinora["action"]?.string == "Boats rock; gulls wheel.")
        #expect(kinora["notes"]?.string == "Shoot at dawn")
        #expect(kinora["scene"]?.string == "1" && kinora["size"]?.string == "LS")
        #expect(kinora["angle"]?.string == "high" && kinora["lens"]?.number == 24)
        #expect(kinora["movement"]?.string == "push in" && kinora["location"]?.string == "Harbour")
        #expect(kinora["people"]?.strings == ["Mimi", "Bo"] && kinora["status"]?.string == "approved")
        #expect(kinora["verdict"]?.string == "circled")
        #expect(
            kinora["review_notes"]
                == .array([
                    .object(["at": .number(1), "text": .string("lift the shadows")]),
                    .object(["at": .null, "text": .string("keeper")]),
                ]))
        #expect(clips[2].metadata["kinora"]?["verdict"] == .null)

        // EDL: a locator per note at the take's timecode, read back as markers at the same film frames.
        let edlFile = try film.write(.edl)
        let edl = try String(contentsOf: edlFile, encoding: .utf8)
        #expect(edl.contains("\n* LOC: 00:00:01:00 GREEN   lift the shadows\n"))
        #expect(edl.contains("* COMMENT: CIRCLED TAKE\n") && edl.contains("* COMMENT: REJECTED TAKE\n"))
        let edlTimeline = try TimelineTools.readTimeline(edlFile, adapter: "cmx_3600", rate: 24)
        let edlClips = try #require(edlTimeline.tracks.first).items.filter(\.isClip)
        let edlMarkers = edlClips.flatMap { clip in
            (clip.markers ?? []).map { ($0.name, clip.record_start + $0.start - (clip.source_start ?? 0)) }
        }
        #expect(edlMarkers.map(\.0) == expected.map { EDLWriter.commentText($0.name) })
        #expect(edlMarkers.map(\.1) == expected.map(\.record))

        // FCP 7 XML: a marker per note in its clip item, `in` at the note's source frame.
        let document = try XMLDocument(contentsOf: try film.write(.xml), options: [])
        let items = try document.nodes(forXPath: "//video/track/clipitem | //video/track/generatoritem")
            .compactMap { $0 as? XMLElement }
        try #require(items.count == plan.segments.count)
        for (index, item) in items.enumerated() {
            let notes = try item.nodes(forXPath: "marker[comment != '']").compactMap { $0 as? XMLElement }
                .filter { value($0, "comment")?.hasSuffix("frames") == false }
            let sourceIn = TimelineFilm.sourceIn(plan.segments[index])
            let placed = notes.map { marker in
                (
                    value(marker, "name") ?? "",
                    plan.segments[index].recordStart + (Int(value(marker, "in") ?? "") ?? -99) - sourceIn
                )
            }
            #expect(
                placed.map(\.0) == wanted(index).map { XMLText.roundTripped($0.name) }, "shot \(index + 1)")
            #expect(placed.map(\.1) == wanted(index).map(\.record), "shot \(index + 1)")
            #expect(notes.allSatisfy { value($0, "out") == "-1" })
        }
        #expect(value(items[0], "logginginfo/good") == "TRUE" && value(items[0], "logginginfo/scene") == "1")
        #expect(
            value(items[0], "comments/clipcommenta")
                == "Action: Boats rock; gulls wheel.\nDialogue: \(TimelineFilm.dialogue)")
        #expect(
            value(items[0], "comments/clipcommentb")
                == "Scene 1 · LS · high · 24mm · push in · at Harbour · with Mimi, Bo · approved\n"
                + "Notes: Shoot at dawn\nReview: circled; 1 s: lift the shadows; keeper")

        // MLT: Shotcut's markers on the main tractor, at the film time as a clock time.
        let mlt = try XMLDocument(contentsOf: try film.write(.mlt), options: [])
        let markers = try mlt.nodes(
            forXPath: "/mlt/tractor[@id='main']/properties[@name='shotcut:markers']/properties"
        ).compactMap { $0 as? XMLElement }
        let read = markers.map { marker -> (String, Int) in
            let clock = value(marker, "property[@name='start']") ?? ""
            let parts = clock.split(separator: ":").compactMap { Double($0) }
            let seconds = parts.count == 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : -1
            return (value(marker, "property[@name='text']") ?? "", Int((seconds * 24).rounded()))
        }
        #expect(read.map(\.0) == expected.map { XMLText.roundTripped($0.name) })
        #expect(read.map(\.1) == expected.map(\.record))
        #expect(MLTWriter.clockTime(frame: 29, fps: plan.fps) == "00:00:01.208")
    }

    /// The text of the element at `path` under `element`.
    private func value(_ element: XMLElement, _ path: String) -> String? {
        (try? element.nodes(forXPath: path))?.first?.stringValue
    }

    /// The mean brightness (0–255) of frame `frame` of `video`.
    private func meanLuma(_ video: URL, frame: Int) throws -> Double {
        let bytes = try TimelineTools.run(
            "ffmpeg",
            [
                "-nostdin", "-v", "error", "-i", video.path, "-vf", "select=eq(n\\,\(frame))", "-frames:v",
                "1",
                "-f", "rawvideo", "-pix_fmt", "gray", "-",
            ])
        guard !bytes.isEmpty else { throw ToolProblem(description: "no frame \(frame) in \(video.path)") }
        return Double(bytes.reduce(0) { $0 + Int($1) }) / Double(bytes.count)
    }

    /// An EDL comment with its `\u{XXXX}` and `\\` escapes undone.
    private func decodeEDLComment(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let first = rest.first {
            if rest.hasPrefix("\\\\") {
                out += "\\"
                rest = rest.dropFirst(2)
            } else if rest.hasPrefix("\\u{"), let close = rest.firstIndex(of: "}"),
                let value = UInt32(rest[rest.index(rest.startIndex, offsetBy: 3)..<close], radix: 16),
                let scalar = Unicode.Scalar(value)
            {
                out.unicodeScalars.append(scalar)
                rest = rest[rest.index(after: close)...]
            } else {
                out.append(first)
                rest = rest.dropFirst()
            }
        }
        return out
    }
}

/// The film's sound on the timelines' audio tracks, read back by OpenTimelineIO where it can read them.
@Suite struct SoundTimelineTests {
    @Test func everyFormatCarriesTheSoundsAndTheMusicAtTheirPlaces() throws {
        let fixture = try FilmFixture([
            FilmFixture.ShotSpec(source: "testsrc2", seconds: 1),
            FilmFixture.ShotSpec(source: "smptebars", seconds: 1),
        ])
        var plan = try fixture.plan()
        let line = try TestFiles.media(
            ["-f", "lavfi", "-i", "sine=frequency=300:duration=0.5"], name: "line.wav")
        let bang = try TestFiles.media(
            ["-f", "lavfi", "-i", "sine=frequency=900:duration=3"], name: "bang.wav")
        let music = try TestFiles.media(
            ["-f", "lavfi", "-i", "sine=frequency=200:duration=1.5"], name: "music.wav")
        plan.segments[0].sounds = [
            PlacedSound(role: .scratch, url: line, start: 0.25, sourceStart: 0, duration: 0.5, gain: 0)
        ]
        // Longer than its shot: it stops where the shot does.
        plan.segments[1].sounds = [
            PlacedSound(
                role: .effect, url: bang, start: 0, sourceStart: 0.5, duration: 3, gain: -3,
                label: "door bang.wav")
        ]
        plan.music = FilmMusic(url: music, gain: -6, ducking: -12, duration: 1.5)

        let timeline = try TimelineTools.readTimeline(
            try #require(TimelineExport.document(for: plan, format: .otio)).written(as: "film.otio"),
            adapter: "otio_json", rate: 24)
        let audio = timeline.tracks.filter { $0.kind == "Audio" }
        #expect(timeline.tracks.first?.kind == "Video" && audio.count == 2)
        let sounds = try #require(audio.first).items.filter(\.isClip)
        #expect(sounds.map(\.record_start) == [6, 24])
        #expect(sounds.map(\.source_duration) == [12, 24])
        #expect(sounds.map(\.source_start) == [0, 12])
        #expect(sounds.first?.media?.target_url?.hasSuffix("line.wav") == true)
        #expect(sounds.last?.name == "s2 effect door bang.wav", "named as imported, not by its asset's hash")
        #expect(
            sounds.last?.metadata
                == .object([
                    "kinora": .object([
                        "role": .string("effect"), "shot": .string("s2"), "gain_db": .number(-3),
                    ])
                ]))
        let bed = try #require(audio.last).items.filter(\.isClip)
        #expect(bed.map(\.record_start) == [0] && bed.map(\.source_duration) == [36])

        let edl = String(
            decoding: try #require(TimelineExport.document(for: plan, format: .edl)), as: UTF8.self)
        #expect(
            edl.contains("AX       AA    C        00:00:00:00 00:00:00:12 00:00:00:06 00:00:00:18"), "\(edl)")
        #expect(edl.contains("* FROM CLIP NAME: door bang.wav\n* SOURCE FILE: "), "named as imported")
        #expect(edl.contains("* COMMENT: s2 EFFECT GAIN -3.0 DB"))
        #expect(edl.contains("AX       A3    C        00:00:00:00 00:00:01:12 00:00:00:00 00:00:01:12"))
        let edlTimeline = try TimelineTools.readTimeline(
            try #require(TimelineExport.document(for: plan, format: .edl)).written(as: "film.edl"),
            adapter: "cmx_3600", rate: 24)
        #expect(edlTimeline.tracks.contains { $0.kind == "Audio" }, "OTIO's EDL reader finds the audio")

        let xml = try XMLDocument(data: try #require(TimelineExport.document(for: plan, format: .xml)))
        let items = try xml.nodes(forXPath: "//media/audio/track/clipitem")
        #expect(items.count == 3)
        let levels = try xml.nodes(forXPath: "//media/audio/track/clipitem/filter/effect/parameter/value")
            .map { $0.stringValue ?? "" }
        #expect(levels == ["1.00000", "0.70795", "0.50119"])
        let fcp = try TimelineTools.readTimeline(
            try #require(TimelineExport.document(for: plan, format: .xml)).written(as: "film.xml"),
            adapter: "fcp_xml", rate: 24)
        #expect(
            fcp.tracks.filter { $0.kind == "Audio" }.count == 2, "OTIO's FCP XML reader finds both tracks")

        let mlt = try XMLDocument(data: try #require(TimelineExport.document(for: plan, format: .mlt)))
        let blanks = try mlt.nodes(forXPath: "//playlist[@id='audio1']/blank").map {
            ($0 as? XMLElement)?.attribute(forName: "length")?.stringValue ?? ""
        }
        #expect(blanks == ["6", "6"])
        #expect(
            try mlt.nodes(forXPath: "//playlist[@id='audio1']/entry/filter/property[@name='level']").count
                == 1)
        #expect(try mlt.nodes(forXPath: "//tractor[@id='main']/track[@hide='video']").count == 2)
    }
}

extension Data {
    /// Writes the bytes to a new temporary file called `name` and returns it.
    fileprivate func written(as name: String) throws -> URL {
        let url = try TestFiles.folder().appendingPathComponent(name)
        try write(to: url)
        return url
    }
}
