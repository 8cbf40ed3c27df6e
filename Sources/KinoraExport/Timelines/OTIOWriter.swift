import Foundation
import KinoraCore

/// Writes the film as OpenTimelineIO JSON (`.otio`): one video track of clips pointing at the take files,
/// so the cut opens in any OTIO-aware editor and can be converted onward with OTIO's adapters.
///
/// - Clips are `Clip.2` with an `ExternalReference.1` to the take (`target_url` a `file://` URL); a shot
///   without a usable take is a clip with a `MissingReference.1` (so it keeps its name, length and metadata,
///   and shows as offline media an editor can relink) and `kinora.slate` set.
/// - A dissolve is a `Transition.1` (`SMPTE_Dissolve`) centred on the cut: OTIO clips are laid end to end
///   and a transition borrows its frames from their handles, so each clip's `source_range` stops short of
///   the frames the dissolve shares (its `visible_range` is the whole shot) and the track lasts exactly as
///   long as the film.
/// - OTIO has no fade: fades and dips are `kinora.fade_in` / `kinora.fade_out` metadata (frames, colour).
/// - Every clip carries `kinora` metadata: shot, label, prompt, seed (a decimal string: OTIO keeps only
///   signed 64-bit integers), take, backend and the plan's outgoing transition; and what the person wrote:
///   scene, size, angle, lens, movement, location, people, status, action, dialogue, notes, the chosen
///   take's verdict and its review notes (`{at, text}`).
/// - Each review note is a `Marker.2` on its clip (see ``ReviewMarker``): `marked_range` is in the clip's
///   own time, the media time its `source_range` is in (as OTIO defines an item's markers), with no length;
///   the name is the note on one line, the comment the note in full; green on a circled take, red on a
///   rejected one, yellow otherwise.
/// - The sound is on audio tracks (`kind` `Audio`, A1, A2 …, see ``AudioLayout``): a clip per placed sound
///   (the take's own, clips, scratch lines from `cache/voices`) and one for the music, each an
///   `ExternalReference.1` to its file with `Gap.1`s between, and `kinora` metadata: role, shot and
///   `gain_db`.
enum OTIOWriter {
    /// The OTIO JSON for `plan`, as UTF-8.
    static func document(for plan: FilmPlan) -> Data {
        Data(json(for: plan).text().appending("\n").utf8)
    }

    /// The timeline as a JSON value.
    static func json(for plan: FilmPlan) -> JSONValue {
        let layout = TimelineLayout(plan: plan)
        let rate = plan.fps.framesPerSecond
        var items: [JSONValue] = []
        for shot in layout.shots {
            items.append(clip(shot, rate: rate, markers: ReviewMarker.markers(of: shot, fps: plan.fps)))
            if case .dissolve(let frames) = shot.tail {
                items.append(transition(frames: frames, rate: rate))
            }
        }
        let track: JSONValue = .object([
            ("OTIO_SCHEMA", .string("Track.1")),
            ("metadata", .object([])),
            ("name", .string("V1")),
            ("source_range", .null),
            ("effects", .array([])),
            ("markers", .array([])),
            ("enabled", .bool(true)),
            ("children", .array(items)),
            ("kind", .string("Video")),
        ])
        let stack: JSONValue = .object([
            ("OTIO_SCHEMA", .string("Stack.1")),
            ("metadata", .object([])),
            ("name", .string("tracks")),
            ("source_range", .null),
            ("effects", .array([])),
            ("markers", .array([])),
            ("enabled", .bool(true)),
            ("children", .array([track] + audioTracks(AudioLayout(plan: plan), rate: rate))),
        ])
        let film: JSONValue = .object([
            ("title", .string(plan.title)),
            ("fps", .string(plan.fps.description)),
            ("size", .string(plan.size.description)),
            ("frames", .int(layout.totalFrames)),
            ("warnings", .array(plan.warnings.map { .string($0) })),
        ])
        return .object([
            ("OTIO_SCHEMA", .string("Timeline.1")),
            ("metadata", .object([("kinora", film)])),
            ("name", .string(plan.title)),
            ("global_start_time", time(0, rate: rate)),
            ("tracks", stack),
        ])
    }

