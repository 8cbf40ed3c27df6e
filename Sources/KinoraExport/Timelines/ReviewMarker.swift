import Foundation
import KinoraCore

/// A review note of a shot's chosen take placed on the timeline, worked out once so OTIO, FCP 7 XML, MLT
/// and the EDL put it on the same frame.
///
/// A note `at` seconds into the take is on the take's frame at that time (at the film's rate); the shot
/// plays its take from ``TimelineLayout/Shot/sourceIn`` for ``TimelineLayout/Shot/frames`` frames (its
/// trim, and any frames it shares with a dissolving neighbour), so the note lands at the film frame where
/// that take frame is on screen. A note on a part of the take the film does not play, or plays under
/// half of a dissolve, goes to the nearest frame the clip has to itself; a note on the whole take (no
/// `at`) goes to the clip's first such frame.
struct ReviewMarker: Sendable, Equatable {
    /// What the reviewer wrote.
    let text: String
    /// Seconds into the take the note is about; `nil` for the whole take.
    let at: Double?
    /// The take's frame the marker is on (counted from the take's start, at the film's rate).
    let sourceFrame: Int
    /// The film frame the marker is on.
    let recordFrame: Int
    /// The marker's colour, by the take's verdict: green for a circled take, red for a rejected one,
    /// yellow otherwise (OTIO's and the EDL locators' colour names).
    let color: String

    /// The markers of `shot`'s chosen take's review notes, in the order they were written.
    static func markers(of shot: TimelineLayout.Shot, fps: FrameRate) -> [ReviewMarker] {
        let details = shot.segment.details
        let color =
            switch details.verdict {
            case .circled: "GREEN"
            case .rejected: "RED"
            case nil: "YELLOW"
            }
        // Within the frames the clip has to itself, so an editor shows the marker on the clip.
        let own = shot.ownSourceFrames
        return details.reviewNotes.map { note in
            let wanted = note.at.map { fps.frames(in: $0) } ?? own.lowerBound
            let frame = min(max(wanted, own.lowerBound), own.upperBound - 1)
            return ReviewMarker(
                text: note.text, at: note.at, sourceFrame: frame,
                recordFrame: shot.recordStart + frame - shot.sourceIn, color: color)
        }
    }

    /// The note on one line, for a marker's name: line breaks and control characters become spaces.
    var name: String {
        let words = text.unicodeScalars.map { scalar -> Unicode.Scalar in
            scalar.properties.generalCategory == .control || scalar.properties.isWhitespace ? " " : scalar
        }
        return String(String.UnicodeScalarView(words)).split(separator: " ").joined(separator: " ")
    }

    /// When the note is about in the take: "1.5 s into take t2", or "the whole take t2".
    func whenText(take: TakeID?) -> String {
        let name = take.map { "take \($0.rawValue)" } ?? "the take"
        guard let at else { return "the whole of \(name)" }
        return "\(ShotDetails.secondsText(at)) s into \(name)"
    }
}
