import Foundation

/// The fields `kinora shot set` (and the studio's inspector) can change, by the names people type.
public enum ShotField: String, CaseIterable, Sendable {
    /// The crew's label.
    case label
    /// The prompt.
    case prompt
    /// The negative prompt.
    case negativePrompt = "negative-prompt"
    /// The action.
    case action
    /// The dialogue.
    case dialogue
    /// Free notes.
    case notes
    /// The scene heading it belongs to.
    case scene
    /// Shot size: ECU, CU, MCU, MS, MLS, LS, ELS; empty removes it.
    case shotSize = "size"
    /// Camera angle: eye-level, high, low, overhead, dutch; empty removes it.
    case angle
    /// Lens in millimetres; empty removes it.
    case lens
    /// The location: a cast entry's name; empty removes it.
    case location
    /// Who is in the shot: cast names separated by commas; empty goes back to the prompt's `@Name`s.
    case people
    /// to-do, in-progress or approved.
    case status
    /// What takes are made from.
    case mode
    /// The shot's source picture: imported by `kinora shot set` (`image=FILE`) and the file picker; empty
    /// removes the source (the shot becomes a slate again).
    case image
    /// The picture the take ends on: imported by `kinora shot set` and the file picker; empty removes it.
    case endImage = "end-image"
    /// `previous`: the first frame is the previous shot's last; empty stops continuing.
    case continuation = "continue"
    /// Focus point and zoom in the source, `X,Y,ZOOM`; empty goes back to automatic.
    case framing
    /// Length in seconds.
    case duration
    /// The camera move.
    case motion
    /// The camera movement in a crew's words: a built-in motion's name sets the motion; anything else
    /// ("crane up") is kept as written for the shot list; empty goes back to the motion's name.
    case movement
    /// The look.
    case style
    /// Style or denoising strength, 0–1.
    case strength
    /// The seed.
    case seed
    /// Whether the seed is locked.
    case seedLocked = "seed-locked"
    /// The shot's backend (empty: the project's default).
    case backend
    /// The transition into the next shot.
    case transition
    /// Where the chosen take starts playing, seconds.
    case trimIn = "trim-in"
    /// Where the chosen take stops playing, seconds.
    case trimOut = "trim-out"
    /// Where a video source's range starts, seconds.
    case sourceIn = "in"
    /// Where a video source's range ends, seconds.
    case sourceOut = "out"
    /// Which sound the shot plays (auto, take, clips, scratch, none).
    case sound

    /// The prefix of engine-specific parameters: `param.steps=30`.
    public static let parameterPrefix = "param."

    /// Every key people may type, for messages and completion.
    public static var allKeys: String {
        allCases.map(\.rawValue).joined(separator: ", ") + ", \(parameterPrefix)NAME"
    }

    /// Finds the field for a typed key; `_` and `-` are interchangeable and case does not matter.
    public init?(key: String) {
        let normalized = key.lowercased().replacingOccurrences(of: "_", with: "-")
        switch normalized {
        // The words crews use for the same fields.
        case "shot-size": self = .shotSize
        case "camera-movement": self = .movement
        default: self.init(rawValue: normalized)
        }
    }
}

