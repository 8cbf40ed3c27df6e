extension Project {
    /// The longest shot Kinora accepts, in seconds.
    public static let maximumShotDuration: Double = 3600

    /// Every rule this storyboard breaks, each located by its JSON path; empty when it is sound.
    public func validationProblems() -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        func report(_ path: String, _ message: String) {
            problems.append(ValidationProblem(path: path, message: message))
        }
        if formatVersion < 1 {
            report("$.formatVersion", "must be 1 or more (found \(formatVersion))")
        }
        if defaultBackend.isEmpty {
            report("$.defaultBackend", "must name a backend, such as \"builtin\"")
        }
        var seenNames: [String: Int] = [:]
        for (index, entry) in cast.enumerated() {
            let path = "$.cast[\(index)]"
            if let problem = CastEntry.nameProblem(entry.name) {
                report("\(path).name", problem)
            }
            if let first = seenNames.updateValue(index, forKey: entry.name.lowercased()) {
                report(
                    "\(path).name",
                    "\"\(entry.name)\" is also the name of $.cast[\(first)]; names must be unique")
            }
            entry.voice?.validate(at: "\(path).voice", report: report)
            for (imageIndex, image) in entry.images.enumerated() {
                image.validate(at: "\(path).images[\(imageIndex)]", report: report)
                if image.kind != .image {
                    report("\(path).images[\(imageIndex)].kind", "a reference picture must be an image")
                }
            }
        }
        music?.validate(at: "$.music", report: report)
        var seenIDs = Set<ShotID>()
        for (index, shot) in shots.enumerated() {
            let path = "$.shots[\(index)]"
            if !seenIDs.insert(shot.id).inserted {
                report("\(path).id", "\(shot.id) is used by two shots; ids must be unique")
            }
            if shot.id.serial >= nextShotNumber {
                report(
                    "\(path).id",
                    "\(shot.id) is not below nextShotNumber (\(nextShotNumber)); raise nextShotNumber")
            }
            shot.validate(at: path, report: report)
        }
        return problems
    }
}

extension Shot {
    /// Reports every rule this shot breaks, with paths below `path`.
    func validate(at path: String, report: (String, String) -> Void) {
        if let problem = Shot.durationProblem(duration) {
            report("\(path).duration", problem)
        }
        if let problem = Shot.strengthProblem(settings.strength) {
            report("\(path).settings.strength", problem)
        }
        if let source {
            source.validate(at: "\(path).source", report: report)
        }
        var numbers = Set<Int>()
        for (index, clip) in (sounds ?? []).enumerated() {
            clip.validate(at: "\(path).sounds[\(index)]", report: report)
            if !numbers.insert(clip.number).inserted {
                report(
                    "\(path).sounds[\(index)].number",
                    "\(clip.number) is used by two sounds; numbers must be unique")
            }
        }
        if let problem = modeProblem(mode) {
            report("\(path).mode", problem + "; import one or set mode=slate")
        }
        if let endImage {
            endImage.validate(at: "\(path).endImage", report: report)
            if endImage.kind != .image {
                report("\(path).endImage.kind", "an end picture must be an image")
            }
        }
        if let lens, let problem = Shot.lensProblem(lens) {
            report("\(path).lens", problem)
        }
        if let framing, let problem = framing.problem {
            report("\(path).framing", problem)
        }
        if let trim {
            if !trim.inPoint.isFinite || trim.inPoint < 0 || !trim.outPoint.isFinite
                || trim.outPoint <= trim.inPoint
            {
                report(
                    "\(path).trim", "needs 0 ≤ inPoint < outPoint (found \(trim.inPoint)–\(trim.outPoint))")
            }
        }
        var seenTakes = Set<TakeID>()
        for (index, take) in takes.enumerated() {
            let takePath = "\(path).takes[\(index)]"
            if !seenTakes.insert(take.id).inserted {
                report("\(takePath).id", "\(take.id) is used by two takes of this shot")
            }
            if take.id.serial >= nextTakeNumber {
                report("\(takePath).id", "\(take.id) is not below nextTakeNumber (\(nextTakeNumber))")
            }
            if let output = take.output, !ProjectPath.isContained(output, under: "takes") {
                report(
                    "\(takePath).output",
                    "must be a path inside the project's takes/ folder (found \"\(output)\")")
            }
            if take.status == .done && take.output == nil {
                report("\(takePath).output", "a done take needs its output file")
            }
            if let source = take.request.source, !ProjectPath.isContained(source, under: "assets") {
                report("\(takePath).request.source", "must be a path inside the project's assets/ folder")
            }
            for (imageIndex, image) in (take.request.references ?? []).flatMap(\.images).enumerated()
            where !ProjectPath.isContained(image, under: "assets") {
                report(
                    "\(takePath).request.references.images[\(imageIndex)]",
                    "must be a path inside the project's assets/ folder")
            }
        }
        if let chosenTake, !seenTakes.contains(chosenTake) {
            report("\(path).chosenTake", "\(chosenTake) is not one of this shot's takes")
        }
    }

    /// Why `duration` is unusable, or `nil` when it is fine.
    public static func durationProblem(_ duration: Double) -> String? {
        guard duration.isFinite, duration > 0 else {
            return "must be more than 0 seconds (found \(duration))"
        }
        guard duration <= Project.maximumShotDuration else {
            return "must be at most \(Int(Project.maximumShotDuration)) seconds (found \(duration))"
        }
        return nil
    }

    /// Why `strength` is unusable, or `nil` when it is fine.
    public static func strengthProblem(_ strength: Double) -> String? {
        strength.isFinite && (0...1).contains(strength) ? nil : "must be between 0 and 1 (found \(strength))"
    }
}

extension ShotSource {
    /// Reports every rule this source breaks, with paths below `path`.
    func validate(at path: String, report: (String, String) -> Void) {
        if !ProjectPath.isContained(asset, under: "assets") {
            report("\(path).asset", "must be a path inside the project's assets/ folder (found \"\(asset)\")")
        }
        let isHex = sha256.count == 64 && sha256.allSatisfy { $0.isHexDigit && !$0.isUppercase }
        if !isHex {
            report("\(path).sha256", "must be 64 lowercase hex digits")
        }
        if let problem = ShotSource.rangeProblem(
            inPoint: inPoint, outPoint: outPoint, mediaDuration: mediaDuration)
        {
            report(path, problem)
        }
    }

    /// Why an in/out range is unusable for a video of `mediaDuration` seconds, or `nil` when it is fine.
    public static func rangeProblem(inPoint: Double?, outPoint: Double?, mediaDuration: Double?) -> String? {
        let start = inPoint ?? 0
        guard start.isFinite, start >= 0 else {
            return "the in point must be 0 or more seconds (found \(start))"
        }
        if let outPoint {
            guard outPoint.isFinite, outPoint > start else {
                return "the out point (\(outPoint)) must come after the in point (\(start))"
            }
        }
        if let mediaDuration {
            let end = outPoint ?? mediaDuration
            // Allow half a frame of slack: probed durations are rounded by containers.
            if start >= mediaDuration || end > mediaDuration + 0.02 {
                return "the range \(start)–\(end) s falls outside the video, which is \(mediaDuration) s long"
            }
        }
        return nil
    }
}
