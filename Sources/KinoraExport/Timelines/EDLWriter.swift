import Foundation
import KinoraCore

/// Writes the film as a CMX3600 EDL, the edit list every editor imports, with one video track whose
/// events point at the take files by name.
///
/// - Events use reel `AX` with `* FROM CLIP NAME:` (the take file's name) and `* SOURCE FILE:` (its path):
///   the usual way to name file-based media in an EDL. Source timecode counts the take's frames from
///   00:00:00:00 at the film's rate; record timecode starts the film at 00:00:00:00.
/// - Drop-frame timecode (`FCM: DROP FRAME`, `;` before the frames) at 29.97 and 59.94; non-drop
///   otherwise (rates that are not whole numbers, such as 23.976, count frames at the rounded rate).
/// - A dissolve is the CMX3600 pair: a zero-length cut on the outgoing take where the dissolve starts,
///   then a `D nnn` event for the incoming take from that record frame.
/// - A fade through black is a dissolve to black (`BL`) and another from it, as CMX fades are written. A
///   dip through white has no EDL form: it is a cut with a `* COMMENT:` saying where the dip goes.
/// - A slate is a `BL` (black) event.
/// - `* COMMENT:` lines carry the clip's name, prompt, seed, take and backend, made one line of printable
///   ASCII (control characters become spaces, other characters `\u{XXXX}`, a backslash `\\`), and the
///   chosen take's verdict (`* COMMENT: CIRCLED TAKE` or `REJECTED TAKE`).
/// - Each review note of the chosen take is a locator after its event, `* LOC: 00:00:01:06 YELLOW text`
///   (see ``ReviewMarker``): the timecode is the note's frame in the event's source (the take's own
///   timecode, as OpenTimelineIO's CMX 3600 reader and writer place a clip's locators), the colour green
///   on a circled take, red on a rejected one, yellow otherwise.
/// - The sound follows the picture as audio events (``AudioLayout``): the first audio track's clips on
///   `AA` (the stereo pair A1/A2), further tracks on `A3`, `A4` …, each a cut event on reel `AX` with
///   `* FROM CLIP NAME:` (the name it was imported under, a scratch line's words, else the file's name), `* SOURCE FILE:` and a `* COMMENT:` with its shot, role
///   and gain (an EDL has no level).
enum EDLWriter {
    /// The EDL for `plan`, as UTF-8 (ASCII in practice).
    static func document(for plan: FilmPlan) -> Data { Data(text(for: plan).utf8) }

