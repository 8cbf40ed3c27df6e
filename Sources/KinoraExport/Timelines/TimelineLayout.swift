import Foundation
import KinoraCore

/// The film's shots as the editable timeline formats lay them out: whole frames at the film's rate, each
/// shot's source in point, and how it starts and ends (cut, dissolve with a neighbour, fade from or to a
/// colour), worked out once so OTIO, EDL, FCP 7 XML and MLT agree to the frame.
///
/// Every format here can hand a shot over at most once at each end, so a shot's incoming and outgoing
/// transitions must fit inside it together. The layout shortens the outgoing one where they would not
/// (which a plan from ``FilmPlanner`` only needs with two long dissolves around a short shot): a shortened
/// fade simply ends sooner, and a shortened dissolve starts the next shot later and further into its take,
/// so every other shot and the film's length stay where the plan put them.
struct TimelineLayout: Sendable {
    /// The colour a fade or dip passes through.
    enum FadeColor: String, Sendable, Equatable {
        /// A fade (`fade:N`).
        case black
        /// A dip (`dip:N`).
        case white
    }

    /// How a shot starts or ends.
    enum Edge: Sendable, Equatable {
        /// A straight cut.
        case cut
        /// A cross-dissolve with the neighbouring shot over this many frames, which both shots share.
        case dissolve(frames: Int)
        /// A fade from or to `color` over this many of the shot's own frames.
        case fade(frames: Int, color: FadeColor)

        /// The frames the edge takes up (0 for a cut).
        var frames: Int {
            switch self {
            case .cut: 0
            case .dissolve(let frames), .fade(let frames, _): frames
            }
        }

        /// The dissolve's length, or 0 when the edge is not a dissolve.
        var dissolveFrames: Int {
            if case .dissolve(let frames) = self { return frames }
            return 0
        }
    }

    /// One shot on the timeline.
    struct Shot: Sendable, Equatable {
        /// The plan's segment, for its take, text and metadata.
        let segment: FilmSegment
        /// The film frame the shot starts at (for a dissolve in, where the dissolve starts).
        let recordStart: Int
        /// The shot's length in frames, including frames it shares with dissolving neighbours.
        let frames: Int
        /// The take's frame the shot starts at (0 for a slate).
        let sourceIn: Int
        /// How the shot starts.
        let head: Edge
        /// How the shot ends.
        let tail: Edge

        /// The film frame after the shot's last.
        var recordEnd: Int { recordStart + frames }
        /// The take's frame after the shot's last.
        var sourceOut: Int { sourceIn + frames }
        /// The take's frames the shot has to itself: a dissolve is cut in its middle, so the incoming
        /// shot's first half and the outgoing shot's second half belong to the transition (as OTIO and
        /// editors show a clip).
        var ownSourceFrames: Range<Int> {
            let start = sourceIn + TimelineLayout.inOffset(of: head.dissolveFrames)
            let end = sourceOut - TimelineLayout.outOffset(of: tail.dissolveFrames)
            return start..<max(start + 1, end)
        }
        /// The take file, or nil for a slate.
        var url: URL? { segment.takeURL }
        /// `s3 label` (or `s3`): the clip's name in every format, on one line.
        var name: String { TimelineLayout.clipName(shot: segment.shot, label: segment.label) }
    }

    /// The film's rate.
    let fps: FrameRate
    /// The shots in film order.
    let shots: [Shot]

    /// The film's length in frames (the plan's ``FilmPlan/totalFrames``).
    var totalFrames: Int { shots.last?.recordEnd ?? 0 }

    /// Lays out `plan`.
    init(plan: FilmPlan) {
        fps = plan.fps
        var shots: [Shot] = []
        var start = plan.segments.first?.recordStart ?? 0
        // Frames cut from the start of the next shot because its incoming dissolve was shortened.
        var carried = 0
        var head = Edge.cut
        for (index, segment) in plan.segments.enumerated() {
            let next = index + 1 < plan.segments.count ? plan.segments[index + 1] : nil
            let frames = max(1, segment.frames - carried)
            let sourceIn = (segment.takeURL == nil ? 0 : plan.fps.frames(in: segment.inPoint)) + carried
            let room = max(0, frames - head.frames)
            var tail = Edge.cut
            var nextHead = Edge.cut
            carried = 0
            switch segment.transitionOut {
            case .cut:
                break
            case .dissolve(let wanted):
                // A dissolve at the very end has nothing to dissolve into: the planner makes it a cut.
                guard let next else { break }
                let fitted = max(0, min(wanted, room, next.frames - 1))
                carried = wanted - fitted
                if fitted > 0 {
                    tail = .dissolve(frames: fitted)
                    nextHead = tail
                }
            case .fade, .dip:
                let color: FadeColor = if case .dip = segment.transitionOut { .white } else { .black }
                let out = min(segment.fadeOutFrames(isLast: next == nil), room)
                if out > 0 { tail = .fade(frames: out, color: color) }
                if let next {
                    let fadeIn = min(segment.fadeInFramesOfNext, next.frames)
                    if fadeIn > 0 { nextHead = .fade(frames: fadeIn, color: color) }
                }
            }
            shots.append(
                Shot(
                    segment: segment, recordStart: start, frames: frames, sourceIn: sourceIn, head: head,
                    tail: tail))
            start += frames - tail.dissolveFrames
            head = nextHead
        }
        self.shots = shots
    }

    /// `s3 label`, or `s3` for a shot without a label; line breaks and control characters in the label
    /// become spaces, since a clip's name is one line in every editor.
    static func clipName(shot: ShotID, label: String) -> String {
        let words = label.unicodeScalars.map { scalar -> Unicode.Scalar in
            scalar.properties.generalCategory == .control || scalar.properties.isWhitespace ? " " : scalar
        }
        let oneLine = String(String.UnicodeScalarView(words)).split(separator: " ").joined(separator: " ")
        return oneLine.isEmpty ? shot.rawValue : "\(shot.rawValue) \(oneLine)"
    }

    /// The part of a dissolve before its cut, taken from the incoming shot's head.
    static func inOffset(of frames: Int) -> Int { frames / 2 }

    /// The part of a dissolve after its cut, taken from the outgoing shot's tail.
    static func outOffset(of frames: Int) -> Int { frames - frames / 2 }
}