    /// The clip for one shot: its visible part between the halves of any dissolves at its ends.
    private static func clip(_ shot: TimelineLayout.Shot, rate: Double, markers: [ReviewMarker]) -> JSONValue
    {
        let own = shot.ownSourceFrames
        let range = timeRange(start: own.lowerBound, duration: own.count, rate: rate)
        let reference: JSONValue
        if let url = shot.url {
            reference = .object([
                ("OTIO_SCHEMA", .string("ExternalReference.1")),
                ("metadata", .object([])),
                ("name", .string(MediaPath.fileName(of: url))),
                // The plan knows the take reaches at least this far; editors read the file's real length.
                ("available_range", timeRange(start: 0, duration: shot.sourceOut, rate: rate)),
                ("target_url", .string(MediaPath.fileURL(of: url))),
            ])
        } else {
            reference = .object([
                ("OTIO_SCHEMA", .string("MissingReference.1")),
                ("metadata", .object([])),
                ("name", .string(shot.name)),
                ("available_range", .null),
            ])
        }
        return .object([
            ("OTIO_SCHEMA", .string("Clip.2")),
            ("metadata", .object([("kinora", metadata(shot))])),
            ("name", .string(shot.name)),
            ("source_range", range),
            ("effects", .array([])),
            ("markers", .array(markers.map { marker($0, take: shot.segment.take, rate: rate) })),
            ("enabled", .bool(true)),
            ("media_references", .object([("DEFAULT_MEDIA", reference)])),
            ("active_media_reference_key", .string("DEFAULT_MEDIA")),
        ])
    }

    /// The audio tracks: each sound a clip at its film frame, gaps between.
    private static func audioTracks(_ layout: AudioLayout, rate: Double) -> [JSONValue] {
        layout.tracks.enumerated().map { number, clips in
            var children: [JSONValue] = []
            var at = 0
            for clip in clips {
                if clip.recordStart > at {
                    children.append(
                        .object([
                            ("OTIO_SCHEMA", .string("Gap.1")),
                            ("metadata", .object([])),
                            ("name", .string("")),
                            (
                                "source_range",
                                timeRange(start: 0, duration: clip.recordStart - at, rate: rate)
                            ),
                            ("effects", .array([])),
                            ("markers", .array([])),
                            ("enabled", .bool(true)),
                        ]))
                }
                children.append(audioClip(clip, rate: rate))
                at = clip.recordEnd
            }
            return .object([
                ("OTIO_SCHEMA", .string("Track.1")),
                ("metadata", .object([])),
                ("name", .string("A\(number + 1)")),
                ("source_range", .null),
                ("effects", .array([])),
                ("markers", .array([])),
                ("enabled", .bool(true)),
                ("children", .array(children)),
                ("kind", .string("Audio")),
            ])
        }
    }

    /// One sound's clip, pointing at its file.
    private static func audioClip(_ clip: AudioLayout.Clip, rate: Double) -> JSONValue {
        let reference: JSONValue = .object([
            ("OTIO_SCHEMA", .string("ExternalReference.1")),
            ("metadata", .object([])),
            ("name", .string(MediaPath.fileName(of: clip.url))),
            ("available_range", timeRange(start: 0, duration: clip.sourceOut, rate: rate)),
            ("target_url", .string(MediaPath.fileURL(of: clip.url))),
        ])
        let metadata: JSONValue = .object([
            ("role", .string(clip.role)),
            ("shot", clip.shot.map { JSONValue.string($0.rawValue) } ?? .null),
            ("gain_db", .double(clip.gain)),
        ])
        return .object([
            ("OTIO_SCHEMA", .string("Clip.2")),
            ("metadata", .object([("kinora", metadata)])),
            ("name", .string(clip.name)),
            ("source_range", timeRange(start: clip.sourceIn, duration: clip.frames, rate: rate)),
            ("effects", .array([])),
            ("markers", .array([])),
            ("enabled", .bool(true)),
            ("media_references", .object([("DEFAULT_MEDIA", reference)])),
            ("active_media_reference_key", .string("DEFAULT_MEDIA")),
        ])
    }