extension Shot {
    /// Sets the field named `key` from its textual `value`, checking it against the field's rule.
    /// `param.NAME=value` sets an engine parameter; an empty value removes it.
    public mutating func set(_ key: String, to value: String) throws {
        if key.hasPrefix(ShotField.parameterPrefix) {
            let name = String(key.dropFirst(ShotField.parameterPrefix.count))
            guard !name.isEmpty,
                name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) })
            else {
                throw StoryboardError.badValue(
                    field: key, value: value, rule: "parameter names use letters, digits, _ - and .")
            }
            settings.parameters[name] = value.isEmpty ? nil : value
            return
        }
        guard let field = ShotField(key: key) else {
            throw StoryboardError.badValue(
                field: "key", value: key, rule: "the keys are \(ShotField.allKeys)")
        }
        try set(field, to: value)
    }

    /// Sets `field` from its textual `value`.
    public mutating func set(_ field: ShotField, to value: String) throws {
        func fail(_ rule: String) -> StoryboardError {
            StoryboardError.badValue(field: field.rawValue, value: value, rule: rule)
        }
        func number() throws -> Double {
            guard let number = Double(value.trimmingCharacters(in: .whitespaces)), number.isFinite else {
                throw fail("give a number")
            }
            return number
        }
        switch field {
        case .label: label = value
        case .prompt:
            redrawSeedUnlessLocked(changed: value != prompt)
            prompt = value
        case .negativePrompt:
            redrawSeedUnlessLocked(changed: value != negativePrompt)
            negativePrompt = value
        case .action: action = value
        case .dialogue: dialogue = value
        case .notes: notes = value
        case .scene:
            let heading = value.trimmingCharacters(in: .whitespacesAndNewlines)
            scene = heading.isEmpty ? nil : heading
        case .shotSize:
            if value.isEmpty {
                shotSize = nil
            } else {
                guard let parsed = ShotSize(parsing: value) else { throw fail(ShotSize.rule) }
                shotSize = parsed
            }
        case .angle:
            if value.isEmpty {
                angle = nil
            } else {
                guard let parsed = CameraAngle(parsing: value) else { throw fail(CameraAngle.rule) }
                angle = parsed
            }
        case .lens:
            let digits = value.lowercased().trimmingCharacters(in: .whitespaces)
            if digits.isEmpty {
                lens = nil
            } else {
                let number = digits.hasSuffix("mm") ? String(digits.dropLast(2)) : digits
                guard let millimetres = Int(number.trimmingCharacters(in: .whitespaces)) else {
                    throw fail("a lens is a whole number of millimetres, such as 35 or 50mm")
                }
                if let problem = Shot.lensProblem(millimetres) { throw fail(problem) }
                lens = millimetres
            }
        case .location:
            let name = value.trimmingCharacters(in: .whitespaces)
            location = name.isEmpty ? nil : String(name.drop { $0 == "@" })
        case .people:
            let names = value.split(separator: ",").map {
                String($0.trimmingCharacters(in: .whitespaces).drop { $0 == "@" })
            }.filter { !$0.isEmpty }
            people = value.trimmingCharacters(in: .whitespaces).isEmpty ? nil : names
        case .sound:
            guard let parsed = ShotSound(rawValue: value.isEmpty ? "auto" : value.lowercased()) else {
                throw fail("must be " + ShotSound.rule)
            }
            sound = parsed == .auto ? nil : parsed
        case .status:
            guard let parsed = ShotStatus(parsing: value.isEmpty ? "to-do" : value) else {
                throw fail(ShotStatus.rule)
            }
            status = parsed == .toDo ? nil : parsed
        case .mode:
            guard let parsed = ShotMode(rawValue: value.lowercased()) else {
                throw fail("the modes are " + ShotMode.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if let problem = modeProblem(parsed) { throw fail(problem) }
            mode = parsed
            if parsed != .imageToVideo, continuation != nil {
                // Only a picture can be continued from: another mode is a choice to stop continuing.
                continuation = nil
                if source?.origin != nil { source = nil }
            }
        case .image:
            guard value.isEmpty else {
                throw fail(
                    "a source picture is imported: kinora shot set DIR SHOT image=FILE, or the studio's file picker"
                )
            }
            guard continuation == nil else {
                throw fail(
                    "a continuing shot's picture is the previous shot's last frame; set continue= first")
            }
            source = nil
            endImage = nil
            if mode == .imageToVideo || mode == .videoToVideo { mode = .slate }
        case .endImage:
            guard value.isEmpty else {
                throw fail(
                    "an end picture is imported: kinora shot set DIR SHOT end-image=FILE, or the studio's file picker"
                )
            }
            endImage = nil
        case .continuation:
            switch value.lowercased() {
            case "", "none", "no", "false", "off":
                continuation = nil
                if mode == .imageToVideo, source?.origin != nil {
                    // The frame came from the previous shot; without continuing it is just a picture.
                    source?.origin = nil
                }
                if mode == .imageToVideo, source == nil {
                    // Never made from a frame: without one it is a slate again.
                    mode = .slate
                }
            case ShotContinuation.previous.rawValue:
                continuation = .previous
                mode = .imageToVideo
            default:
                throw fail("continue may be \"previous\", or empty to stop continuing")
            }
        case .framing:
            if value.isEmpty {
                framing = nil
            } else {
                guard let parsed = Framing(parsing: value) else {
                    throw fail(Framing.problem(parsing: value) ?? Framing.rule)
                }
                framing = parsed
            }
        case .duration:
            let seconds = try number()
            if let problem = Shot.durationProblem(seconds) { throw fail(problem) }
            duration = seconds
            // A length the person sets is no longer the script's estimate.
            durationEstimated = nil
        case .motion:
            guard let parsed = CameraMotion(parsing: value) else {
                throw fail("the motions are " + CameraMotion.allCases.map(\.rawValue).joined(separator: ", "))
            }
            settings.motion = parsed
            movement = nil
        case .movement:
            let words = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if let parsed = CameraMotion(parsing: words) {
                settings.motion = parsed
                movement = nil
            } else {
                movement = words.isEmpty ? nil : words
            }
        case .style:
            guard let parsed = VisualStyle(rawValue: value.lowercased()) else {
                throw fail("the styles are " + VisualStyle.allCases.map(\.rawValue).joined(separator: ", "))
            }
            settings.style = parsed
        case .strength:
            let strength = try number()
            if let problem = Shot.strengthProblem(strength) { throw fail(problem) }
            settings.strength = strength
        case .seed:
            guard let parsed = UInt64(value.trimmingCharacters(in: .whitespaces)) else {
                throw fail("a seed is a whole number from 0 to \(UInt64.max)")
            }
            seed = parsed
            // A seed typed by hand is one the person wants: keep it across prompt edits.
            seedLocked = true
        case .seedLocked:
            guard let parsed = Shot.parseBool(value) else { throw fail("give true or false") }
            seedLocked = parsed
        case .backend:
            backend = value.isEmpty ? nil : value
        case .transition:
            guard let parsed = Transition(parsing: value) else { throw fail(Transition.rule) }
            transition = parsed
        case .trimIn, .trimOut:
            try setTrim(field, value.isEmpty ? nil : number(), fail: fail)
        case .sourceIn, .sourceOut:
            guard var source, source.kind == .video else {
                throw fail("only a video source has an in/out range")
            }
            let seconds = value.isEmpty ? nil : try number()
            if field == .sourceIn { source.inPoint = seconds } else { source.outPoint = seconds }
            if let problem = ShotSource.rangeProblem(
                inPoint: source.inPoint, outPoint: source.outPoint, mediaDuration: source.mediaDuration)
            {
                throw fail(problem)
            }
            self.source = source
        }
    }

    /// Why the shot cannot be made in `mode` with its source and continuation, or `nil` when it can.
    public func modeProblem(_ mode: ShotMode) -> String? {
        let has = source.map { $0.kind == .image ? "an image source" : "a video source" } ?? "no source"
        switch (mode, source?.kind) {
        case (.imageToVideo, .image), (.videoToVideo, .video), (.slate, _), (.textToVideo, _): return nil
        // A continuing shot's source becomes the previous shot's last frame when its take is made.
        case (.imageToVideo, _) where continuation != nil: return nil
        case (.imageToVideo, _): return "image-to-video needs an image source; this shot has \(has)"
        case (.videoToVideo, _) where continuation != nil:
            return "a continuing shot starts on a picture: it is image-to-video; set continue= first"
        case (.videoToVideo, _): return "video-to-video needs a video source; this shot has \(has)"
        }
    }

    /// An unlocked seed follows the prompt: a new prompt draws a new seed, a locked one stays.
    private mutating func redrawSeedUnlessLocked(changed: Bool) {
        if changed && !seedLocked {
            seed = Seed.random()
        }
    }

    private mutating func setTrim(_ field: ShotField, _ seconds: Double?, fail: (String) -> StoryboardError)
        throws
    {
        let length = chosen?.request.duration ?? duration
        var range = trim ?? TrimRange(inPoint: 0, outPoint: length)
        if field == .trimIn { range.inPoint = seconds ?? 0 } else { range.outPoint = seconds ?? length }
        guard range.inPoint >= 0, range.outPoint > range.inPoint, range.outPoint <= length + 1e-9 else {
            throw fail("the trim must satisfy 0 ≤ in < out ≤ \(length) s")
        }
        trim = range.inPoint == 0 && range.outPoint == length ? nil : range
    }

    private static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on", "1", "locked": true
        case "false", "no", "off", "0", "unlocked": false
        default: nil
        }
    }
}
