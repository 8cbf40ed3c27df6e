import Foundation
import KinoraCore

/// Writes the film as MLT XML, the project format of Shotcut (and the engine under Kdenlive), which
/// `melt` renders: one video track whose length is exactly the film's.
///
/// - A `<profile>` with the film's size and exact rate; a `<producer>` (`avformat`) per take with the take
///   file's path as `resource`; a playlist of `<entry producer in out>` in film order. MLT's `out` is the
///   last frame, not the one after it.
/// - A slate is a black `color` producer named after the shot.
/// - A dissolve is what Shotcut writes: the shared frames leave both clips' entries and become a small
///   `<tractor>` with the outgoing take's tail and the incoming take's head on two tracks, joined by `luma`
///   (picture) and `mix` (sound) transitions.
/// - A fade or dip is the same, with a black or white `color` producer in place of the neighbouring take:
///   a dissolve to the colour at the end of the shot and from it at the start of the next.
/// - Producers carry the clip's name (`shotcut:caption`, `kdenlive:clipname`) and `kinora:` properties with
///   the shot, label, prompt, seed, take and backend, and what the person wrote: scene, size, angle, lens,
///   movement, location, people, status, action, dialogue, notes, the chosen take's verdict and review.
/// - Review notes are Shotcut's timeline markers (`shotcut:markers` on the main tractor: `text`, `start`
///   and `end` as clock times, `color` as `#RRGGBB`), at the film time of each note (see ``ReviewMarker``).
///   Shotcut's, not Kdenlive's guides, because this file is a Shotcut project (its transitions and
///   captions are Shotcut's); Kdenlive keeps its guides in its own document properties, which a plain MLT
///   file it imports does not carry.
/// - A black background track under the video track, as Shotcut projects have.
/// - The sound is on audio tracks (``AudioLayout``; Shotcut's `shotcut:audio` playlists A1, A2 …, the
///   video track's own sound hidden, since the take's sound is one of the audio clips when it plays):
///   each sound an `avformat` producer of its file (video off), placed with `<blank>`s, its gain a
///   `volume` filter (`level` in dB) on its entry; a `mix` transition sums each track into the film.
enum MLTWriter {
    /// The MLT XML for `plan`, as UTF-8.
    static func document(for plan: FilmPlan) -> Data { Data(text(for: plan).utf8) }

