import Foundation
import KinoraCore

/// Writes the film as Final Cut Pro 7 XML (`xmeml` version 4), which Premiere Pro and DaVinci Resolve
/// import: one sequence with one video track of clip items pointing at the take files.
///
/// - Each take is a `<clipitem>` with a `<file>` (`<pathurl>` a percent-encoded `file://localhost/` URL;
///   a file used twice is written once and referred to by id). `<in>`/`<out>` are the shot's source frames
///   and `<start>`/`<end>` its record frames, both with exclusive ends, at the film's rate.
/// - A dissolve is a centred `<transitionitem>` "Cross Dissolve" over the frames the shots share; as FCP 7
///   writes it, the clips on either side say `-1` for the start or end the transition decides, and their
///   `<in>`/`<out>` include the frames under the transition.
/// - A slate is a `<generatoritem>` "Slug" (black) named after the shot.
/// - Fades and dips are markers on the clip (where the fade starts, its length and colour): xmeml has no
///   fade to white, and editors apply fades as effects anyway.
/// - The label, prompt, seed, take and backend go in `<logginginfo>` and `<comments>`
///   (`<mastercomment1>`…`4>`); what the person wrote goes there too: the scene in `<scene>`, a circled
///   take as `<good>TRUE`, the action and dialogue in `<clipcommenta>`, and the crew's fields (size, angle,
///   lens, movement, location, people, status), the shot's notes and the review in `<clipcommentb>`.
/// - Each review note of the chosen take is a `<marker>` on the clip (see ``ReviewMarker``): `<in>` is
///   its source frame (clip markers count the media's frames, as the fade markers do), `<out>` -1 (a
///   point), `<name>` the note on one line and `<comment>` when in the take it is and the note in full.
/// - The sound is on audio tracks (``AudioLayout``) under `<media><audio>`: each sound a `<clipitem>` with
///   its `<file>` (audio media, 48 kHz stereo as the film's mix; a file of its own id, `sound-file-N`),
///   `<sourcetrack>` audio, and its gain as an "Audio Levels" filter (a linear level, as FCP 7 keeps it).
enum FCP7XMLWriter {
    /// The XML for `plan`, as UTF-8.
    static func document(for plan: FilmPlan) -> Data { Data(text(for: plan).utf8) }

    /// The XML for `plan`.
    static func text(for plan: FilmPlan) -> String {
        let layout = TimelineLayout(plan: plan)
        let timecode = Timecode(rate: plan.fps)
        let rate = rateElement(plan.fps)
        var track = XMLElementTree("track")
        var files: [String: String] = [:]
        for (index, shot) in layout.shots.enumerated() {
            track.append(item(shot, number: index + 1, plan: plan, rate: rate, files: &files))
            if case .dissolve(let frames) = shot.tail, index + 1 < layout.shots.count {
                track.append(
                    transition(start: layout.shots[index + 1].recordStart, frames: frames, rate: rate))
            }
        }
        track.append(XMLElementTree("enabled", text: "TRUE"))
        track.append(XMLElementTree("locked", text: "FALSE"))
        let format = XMLElementTree(
            "format",
            children: [
                XMLElementTree(
                    "samplecharacteristics",
                    children: [
                        rate,
                        XMLElementTree("width", text: "\(plan.size.width)"),
                        XMLElementTree("height", text: "\(plan.size.height)"),
                        XMLElementTree("anamorphic", text: "FALSE"),
                        XMLElementTree("pixelaspectratio", text: "square"),
                        XMLElementTree("fielddominance", text: "none"),
                    ])
            ])
        let sequence = XMLElementTree(
            "sequence", [("id", "sequence-1")],
            children: [
                XMLElementTree("name", text: plan.title),
                XMLElementTree("duration", text: "\(layout.totalFrames)"),
                rate,
                timecodeElement(frame: 0, rate: rate, timecode: timecode),
                XMLElementTree(
                    "media",
                    children: [XMLElementTree("video", children: [format, track])]
                        + audio(AudioLayout(plan: plan), rate: rate, timecode: timecode)),
            ])
        let root = XMLElementTree("xmeml", [("version", "4")], children: [sequence])
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE xmeml>\n" + root.rendered()
    }

