/// Where a shot stands in a chain of continuing shots.
public enum ContinuityState: Sendable, Hashable {
    /// The shot does not continue another.
    case independent
    /// It continues the previous shot, but it is the first shot: there is nothing to continue.
    case noPreviousShot
    /// The previous shot has no chosen take yet: that one must be made (and chosen) first.
    case waiting(for: ShotID)
    /// It continues the previous shot and its first frame is the one it should be (or it has no take
    /// yet to be out of date).
    case current(FrameOrigin)
    /// Its chosen take started from another frame than the previous shot's chosen take now ends on.
    case stale(expected: FrameOrigin, used: FrameOrigin?)

    /// Whether the chosen take must be made again.
    public var isStale: Bool {
        if case .stale = self { return true }
        return false
    }
}

extension Project {
    /// The frame a take's last played frame is: the frame at its trim's out point (or its end), counting
    /// from 0 at the project's rate.
    public func lastPlayedFrame(of shot: Shot) -> FrameOrigin? {
        guard let take = shot.chosen, take.status == .done, let hash = take.outputHash else { return nil }
        // As the film plays it: the trim's out point, never past the take's own end.
        let end = min(shot.trim?.outPoint ?? take.request.duration, take.request.duration)
        let frames = max(1, take.request.fps.frames(in: end))
        return FrameOrigin(shot: shot.id, take: take.id, frame: frames - 1, takeHash: hash)
    }

    /// Where every shot stands in its chain, in storyboard order. Staleness runs down a chain: a shot that
    /// continues a stale shot is stale too, since its first frame changes once that one is made again.
    public func continuityStates() -> [ContinuityState] {
        var states: [ContinuityState] = []
        for (index, shot) in shots.enumerated() {
            guard shot.continuation == .previous else {
                states.append(.independent)
                continue
            }
            guard index > 0 else {
                states.append(.noPreviousShot)
                continue
            }
            let previous = shots[index - 1]
            guard let expected = lastPlayedFrame(of: previous) else {
                states.append(.waiting(for: previous.id))
                continue
            }
            guard let chosen = shot.chosen else {
                states.append(.current(expected))
                continue
            }
            let used = chosen.request.firstFrame
            if !(used.map { $0.showsSamePicture(as: expected) } ?? false) || states[index - 1].isStale {
                states.append(.stale(expected: expected, used: used))
            } else {
                states.append(.current(expected))
            }
        }
        return states
    }

    /// Where shot `index` stands in its chain.
    public func continuityState(ofShotAt index: Int) -> ContinuityState {
        continuityStates()[index]
    }

    /// The shots whose chosen take no longer starts where the previous shot's chosen take ends, directly
    /// or further up their chain, in storyboard order: what `gen --stale` remakes.
    public func staleShotIndices() -> [Int] {
        continuityStates().enumerated().filter { $0.element.isStale }.map(\.offset)
    }
}