    /// The MLT XML for `plan`.
    static func text(for plan: FilmPlan) -> String {
        let layout = TimelineLayout(plan: plan)
        let total = max(1, layout.totalFrames)
        var elements: [XMLElementTree] = [profile(plan)]
        elements.append(colorProducer(id: "background-black", color: .black, length: total))
        elements.append(
            XMLElementTree(
                "playlist", [("id", "background")],
                children: [
                    XMLElementTree(
                        "entry", [("producer", "background-black"), ("in", "0"), ("out", "\(total - 1)")])
                ]))
        let producers = layout.shots.enumerated().map { "shot\($0.offset + 1)" }
        for (index, shot) in layout.shots.enumerated() {
            elements.append(producer(shot, id: producers[index]))
        }
        let colors = Set(
            layout.shots.flatMap { [$0.head, $0.tail] }.compactMap { edge -> TimelineLayout.FadeColor? in
                if case .fade(_, let color) = edge { return color }
                return nil
            })
        for color in [TimelineLayout.FadeColor.black, .white] where colors.contains(color) {
            elements.append(colorProducer(id: "fade-\(color.rawValue)", color: color, length: total))
        }
        var playlist = XMLElementTree(
            "playlist", [("id", "video")],
            children: [property("shotcut:video", "1"), property("shotcut:name", "V1")])
        var transitions = 0
        for (index, shot) in layout.shots.enumerated() {
            let id = producers[index]
            if case .fade(let frames, let color) = shot.head {
                transitions += 1
                elements.append(
                    mixTractor(
                        id: "transition\(transitions)", frames: frames,
                        from: ("fade-\(color.rawValue)", 0), to: (id, shot.sourceIn)))
                playlist.append(
                    XMLElementTree(
                        "entry",
                        [("producer", "transition\(transitions)"), ("in", "0"), ("out", "\(frames - 1)")]))
            }
            let first = shot.sourceIn + shot.head.frames
            let last = shot.sourceOut - shot.tail.frames - 1
            if last >= first {
                playlist.append(
                    XMLElementTree("entry", [("producer", id), ("in", "\(first)"), ("out", "\(last)")]))
            }
            var tractor: XMLElementTree?
            switch shot.tail {
            case .cut:
                break
            case .dissolve(let frames):
                guard index + 1 < layout.shots.count else { break }
                let next = layout.shots[index + 1]
                tractor = mixTractor(
                    id: "transition\(transitions + 1)", frames: frames, from: (id, shot.sourceOut - frames),
                    to: (producers[index + 1], next.sourceIn))
            case .fade(let frames, let color):
                tractor = mixTractor(
                    id: "transition\(transitions + 1)", frames: frames, from: (id, shot.sourceOut - frames),
                    to: ("fade-\(color.rawValue)", 0))
            }
            if let tractor {
                transitions += 1
                elements.append(tractor)
                playlist.append(
                    XMLElementTree(
                        "entry",
                        [
                            ("producer", "transition\(transitions)"), ("in", "0"),
                            ("out", "\(shot.tail.frames - 1)"),
                        ]))
            }
        }
        elements.append(playlist)
        let audio = AudioLayout(plan: plan)
        var sound = 0
        for (number, clips) in audio.tracks.enumerated() {
            var track = XMLElementTree(
                "playlist", [("id", "audio\(number + 1)")],
                children: [property("shotcut:audio", "1"), property("shotcut:name", "A\(number + 1)")])
            var at = 0
            for clip in clips {
                sound += 1
                elements.append(audioProducer(clip, id: "sound\(sound)"))
                if clip.recordStart > at {
                    track.append(XMLElementTree("blank", [("length", "\(clip.recordStart - at)")]))
                }
                var entry = XMLElementTree(
                    "entry",
                    [
                        ("producer", "sound\(sound)"), ("in", "\(clip.sourceIn)"),
                        ("out", "\(clip.sourceOut - 1)"),
                    ])
                if clip.gain != 0 {
                    entry.append(
                        XMLElementTree(
                            "filter",
                            children: [
                                property("mlt_service", "volume"),
                                property("level", String(format: "%.2f", clip.gain)),
                            ]))
                }
                track.append(entry)
                at = clip.recordEnd
            }
            elements.append(track)
        }
        let notes = layout.shots.flatMap { ReviewMarker.markers(of: $0, fps: plan.fps) }
        var main = XMLElementTree(
            "tractor",
            [
                ("id", "main"), ("title", plan.title), ("global_feed", "1"), ("in", "0"),
                ("out", "\(total - 1)"),
            ],
            children: [property("shotcut", "1")])
        if !notes.isEmpty { main.append(markers(notes, fps: plan.fps)) }
        main.append(XMLElementTree("track", [("producer", "background")]))
        main.append(
            XMLElementTree(
                "track", [("producer", "video")] + (audio.tracks.isEmpty ? [] : [("hide", "audio")])))
        for number in audio.tracks.indices {
            main.append(XMLElementTree("track", [("producer", "audio\(number + 1)"), ("hide", "video")]))
        }
        for track in 1...(1 + audio.tracks.count) {
            main.append(
                XMLElementTree(
                    "transition",
                    children: [
                        property("a_track", "0"), property("b_track", "\(track)"),
                        property("mlt_service", "mix"),
                        property("always_active", "1"), property("sum", "1"),
                    ]))
        }
        elements.append(main)
        let root = XMLElementTree(
            "mlt", [("LC_NUMERIC", "C"), ("version", "7.0.0"), ("title", plan.title)], children: elements)
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + root.rendered()
    }

    /// The film's size and exact rate, square pixels, progressive.
    private static func profile(_ plan: FilmPlan) -> XMLElementTree {
        let width = plan.size.width
        let height = plan.size.height
        let divisor = gcd(width, height)
        return XMLElementTree(
            "profile",
            [
                ("description", "Kinora \(width)x\(height) \(plan.fps) fps"),
                ("width", "\(width)"), ("height", "\(height)"), ("progressive", "1"),
                ("sample_aspect_num", "1"), ("sample_aspect_den", "1"),
                ("display_aspect_num", "\(width / divisor)"), ("display_aspect_den", "\(height / divisor)"),
                ("frame_rate_num", "\(plan.fps.numerator)"), ("frame_rate_den", "\(plan.fps.denominator)"),
                ("colorspace", "709"),
            ])
    }

    /// The producer of one shot: its take, or black for a slate, with the shot's name and metadata.
    private static func producer(_ shot: TimelineLayout.Shot, id: String) -> XMLElementTree {
        let segment = shot.segment
        var children: [XMLElementTree]
        if let url = shot.url {
            children = [property("resource", MediaPath.path(of: url)), property("mlt_service", "avformat")]
        } else {
            children = [
                property("length", "\(shot.frames)"), property("eof", "pause"),
                property("resource", colorValue(.black)), property("mlt_service", "color"),
                property("kinora:slate", "1"),
            ]
        }
        children += [
            property("shotcut:caption", shot.name),
            property("kdenlive:clipname", shot.name),
            property("kinora:shot", segment.shot.rawValue),
            property("kinora:label", segment.label),
            property("kinora:prompt", segment.prompt),
            property("kinora:seed", "\(segment.seed)"),
            property("kinora:transition_out", segment.transitionOut.description),
        ]
        if let take = segment.take { children.append(property("kinora:take", take.rawValue)) }
        if let backend = segment.backend { children.append(property("kinora:backend", backend)) }
        let details = segment.details
        let written: [(String, String)] = [
            ("scene", details.scene ?? ""), ("size", details.shotSize?.rawValue ?? ""),
            ("angle", details.angle?.rawValue ?? ""), ("lens", details.lens.map { "\($0)" } ?? ""),
            ("movement", details.movement), ("location", details.location ?? ""),
            ("people", details.people.joined(separator: ", ")), ("status", details.statusText),
            ("action", details.action), ("dialogue", details.dialogue), ("notes", details.notes),
            ("verdict", details.verdict?.rawValue ?? ""), ("review", details.reviewText),
        ]
        for (name, value) in written where !value.isEmpty {
            children.append(property("kinora:\(name)", value))
        }
        return XMLElementTree("producer", [("id", id)], children: children)
    }