    /// The EDL for `plan`.
    static func text(for plan: FilmPlan) -> String {
        let layout = TimelineLayout(plan: plan)
        let timecode = Timecode(rate: plan.fps)
        let title = String(commentText(plan.title).prefix(70))
        var lines = ["TITLE: \(title.isEmpty ? "Kinora" : title)", "FCM: \(timecode.edlFrameCodeMode)", ""]
        var number = 0
        let shots = layout.shots
        for (index, shot) in shots.enumerated() {
            let head = edge(shot.head)
            let tail = edge(shot.tail)
            let length = shot.frames - tail.frames
            let main = Line(
                reel: reel(shot), sourceIn: shot.sourceIn, sourceOut: shot.sourceIn + length,
                recordIn: shot.recordStart, recordOut: shot.recordStart + length)
            number += 1
            var comments: [String] = []
            switch head {
            case .dissolve(let frames) where index > 0:
                let previous = shots[index - 1]
                let point = previous.sourceIn + previous.frames - frames
                let cut = Line(
                    reel: reel(previous), sourceIn: point, sourceOut: point, recordIn: shot.recordStart,
                    recordOut: shot.recordStart)
                lines.append(cut.text(number: number, timecode: timecode))
                lines.append(main.text(number: number, timecode: timecode, dissolve: frames))
                if let url = previous.url {
                    comments.append("* FROM CLIP NAME: \(commentText(url.lastPathComponent))")
                }
                if let url = shot.url {
                    comments.append("* TO CLIP NAME: \(commentText(url.lastPathComponent))")
                }
            case .fade(let frames, _):
                let black = Line(
                    reel: "BL", sourceIn: 0, sourceOut: 0, recordIn: shot.recordStart,
                    recordOut: shot.recordStart)
                lines.append(black.text(number: number, timecode: timecode))
                lines.append(main.text(number: number, timecode: timecode, dissolve: frames))
                if let url = shot.url {
                    comments.append("* TO CLIP NAME: \(commentText(url.lastPathComponent))")
                }
            case .cut, .dissolve:
                lines.append(main.text(number: number, timecode: timecode))
                if let url = shot.url {
                    comments.append("* FROM CLIP NAME: \(commentText(url.lastPathComponent))")
                }
            }
            lines += comments + self.comments(for: shot)
            for note in ReviewMarker.markers(of: shot, fps: plan.fps) {
                let color = note.color.padding(toLength: 7, withPad: " ", startingAt: 0)
                lines.append(
                    "* LOC: \(timecode.string(frame: note.sourceFrame)) \(color) \(commentText(note.name))")
            }
            if case .fade(let frames, _) = tail {
                number += 1
                let cut = Line(
                    reel: reel(shot), sourceIn: main.sourceOut, sourceOut: main.sourceOut,
                    recordIn: main.recordOut, recordOut: main.recordOut)
                let black = Line(
                    reel: "BL", sourceIn: 0, sourceOut: frames, recordIn: main.recordOut,
                    recordOut: main.recordOut + frames)
                lines.append(cut.text(number: number, timecode: timecode))
                lines.append(black.text(number: number, timecode: timecode, dissolve: frames))
                if let url = shot.url {
                    lines.append("* FROM CLIP NAME: \(commentText(url.lastPathComponent))")
                }
                lines.append("* COMMENT: FADE TO BLACK \(frames) FRAMES")
            }
        }
        for (track, clips) in AudioLayout(plan: plan).tracks.enumerated() {
            for clip in clips {
                number += 1
                let line = Line(
                    reel: "AX", sourceIn: clip.sourceIn, sourceOut: clip.sourceOut,
                    recordIn: clip.recordStart,
                    recordOut: clip.recordEnd, track: track == 0 ? "AA" : "A\(track + 2)")
                lines.append(line.text(number: number, timecode: timecode))
                lines.append("* FROM CLIP NAME: \(commentText(clip.label ?? clip.url.lastPathComponent))")
                lines.append("* SOURCE FILE: \(commentText(MediaPath.path(of: clip.url)))")
                let about = [
                    clip.shot?.rawValue, clip.role.uppercased(), "GAIN", String(format: "%.1f", clip.gain),
                    "DB",
                ]
                lines.append("* COMMENT: " + commentText(about.compactMap { $0 }.joined(separator: " ")))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One event line.
    private struct Line {
        let reel: String
        let sourceIn: Int
        let sourceOut: Int
        let recordIn: Int
        let recordOut: Int
        var track = "V"

        /// `001  AX       V     C        …`, or `D nnn` for a dissolve of `dissolve` frames.
        func text(number: Int, timecode: Timecode, dissolve: Int = 0) -> String {
            let event = number < 10 ? "00\(number)" : number < 100 ? "0\(number)" : "\(number)"
            let paddedReel = reel.padding(toLength: 8, withPad: " ", startingAt: 0)
            let kind: String
            if dissolve > 0 {
                let length = dissolve < 10 ? "00\(dissolve)" : dissolve < 100 ? "0\(dissolve)" : "\(dissolve)"
                kind = "D    \(length) "
            } else {
                kind = "C        "
            }
            let times = [sourceIn, sourceOut, recordIn, recordOut].map { timecode.string(frame: $0) }
            let paddedTrack = track.padding(toLength: 6, withPad: " ", startingAt: 0)
            return "\(event)  \(paddedReel) \(paddedTrack)\(kind)" + times.joined(separator: " ")
        }
    }

    /// The edge as an EDL can show it: a dip through white becomes a cut (its comment says where it goes).
    private static func edge(_ edge: TimelineLayout.Edge) -> TimelineLayout.Edge {
        if case .fade(_, .white) = edge { return .cut }
        return edge
    }

    /// `AX` for a take, `BL` for a slate.
    private static func reel(_ shot: TimelineLayout.Shot) -> String { shot.url == nil ? "BL" : "AX" }

    /// The comment lines of a shot's event: where its file is, its name, prompt, seed, take and backend,
    /// and any dip through white the EDL cannot show.
    private static func comments(for shot: TimelineLayout.Shot) -> [String] {
        let segment = shot.segment
        var lines: [String] = []
        if let url = shot.url {
            lines.append("* SOURCE FILE: \(commentText(MediaPath.path(of: url)))")
            lines.append("* COMMENT: \(commentText(shot.name))")
        } else {
            lines.append("* COMMENT: SLATE \(commentText(shot.name)) (NO USABLE TAKE)")
        }
        lines.append("* COMMENT: PROMPT: \(commentText(segment.prompt))")
        var details = "SEED \(segment.seed)"
        if let take = segment.take { details += " TAKE \(take.rawValue)" }
        if let backend = segment.backend { details += " BACKEND \(commentText(backend))" }
        lines.append("* COMMENT: \(details)")
        if let verdict = segment.details.verdict {
            lines.append("* COMMENT: \(verdict.rawValue.uppercased()) TAKE")
        }
        if case .fade(let frames, .white) = shot.head {
            lines.append("* COMMENT: DIP FROM WHITE \(frames) FRAMES AT START")
        }
        if case .fade(let frames, .white) = shot.tail {
            lines.append("* COMMENT: DIP TO WHITE \(frames) FRAMES AT END")
        }
        return lines
    }

    /// `text` as one line of printable ASCII for an EDL: line breaks, tabs and other control characters
    /// become single spaces, a backslash `\\`, and anything beyond ASCII `\u{XXXX}` (its code point in hex),
    /// so nothing is lost and no reader can be thrown by the bytes.
    static func commentText(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let piece: String
            switch scalar.value {
            case 0x5C: piece = "\\\\"
            case 0x21...0x7E: piece = String(scalar)
            case 0x00...0x20, 0x7F...0x9F: piece = " "
            default:
                piece =
                    scalar.properties.isWhitespace
                    ? " " : "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
            if piece == " " {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out += " " }
                pendingSpace = false
                out += piece
            }
        }
        return out
    }
}
