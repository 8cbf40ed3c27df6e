import KinoraCore

extension Studio {
    /// Turns `continue=previous` on or off for the selected shot; the first shot cannot continue.
    mutating func toggleContinue() -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        let index = selection
        if shot.continuation == nil && index == 0 {
            status = StatusMessage(
                text: "\(shot.id) is the first shot: there is nothing before it to continue", kind: .error)
            return []
        }
        let on = shot.continuation == nil
        let message =
            on
            ? "\(shot.id) continues \(project.shots[index - 1].id): its first frame is that shot's last (n makes it)"
            : "\(shot.id) no longer continues the previous shot"
        return edit(message) { project in
            try project.shots[index].set(.continuation, to: on ? ShotContinuation.previous.rawValue : "")
        }
    }

    /// Why the shot at `index` cannot be made yet because of what it continues, or `nil` when it can.
    func continuityRefusal(ofShotAt index: Int) -> String? {
        switch project.continuityState(ofShotAt: index) {
        case .noPreviousShot:
            let shot = project.shots[index].id
            return "\(shot) continues the previous shot but is first: move it (J) or stop continuing (w)"
        case .waiting(let previous):
            return
                "\(project.shots[index].id) waits for \(previous): make and choose a take of \(previous) first"
        case .independent, .current, .stale:
            return nil
        }
    }

    /// Asks for a take that is the shown finished take followed by the shot's length more.
    mutating func extendTake() -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        guard let take = finishedShownTake(of: shot, to: "extended") else { return [] }
        status = StatusMessage(
            text: "Extending \(shot.id) \(take.id) by \(Format.seconds(shot.duration))", kind: .info)
        return [.extend(shot: shot.id, take: take.id, seconds: shot.duration)]
    }

    /// Starts remaking the stale shots (again, when a remake is under way), first those whose previous
    /// shot is current; each new take is chosen when done, and the shots after it follow.
    mutating func remakeStale() -> [StudioEffect] {
        guard !project.shots.isEmpty else { return nothingSelected() }
        staleRemake = StaleRemake()
        let effects = continueStaleRemake()
        if staleRemake == nil {
            status = StatusMessage(
                text: "Nothing is stale: every continuing shot starts where the shot before it ends",
                kind: .info)
        } else if let remake = staleRemake {
            let names = remake.asked.sorted().map(\.rawValue).joined(separator: ", ")
            status = StatusMessage(text: "Remaking stale shots, down their chains: \(names)", kind: .info)
        }
        return effects
    }

    /// Asks for new takes of the stale shots whose previous shot is current, choosing at once a finished
    /// take that already starts on the right frame; ends the remake when nothing is left to wait for.
    mutating func continueStaleRemake() -> [StudioEffect] {
        guard var remake = staleRemake else { return [] }
        var effects: [StudioEffect] = []
        var choseExisting = true
        while choseExisting {
            choseExisting = false
            let states = project.continuityStates()
            for index in project.staleShotIndices() where index == 0 || !states[index - 1].isStale {
                let shot = project.shots[index]
                guard !remake.asked.contains(shot.id), case .stale(let expected, _) = states[index] else {
                    continue
                }
                let backend = shot.backend ?? project.defaultBackend
                // Only a take that is what generating now would make: same frame, seed and shot fields,
                // not an extension of one.
                if let made = shot.takes.first(where: { take in
                    let request = take.request
                    return take.status == .done && request.firstFrame == expected && take.seed == shot.seed
                        && request.extends == nil && request.backend == backend
                        && request.prompt == shot.prompt && request.negativePrompt == shot.negativePrompt
                        && request.duration == shot.duration && request.framing == shot.framing
                        && request.endImageHash == shot.endImage?.sha256
                        && request.settings.motion == shot.settings.motion
                        && request.settings.style == shot.settings.style
                        && request.settings.strength == shot.settings.strength
                }) {
                    effects += choose(made.id, ofShotAt: index)
                    remake.remade += 1
                    choseExisting = true
                    break
                }
                remake.asked.insert(shot.id)
                remake.before[shot.id] = Set(shot.takes.map(\.id))
                effects.append(.generate(shot: shot.id, seeds: [shot.seed]))
            }
        }
        if remake.asked.isEmpty {
            staleRemake = nil
            if remake.remade > 0 {
                status = StatusMessage(
                    text: "Remade \(remake.remade) stale shot\(remake.remade == 1 ? "" : "s")", kind: .info)
            }
        } else {
            staleRemake = remake
        }
        return effects
    }

    /// Follows a take record during a remake: the first new take of an asked shot answers it; once done
    /// it is chosen and the next shots down the chain are asked for.
    mutating func followStaleRemake(_ change: TakeChange) -> [StudioEffect] {
        guard var remake = staleRemake, remake.asked.contains(change.shot) else { return [] }
        if remake.answers[change.shot] == nil, remake.before[change.shot]?.contains(change.take.id) == false {
            remake.answers[change.shot] = change.take.id
        }
        guard remake.answers[change.shot] == change.take.id else {
            staleRemake = remake
            return []
        }
        switch change.take.status {
        case .queued, .running:
            staleRemake = remake
            return []
        case .done:
            remake.asked.remove(change.shot)
            remake.remade += 1
            staleRemake = remake
            guard let index = project.shots.firstIndex(where: { $0.id == change.shot }) else {
                return continueStaleRemake()
            }
            return choose(change.take.id, ofShotAt: index) + continueStaleRemake()
        case .failed, .cancelled, .interrupted:
            remake.asked.remove(change.shot)
            staleRemake = remake.asked.isEmpty ? nil : remake
            status = StatusMessage(
                text:
                    "Remaking \(change.shot) stopped: \(change.take.id) \(change.take.status.rawValue); the shots "
                    + "after it stay stale (R tries again)",
                kind: .error)
            return []
        }
    }

    /// Chooses `take` for the shot at `index`, clearing a trim made on the old take.
    private mutating func choose(_ take: TakeID, ofShotAt index: Int) -> [StudioEffect] {
        let shot = project.shots[index]
        guard shot.chosenTake != take else { return [] }
        return edit("Chose \(shot.id) \(take) (remade from the new frame)") { project in
            project.shots[index].chosenTake = take
            project.shots[index].trim = nil
        }
    }
}