    /// The `<clipitem>` (take) or `<generatoritem>` (slate) for one shot.
    private static func item(
        _ shot: TimelineLayout.Shot, number: Int, plan: FilmPlan, rate: XMLElementTree,
        files: inout [String: String]
    ) -> XMLElementTree {
        let start = shot.head.dissolveFrames > 0 ? -1 : shot.recordStart
        let end = shot.tail.dissolveFrames > 0 ? -1 : shot.recordEnd
        var children = [
            XMLElementTree("name", text: shot.name),
            XMLElementTree("enabled", text: "TRUE"),
            // The media's length as far as the plan knows it (the take reaches at least this far).
            XMLElementTree("duration", text: "\(shot.url == nil ? shot.frames : shot.sourceOut)"),
            rate,
            XMLElementTree("start", text: "\(start)"),
            XMLElementTree("end", text: "\(end)"),
            XMLElementTree("in", text: "\(shot.sourceIn)"),
            XMLElementTree("out", text: "\(shot.sourceOut)"),
        ]
        let tag: String
        if let url = shot.url {
            tag = "clipitem"
            children.append(file(url, shot: shot, plan: plan, rate: rate, files: &files))
        } else {
            tag = "generatoritem"
            children.append(effect("Slug", category: "Matte", type: "generator"))
        }
        children += notes(shot) + markers(shot)
        children += ReviewMarker.markers(of: shot, fps: plan.fps).map { note in
            XMLElementTree(
                "marker",
                children: [
                    XMLElementTree("name", text: note.name),
                    XMLElementTree(
                        "comment", text: "\(note.whenText(take: shot.segment.take)): \(note.text)"),
                    XMLElementTree("in", text: "\(note.sourceFrame)"),
                    XMLElementTree("out", text: "-1"),
                ])
        }
        return XMLElementTree(tag, [("id", "\(tag)-\(number)")], children: children)
    }

    /// The `<file>` element for a take: in full the first time, by id after that.
    private static func file(
        _ url: URL, shot: TimelineLayout.Shot, plan: FilmPlan, rate: XMLElementTree,
        files: inout [String: String]
    ) -> XMLElementTree {
        let path = MediaPath.path(of: url)
        if let id = files[path] { return XMLElementTree("file", [("id", id)]) }
        let id = "file-\(files.count + 1)"
        files[path] = id
        return XMLElementTree(
            "file", [("id", id)],
            children: [
                XMLElementTree("name", text: MediaPath.fileName(of: url)),
                XMLElementTree("pathurl", text: MediaPath.fileURL(of: url, host: "localhost")),
                rate,
                XMLElementTree("duration", text: "\(shot.sourceOut)"),
                timecodeElement(frame: 0, rate: rate, timecode: Timecode(rate: plan.fps)),
                XMLElementTree(
                    "media",
                    children: [
                        XMLElementTree(
                            "video",
                            children: [
                                XMLElementTree(
                                    "samplecharacteristics",
                                    children: [
                                        rate,
                                        XMLElementTree("width", text: "\(plan.size.width)"),
                                        XMLElementTree("height", text: "\(plan.size.height)"),
                                    ])
                            ])
                    ]),
            ])
    }

    /// The `<audio>` element: one `<track>` per audio track of the layout; none for a silent film.
    private static func audio(_ layout: AudioLayout, rate: XMLElementTree, timecode: Timecode)
        -> [XMLElementTree]
    {
        guard !layout.tracks.isEmpty else { return [] }
        var audio = XMLElementTree(
            "audio",
            children: [
                XMLElementTree("format", children: [sampleCharacteristics])
            ])
        var files: [String: String] = [:]
        var number = 0
        for clips in layout.tracks {
            var track = XMLElementTree("track")
            for clip in clips {
                number += 1
                track.append(
                    audioItem(
                        clip, id: "audio-clipitem-\(number)", rate: rate, timecode: timecode, files: &files))
            }
            track.append(XMLElementTree("enabled", text: "TRUE"))
            track.append(XMLElementTree("locked", text: "FALSE"))
            audio.append(track)
        }
        return [audio]
    }

    /// 16-bit 48 kHz: the sound the timeline and its files declare (editors conform what differs).
    private static let sampleCharacteristics = XMLElementTree(
        "samplecharacteristics",
        children: [XMLElementTree("depth", text: "16"), XMLElementTree("samplerate", text: "48000")])

