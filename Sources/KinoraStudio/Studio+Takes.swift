import KinoraCore

/// Takes, A/B comparison, trimming, playback and jobs.
extension Studio {
    /// Asks for `variations` takes of the selected shot, at consecutive seeds from its own.
    mutating func generate(variations: Int) -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        if let refusal = continuityRefusal(ofShotAt: selection) {
            status = StatusMessage(text: refusal, kind: .error)
            return []
        }
        let seeds = (0..<UInt64(variations)).map { shot.seed &+ $0 }
        let seedText =
            variations == 1
            ? "seed \(shot.seed)" : "seeds \(shot.seed)–\(shot.seed &+ UInt64(variations - 1))"
        status = StatusMessage(text: "Generating \(shot.id) with \(seedText)", kind: .info)
        return [.generate(shot: shot.id, seeds: seeds)]
    }

    /// Shows the take `step` places along in the preview, from its start.
    mutating func stepTake(by step: Int) -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        guard !shot.takes.isEmpty else {
            status = StatusMessage(text: "\(shot.id) has no takes yet: n generates one", kind: .info)
            return []
        }
        let current =
            displayedTake(of: shot).flatMap { take in shot.takes.firstIndex { $0.id == take.id } } ?? 0
        let next = min(max(current + step, 0), shot.takes.count - 1)
        shownTake[shot.id] = shot.takes[next].id
        preview.time = 0
        return []
    }

    /// Makes the shown finished take the film's, clearing a trim made on the old one.
    mutating func chooseTake() -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        guard let take = finishedShownTake(of: shot, to: "chosen") else { return [] }
        guard shot.chosenTake != take.id else {
            status = StatusMessage(text: "\(take.id) is already chosen", kind: .info)
            return []
        }
        let index = selection
        // A trim belongs to the take it was made on.
        let note =
            shot.trim == nil
            ? ""
            : "; the trim was for \(shot.chosenTake?.rawValue ?? "the other take") and is cleared (u undoes)"
        return edit("Chose \(shot.id) \(take.id) (seed \(take.seed))" + note) { project in
            project.shots[index].chosenTake = take.id
            project.shots[index].trim = nil
        }
    }

    /// Starts an A/B comparison against the chosen (or another finished) take, or ends it.
    mutating func toggleCompare() -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        if preview.compareWith != nil {
            preview.compareWith = nil
            return []
        }
        let done = shot.takes.filter { $0.status == .done }
        guard done.count >= 2, let shown = displayedTake(of: shot) else {
            status = StatusMessage(text: "A/B needs two finished takes of \(shot.id)", kind: .info)
            return []
        }
        let other =
            shown.id == shot.chosenTake
            ? done.first { $0.id != shown.id } : shot.chosen ?? done.first { $0.id != shown.id }
        preview.compareWith = other?.id
        if let other {
            status = StatusMessage(
                text: "A: \(shown.id)  B: \(other.id) (B switches side by side / wipe)", kind: .info)
        }
        return []
    }

    /// Sets the chosen take's in or out point at the frame on screen.
    mutating func trim(_ field: ShotField) -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        guard let chosen = shot.chosen, displayedTake(of: shot)?.id == chosen.id else {
            status = StatusMessage(
                text: "Trim works on the chosen take: show it (c chooses the shown one)", kind: .error)
            return []
        }
        let fps = project.fps.framesPerSecond
        let seconds = (preview.time * fps).rounded(.down) / fps
        let value = field == .trimOut ? max(seconds, 1 / fps) : seconds
        let effects = setField(field, to: Format.number(min(value, chosen.request.duration)))
        if !effects.isEmpty {
            status = StatusMessage(
                text: (field == .trimIn ? "Trim in at " : "Trim out at ") + Format.seconds(value), kind: .info
            )
        }
        return effects
    }

    /// The length of what the preview shows for the selected shot, in seconds.
    var previewLength: Double {
        guard let shot = selectedShot else { return 0 }
        return displayedTake(of: shot)?.request.duration ?? shot.duration
    }

    /// Moves the preview by frames and seconds, snapped to a frame and kept inside the take.
    mutating func stepPreview(frames: Int = 0, seconds: Double = 0) -> [StudioEffect] {
        let fps = project.fps.framesPerSecond
        let step = Double(frames) / fps + seconds
        let last = max(0, previewLength - 1 / fps)
        preview.time = min(max(((preview.time + step) * fps).rounded() / fps, 0), last)
        return []
    }

    /// Moves playback on by `seconds` of wall time.
    mutating func advance(_ seconds: Double) -> [StudioEffect] {
        if var playing = animatic {
            if playing.paused { return [] }
            playing.time += seconds
            let starts = AnimaticClock(project: project)
            guard let (index, _) = starts.shot(at: playing.time) else {
                animatic = nil
                status = StatusMessage(text: "Animatic finished", kind: .info)
                return [.ticking(false)]
            }
            animatic = playing
            if index != selection {
                selection = index
                keepSelectionVisible()
            }
            return []
        }
        guard preview.playing else { return [.ticking(false)] }
        preview.time += seconds
        let length = previewLength
        if preview.time >= length {
            if preview.loop && length > 0 {
                preview.time = preview.time.truncatingRemainder(dividingBy: length)
            } else {
                preview.time = max(0, length - 1 / project.fps.framesPerSecond)
                preview.playing = false
                return [.ticking(false)]
            }
        }
        return []
    }

    /// Stops the highlighted job in the job panel; elsewhere the first one still going.
    mutating func cancelJob() -> [StudioEffect] {
        let active = jobs.indices.filter { jobs[$0].isActive }
        guard !active.isEmpty else {
            status = StatusMessage(text: "No job is running", kind: .info)
            return []
        }
        // In the job panel the highlighted job; elsewhere the first running one.
        var index = active[0]
        if focus == .jobs, jobs.indices.contains(jobSelection) {
            guard jobs[jobSelection].isActive else {
                status = StatusMessage(text: "\(jobs[jobSelection].label) has already ended", kind: .info)
                return []
            }
            index = jobSelection
        }
        status = StatusMessage(text: "Cancelling \(jobs[index].label)", kind: .info)
        return [.cancelJob(jobs[index].id)]
    }
}

