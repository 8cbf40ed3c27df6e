import KinoraCore

/// How a shot's place in a chain of continuing shots reads in `shot list` and `takes`.
enum ContinuityText {
    /// The short mark for the storyboard table: empty for a shot that continues nothing.
    static func mark(_ state: ContinuityState, previous: ShotID?) -> String {
        switch state {
        case .independent: ""
        case .noPreviousShot: "first: nothing to continue"
        case .waiting(let shot): "waiting for \(shot)"
        case .current: "from \(previous?.rawValue ?? "?")"
        case .stale: "STALE from \(previous?.rawValue ?? "?")"
        }
    }

    /// A sentence for `takes`, or `nil` for a shot that continues nothing.
    static func sentence(_ state: ContinuityState, shot: ShotID, dir: String) -> String? {
        switch state {
        case .independent:
            return nil
        case .noPreviousShot:
            return "\(shot) continues the previous shot but is first: move it, or `kinora shot set \(dir) "
                + "\(shot) continue=`."
        case .waiting(let previous):
            return
                "\(shot) continues \(previous), which has no finished chosen take yet: make \(previous) first."
        case .current(let frame):
            return "\(shot) continues \(frame.summary)."
        case .stale(let expected, let used) where used.map({ $0.showsSamePicture(as: expected) }) == true:
            return
                "\(shot) is STALE: the shot before it is stale, so the frame it starts on changes when that "
                + "one is remade. `kinora gen \(dir) --stale` remakes them in order."
        case .stale(let expected, let used):
            return
                "\(shot) is STALE: its chosen take starts on \(used?.summary ?? "another picture"), but the "
                + "previous shot now ends on \(expected.summary). `kinora gen \(dir) --stale` remakes it."
        }
    }
}