    /// One sound's `<clipitem>`: its file, where it plays, its level.
    private static func audioItem(
        _ clip: AudioLayout.Clip, id: String, rate: XMLElementTree, timecode: Timecode,
        files: inout [String: String]
    ) -> XMLElementTree {
        let path = MediaPath.path(of: clip.url)
        let file: XMLElementTree
        if let known = files[path] {
            file = XMLElementTree("file", [("id", known)])
        } else {
            let fileID = "sound-file-\(files.count + 1)"
            files[path] = fileID
            file = XMLElementTree(
                "file", [("id", fileID)],
                children: [
                    XMLElementTree("name", text: MediaPath.fileName(of: clip.url)),
                    XMLElementTree("pathurl", text: MediaPath.fileURL(of: clip.url, host: "localhost")),
                    rate,
                    XMLElementTree("duration", text: "\(clip.sourceOut)"),
                    timecodeElement(frame: 0, rate: rate, timecode: timecode),
                    XMLElementTree(
                        "media",
                        children: [
                            XMLElementTree(
                                "audio",
                                children: [
                                    sampleCharacteristics,
                                    XMLElementTree("channelcount", text: "2"),
                                ])
                        ]),
                ])
        }
        let level = pow(10, clip.gain / 20)
        return XMLElementTree(
            "clipitem", [("id", id)],
            children: [
                XMLElementTree("name", text: clip.name),
                XMLElementTree("enabled", text: "TRUE"),
                XMLElementTree("duration", text: "\(clip.sourceOut)"),
                rate,
                XMLElementTree("start", text: "\(clip.recordStart)"),
                XMLElementTree("end", text: "\(clip.recordEnd)"),
                XMLElementTree("in", text: "\(clip.sourceIn)"),
                XMLElementTree("out", text: "\(clip.sourceOut)"),
                file,
                XMLElementTree(
                    "sourcetrack",
                    children: [
                        XMLElementTree("mediatype", text: "audio"), XMLElementTree("trackindex", text: "1"),
                    ]),
                XMLElementTree(
                    "filter",
                    children: [
                        XMLElementTree(
                            "effect",
                            children: [
                                XMLElementTree("name", text: "Audio Levels"),
                                XMLElementTree("effectid", text: "audiolevels"),
                                XMLElementTree("effectcategory", text: "audiolevels"),
                                XMLElementTree("effecttype", text: "audiolevels"),
                                XMLElementTree("mediatype", text: "audio"),
                                XMLElementTree(
                                    "parameter",
                                    children: [
                                        XMLElementTree("parameterid", text: "level"),
                                        XMLElementTree("name", text: "Level"),
                                        XMLElementTree("valuemin", text: "0"),
                                        XMLElementTree("valuemax", text: "3.98109"),
                                        XMLElementTree("value", text: String(format: "%.5f", level)),
                                    ]),
                            ])
                    ]),
                XMLElementTree("comments", children: [XMLElementTree("mastercomment1", text: clip.role)]),
            ])
    }

    /// A centred cross-dissolve over record frames `start ..< start + frames`.
    private static func transition(start: Int, frames: Int, rate: XMLElementTree) -> XMLElementTree {
        XMLElementTree(
            "transitionitem",
            children: [
                XMLElementTree("start", text: "\(start)"),
                XMLElementTree("end", text: "\(start + frames)"),
                XMLElementTree("alignment", text: "center"),
                rate,
                effect(
                    "Cross Dissolve", category: "Dissolve", type: "transition",
                    extra: [
                        XMLElementTree("wipecode", text: "0"),
                        XMLElementTree("wipeaccuracy", text: "100"),
                        XMLElementTree("startratio", text: "0"),
                        XMLElementTree("endratio", text: "1"),
                        XMLElementTree("reverse", text: "FALSE"),
                    ]),
            ])
    }

    /// The shot's text: `<logginginfo>` (description = prompt, scene = the shot's scene or else its id,
    /// shot/take = take, good = circled) and `<comments>` (label, prompt, seed, take and backend, then what
    /// the person wrote).
    private static func notes(_ shot: TimelineLayout.Shot) -> [XMLElementTree] {
        let segment = shot.segment
        var origin: [String] = []
        if let take = segment.take { origin.append("take \(take.rawValue)") }
        if let backend = segment.backend { origin.append("backend \(backend)") }
        if shot.url == nil { origin.append("slate (no usable take)") }
        let details = (["seed \(segment.seed)"] + origin).joined(separator: ", ")
        let written = segment.details
        var logging = [
            XMLElementTree("description", text: segment.prompt),
            XMLElementTree("scene", text: written.scene ?? segment.shot.rawValue),
            XMLElementTree("shottake", text: segment.take?.rawValue ?? ""),
            XMLElementTree("lognote", text: details),
        ]
        if written.verdict == .circled { logging.append(XMLElementTree("good", text: "TRUE")) }
        return [
            XMLElementTree("logginginfo", children: logging),
            XMLElementTree(
                "comments",
                children: [
                    XMLElementTree("mastercomment1", text: segment.label),
                    XMLElementTree("mastercomment2", text: segment.prompt),
                    XMLElementTree("mastercomment3", text: "seed \(segment.seed)"),
                    XMLElementTree("mastercomment4", text: origin.joined(separator: ", ")),
                    XMLElementTree("clipcommenta", text: script(written)),
                    XMLElementTree("clipcommentb", text: crewNotes(written)),
                ]),
        ]
    }