    /// A review note's marker: a point at its take frame, in the clip's media time.
    private static func marker(_ marker: ReviewMarker, take: TakeID?, rate: Double) -> JSONValue {
        .object([
            ("OTIO_SCHEMA", .string("Marker.2")),
            ("metadata", .object([("kinora", .object([("at", marker.at.map { .double($0) } ?? .null)]))])),
            ("name", .string(marker.name)),
            ("color", .string(marker.color)),
            ("marked_range", timeRange(start: marker.sourceFrame, duration: 0, rate: rate)),
            ("comment", .string("\(marker.whenText(take: take)): \(marker.text)")),
        ])
    }

    /// A cross-dissolve of `frames` frames centred on the cut.
    private static func transition(frames: Int, rate: Double) -> JSONValue {
        .object([
            ("OTIO_SCHEMA", .string("Transition.1")),
            ("metadata", .object([("kinora", .object([("frames", .int(frames))]))])),
            ("name", .string("Dissolve")),
            ("in_offset", time(TimelineLayout.inOffset(of: frames), rate: rate)),
            ("out_offset", time(TimelineLayout.outOffset(of: frames), rate: rate)),
            ("transition_type", .string("SMPTE_Dissolve")),
        ])
    }

    /// The `kinora` metadata of a clip.
    private static func metadata(_ shot: TimelineLayout.Shot) -> JSONValue {
        let segment = shot.segment
        var members: [(String, JSONValue)] = [
            ("shot", .string(segment.shot.rawValue)),
            ("label", .string(segment.label)),
            ("prompt", .string(segment.prompt)),
            ("seed", .string(String(segment.seed))),
            ("take", segment.take.map { .string($0.rawValue) } ?? .null),
            ("backend", segment.backend.map { .string($0) } ?? .null),
            ("slate", .bool(shot.url == nil)),
            ("transition_out", .string(segment.transitionOut.description)),
        ]
        let details = segment.details
        let optional = { (value: String?) -> JSONValue in value.map { .string($0) } ?? .null }
        members += [
            ("scene", optional(details.scene)),
            ("size", optional(details.shotSize?.rawValue)),
            ("angle", optional(details.angle?.rawValue)),
            ("lens", details.lens.map { .int($0) } ?? .null),
            ("movement", .string(details.movement)),
            ("location", optional(details.location)),
            ("people", .array(details.people.map { .string($0) })),
            ("status", .string((details.status ?? .toDo).rawValue)),
            ("action", .string(details.action)),
            ("dialogue", .string(details.dialogue)),
            ("notes", .string(details.notes)),
            ("verdict", optional(details.verdict?.rawValue)),
            (
                "review_notes",
                .array(
                    details.reviewNotes.map {
                        .object([("at", $0.at.map { .double($0) } ?? .null), ("text", .string($0.text))])
                    })
            ),
        ]
        if case .fade(let frames, let color) = shot.head {
            members.append(("fade_in", fade(frames: frames, color: color)))
        }
        if case .fade(let frames, let color) = shot.tail {
            members.append(("fade_out", fade(frames: frames, color: color)))
        }
        return .object(members)
    }

    private static func fade(frames: Int, color: TimelineLayout.FadeColor) -> JSONValue {
        .object([("frames", .int(frames)), ("color", .string(color.rawValue))])
    }

    private static func time(_ value: Int, rate: Double) -> JSONValue {
        .object([
            ("OTIO_SCHEMA", .string("RationalTime.1")),
            ("rate", .double(rate)),
            ("value", .double(Double(value))),
        ])
    }

    private static func timeRange(start: Int, duration: Int, rate: Double) -> JSONValue {
        .object([
            ("OTIO_SCHEMA", .string("TimeRange.1")),
            ("duration", time(duration, rate: rate)),
            ("start_time", time(start, rate: rate)),
        ])
    }
}