/// Where each shot plays in the animatic: the chosen take's trimmed length, or the shot's duration.
struct AnimaticClock {
    /// Each shot's start and length, in film order.
    let spans: [(start: Double, length: Double)]

    /// The spans of `project`'s shots, a dissolve overlapping the shot after it.
    init(project: Project) {
        var start = 0.0
        var spans: [(Double, Double)] = []
        let fps = project.fps.framesPerSecond
        for shot in project.shots {
            let length = shot.trim?.duration ?? shot.chosen?.request.duration ?? shot.duration
            spans.append((start, length))
            // A dissolve overlaps the next shot, as in the exported film.
            let overlap =
                if case .dissolve(let frames) = shot.transition { Double(frames) / fps } else { 0.0 }
            start += max(0, length - overlap)
        }
        self.spans = spans
    }

    /// The shot playing at `time` and the seconds into it; nil past the end.
    func shot(at time: Double) -> (Int, Double)? {
        for (index, span) in spans.enumerated() where time < span.start + span.length {
            return (index, max(0, time - span.start))
        }
        return nil
    }

    /// The film's length.
    var total: Double { spans.map { $0.start + $0.length }.max() ?? 0 }
}

extension Studio {
    /// The take shown for `shot` when it is finished; otherwise `nil`, with a status saying why it cannot
    /// be `verb` ("chosen", "extended").
    mutating func finishedShownTake(of shot: Shot, to verb: String) -> Take? {
        guard let take = displayedTake(of: shot) else {
            status = StatusMessage(text: "\(shot.id) has no takes yet: n generates one", kind: .info)
            return nil
        }
        guard take.status == .done else {
            status = StatusMessage(
                text: "\(take.id) is \(take.status.rawValue); only a finished take can be \(verb)",
                kind: .error)
            return nil
        }
        return take
    }
}
