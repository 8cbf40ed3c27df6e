/// Reconciling a person's edits with the take records the generation jobs save. The rule: takes (their
/// statuses, outputs and new takes) are the ledger's; everything a person edits is the person's.
extension Project {
    /// This storyboard with the take records of `saved` (the file, which the take ledger keeps
    /// current): statuses, outputs and new takes come from `saved`; every field a person edits stays as
    /// it is here, and takes only this copy knows are kept.
    public func mergingTakes(from saved: Project) -> Project {
        var merged = self
        let savedShots = Dictionary(saved.shots.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for index in merged.shots.indices {
            guard let disk = savedShots[merged.shots[index].id] else { continue }
            // Reviews are the person's: a take the ledger saved keeps the review this copy has.
            let reviews = Dictionary(
                merged.shots[index].takes.map { ($0.id, $0.review) }, uniquingKeysWith: { first, _ in first })
            var takes = disk.takes.map { take in
                var take = take
                if let review = reviews[take.id] { take.review = review }
                return take
            }
            for take in merged.shots[index].takes where !takes.contains(where: { $0.id == take.id }) {
                takes.append(take)
            }
            takes.sort { $0.id.serial < $1.id.serial }
            merged.shots[index].takes = takes
            merged.shots[index].nextTakeNumber = max(merged.shots[index].nextTakeNumber, disk.nextTakeNumber)
            if merged.shots[index].chosenTake == nil { merged.shots[index].chosenTake = disk.chosenTake }
            // A continuing shot's first frame is taken by the planner when a take is made, not by the
            // person: the file's is the newest.
            if merged.shots[index].continuation != nil, let frame = disk.source, frame.origin != nil {
                merged.shots[index].source = frame
            }
        }
        merged.nextShotNumber = max(merged.nextShotNumber, saved.nextShotNumber)
        return merged
    }

    /// Records one take's change: the take replaces its earlier record (or joins the shot, in id
    /// order), the shot's take numbering moves past it, and a take the ledger chose becomes the chosen
    /// take unless the person chose one already. A change for a shot that is gone is ignored.
    public mutating func apply(_ change: TakeChange) {
        guard let shotIndex = shots.firstIndex(where: { $0.id == change.shot }) else { return }
        var shot = shots[shotIndex]
        if let takeIndex = shot.takes.firstIndex(where: { $0.id == change.take.id }) {
            // The ledger reports the take's record; the person's review of it stays as it is here.
            let review = shot.takes[takeIndex].review
            shot.takes[takeIndex] = change.take
            shot.takes[takeIndex].review = review
        } else {
            let position =
                shot.takes.firstIndex { $0.id.serial > change.take.id.serial } ?? shot.takes.endIndex
            shot.takes.insert(change.take, at: position)
        }
        shot.nextTakeNumber = max(shot.nextTakeNumber, change.take.id.serial + 1)
        if change.chosen && shot.chosenTake == nil { shot.chosenTake = change.take.id }
        shots[shotIndex] = shot
    }

    /// Marks takes recorded as queued or running as interrupted: called when no process is making them
    /// (the project's lock is free, or held by the caller, which has not started them). A take with a
    /// ``Take/remoteJob`` keeps it, to be collected (``takesToCollect``). Returns how many.
    @discardableResult
    public mutating func markLeftoversInterrupted() -> Int {
        var marked = 0
        for shotIndex in shots.indices {
            for takeIndex in shots[shotIndex].takes.indices
            where [.queued, .running].contains(shots[shotIndex].takes[takeIndex].status) {
                shots[shotIndex].takes[takeIndex].status = .interrupted
                let remote = shots[shotIndex].takes[takeIndex].remoteJob
                shots[shotIndex].takes[takeIndex].error =
                    remote.map {
                        "Kinora stopped while this take's job ran on \(TerminalText.sanitized($0.endpoint)); "
                            + "opening the project for generation (kinora gen, the studio) collects it from there"
                    } ?? "Kinora stopped before this take finished"
                marked += 1
            }
        }
        return marked
    }

    /// What changed in the takes between `before` and this storyboard: each take that is new or whose
    /// record differs, in shot order (the ledger reports these after every save).
    public func takeChanges(since before: Project) -> [TakeChange] {
        let earlier = Dictionary(before.shots.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [TakeChange] = []
        for shot in shots {
            let old = earlier[shot.id]
            let newlyChosen = shot.chosenTake != nil && old?.chosenTake != shot.chosenTake
            for take in shot.takes {
                let previous = old?.takes.first { $0.id == take.id }
                let chosen = newlyChosen && shot.chosenTake == take.id
                if previous != take || chosen {
                    changes.append(TakeChange(shot: shot.id, take: take, chosen: chosen))
                }
            }
        }
        return changes
    }
}

extension Project {
    /// Interrupted takes whose job was handed to a remote engine: the job may still be running, or be
    /// finished, on that server; opening the project for generation collects them.
    public var takesToCollect: [(shot: ShotID, take: TakeID)] {
        shots.flatMap { shot in
            shot.takes.filter { $0.status == .interrupted && $0.remoteJob != nil }.map { (shot.id, $0.id) }
        }
    }
}