    /// The producer of one sound: its file, sound only, named after the shot and role.
    private static func audioProducer(_ clip: AudioLayout.Clip, id: String) -> XMLElementTree {
        var children = [
            property("resource", MediaPath.path(of: clip.url)), property("mlt_service", "avformat"),
            property("video_index", "-1"), property("shotcut:caption", clip.name),
            property("kdenlive:clipname", clip.name), property("kinora:role", clip.role),
        ]
        if let shot = clip.shot { children.append(property("kinora:shot", shot.rawValue)) }
        return XMLElementTree("producer", [("id", id)], children: children)
    }

    /// A producer of plain `color` frames, `length` frames long.
    private static func colorProducer(id: String, color: TimelineLayout.FadeColor, length: Int)
        -> XMLElementTree
    {
        XMLElementTree(
            "producer", [("id", id), ("in", "0"), ("out", "\(length - 1)")],
            children: [
                property("length", "\(length)"), property("eof", "pause"),
                property("resource", colorValue(color)), property("mlt_service", "color"),
                property("mlt_image_format", "rgba"), property("set.test_audio", "0"),
            ])
    }

    /// A Shotcut transition: `from`'s frames dissolving into `to`'s over `frames` frames, each given as a
    /// producer and the frame it starts at.
    private static func mixTractor(
        id: String, frames: Int, from: (String, Int), to: (String, Int)
    ) -> XMLElementTree {
        XMLElementTree(
            "tractor", [("id", id), ("in", "0"), ("out", "\(frames - 1)")],
            children: [
                property("shotcut:transition", "lumaMix"),
                XMLElementTree(
                    "track", [("producer", from.0), ("in", "\(from.1)"), ("out", "\(from.1 + frames - 1)")]),
                XMLElementTree(
                    "track", [("producer", to.0), ("in", "\(to.1)"), ("out", "\(to.1 + frames - 1)")]),
                XMLElementTree(
                    "transition", [("out", "\(frames - 1)")],
                    children: [
                        property("a_track", "0"), property("b_track", "1"), property("factory", "loader"),
                        property("mlt_service", "luma"),
                    ]),
                XMLElementTree(
                    "transition", [("out", "\(frames - 1)")],
                    children: [
                        property("a_track", "0"), property("b_track", "1"), property("start", "-1"),
                        property("accepts_blanks", "1"), property("mlt_service", "mix"),
                    ]),
            ])
    }

    /// Shotcut's timeline markers, one `properties` block each, keyed 0, 1, 2 ... (as Shotcut numbers them).
    private static func markers(_ notes: [ReviewMarker], fps: FrameRate) -> XMLElementTree {
        XMLElementTree(
            "properties", [("name", "shotcut:markers")],
            children: notes.enumerated().map { index, note in
                let time = clockTime(frame: note.recordFrame, fps: fps)
                let color =
                    switch note.color {
                    case "GREEN": "#00C000"
                    case "RED": "#E00000"
                    default: "#FFD700"
                    }
                return XMLElementTree(
                    "properties", [("name", "\(index)")],
                    children: [
                        property("text", note.name), property("start", time), property("end", time),
                        property("color", color),
                    ])
            })
    }

    /// MLT's clock time of film frame `frame` ("00:00:01.250"): what Shotcut writes for a marker.
    static func clockTime(frame: Int, fps: FrameRate) -> String {
        let milliseconds = (frame * fps.denominator * 1000 * 2 + fps.numerator) / (2 * fps.numerator)
        let seconds = milliseconds / 1000
        return String(
            format: "%02d:%02d:%02d.%03d", seconds / 3600, seconds / 60 % 60, seconds % 60,
            milliseconds % 1000)
    }

    private static func property(_ name: String, _ value: String) -> XMLElementTree {
        XMLElementTree("property", [("name", name)], text: value)
    }

    /// MLT's `0xRRGGBBAA` for the colour, opaque.
    private static func colorValue(_ color: TimelineLayout.FadeColor) -> String {
        color == .black ? "0x000000ff" : "0xffffffff"
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return max(x, 1)
    }
}