    /// The action and dialogue, one labelled paragraph each ("Action: …", "Dialogue: …").
    static func script(_ details: ShotDetails) -> String {
        var parts: [String] = []
        if !details.action.isEmpty { parts.append("Action: \(details.action)") }
        if !details.dialogue.isEmpty { parts.append("Dialogue: \(details.dialogue)") }
        return parts.joined(separator: "\n")
    }

    /// The crew's fields on one line, then the shot's notes and the review, one labelled paragraph each.
    static func crewNotes(_ details: ShotDetails) -> String {
        var fields: [String] = []
        if let scene = details.scene { fields.append("Scene \(scene)") }
        if let size = details.shotSize { fields.append(size.rawValue) }
        if let angle = details.angle { fields.append(angle.name) }
        if !details.lensText.isEmpty { fields.append(details.lensText) }
        if !details.movement.isEmpty { fields.append(details.movement) }
        if let location = details.location { fields.append("at \(location)") }
        if !details.people.isEmpty { fields.append("with \(details.people.joined(separator: ", "))") }
        fields.append(details.statusText)
        var parts = [fields.joined(separator: " · ")]
        if !details.notes.isEmpty { parts.append("Notes: \(details.notes)") }
        if !details.reviewText.isEmpty {
            parts.append("Review: \(details.reviewText.replacingOccurrences(of: "\n", with: "; "))")
        }
        return parts.joined(separator: "\n")
    }

    /// Markers where a fade or dip starts (source frames), since xmeml cannot carry them as transitions.
    private static func markers(_ shot: TimelineLayout.Shot) -> [XMLElementTree] {
        var markers: [XMLElementTree] = []
        if case .fade(let frames, let color) = shot.head {
            let name = color == .black ? "Fade in from black" : "Dip from white"
            markers.append(marker(name: name, frames: frames, at: shot.sourceIn))
        }
        if case .fade(let frames, let color) = shot.tail {
            let name = color == .black ? "Fade out to black" : "Dip to white"
            markers.append(marker(name: name, frames: frames, at: shot.sourceOut - frames))
        }
        return markers
    }

    private static func marker(name: String, frames: Int, at frame: Int) -> XMLElementTree {
        XMLElementTree(
            "marker",
            children: [
                XMLElementTree("name", text: name),
                XMLElementTree("comment", text: "\(frames) frames"),
                XMLElementTree("in", text: "\(frame)"),
                XMLElementTree("out", text: "-1"),
            ])
    }

    /// `<rate>`: the rounded rate as `<timebase>`, `<ntsc>TRUE` for the 1000/1001 rates.
    private static func rateElement(_ fps: FrameRate) -> XMLElementTree {
        XMLElementTree(
            "rate",
            children: [
                XMLElementTree("timebase", text: "\(Timecode(rate: fps).nominalRate)"),
                XMLElementTree("ntsc", text: fps.denominator == 1001 ? "TRUE" : "FALSE"),
            ])
    }

    private static func timecodeElement(frame: Int, rate: XMLElementTree, timecode: Timecode)
        -> XMLElementTree
    {
        XMLElementTree(
            "timecode",
            children: [
                rate,
                XMLElementTree("string", text: timecode.string(frame: frame)),
                XMLElementTree("frame", text: "\(frame)"),
                XMLElementTree("displayformat", text: timecode.dropFrame ? "DF" : "NDF"),
            ])
    }

    /// An FCP effect element: the name doubles as the id, as Final Cut Pro writes its built-in ones.
    private static func effect(
        _ name: String, category: String, type: String, extra: [XMLElementTree] = []
    ) -> XMLElementTree {
        XMLElementTree(
            "effect",
            children: [
                XMLElementTree("name", text: name), XMLElementTree("effectid", text: name),
                XMLElementTree("effectcategory", text: category), XMLElementTree("effecttype", text: type),
                XMLElementTree("mediatype", text: "video"),
            ] + extra)
    }
}
