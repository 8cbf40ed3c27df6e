import KinoraCore

/// The rows of the inspector, in order: every field of a shot a person can change.
public enum InspectorField: String, CaseIterable, Sendable, Hashable {
    /// The rows, top to bottom, in the order the inspector shows them.
    case label, prompt, negativePrompt, action, dialogue, notes, scene, shotSize, angle, lens, location,
        people,
        status, mode, source, endImage, framing, duration, motion, style, strength, seed, seedLocked, backend,
        parameters, transition, trimIn, trimOut, sound, sounds

    /// The row's name on screen.
    var title: String {
        switch self {
        case .label: "Label"
        case .prompt: "Prompt"
        case .negativePrompt: "Negative"
        case .action: "Action"
        case .dialogue: "Dialogue"
        case .notes: "Notes"
        case .scene: "Scene"
        case .shotSize: "Size"
        case .angle: "Angle"
        case .lens: "Lens"
        case .location: "Location"
        case .people: "People"
        case .status: "Status"
        case .mode: "Mode"
        case .source: "Source"
        case .endImage: "End pic"
        case .framing: "Framing"
        case .duration: "Duration"
        case .motion: "Motion"
        case .style: "Style"
        case .strength: "Strength"
        case .seed: "Seed"
        case .seedLocked: "Seed lock"
        case .backend: "Backend"
        case .parameters: "Params"
        case .transition: "Transition"
        case .trimIn: "Trim in"
        case .trimOut: "Trim out"
        case .sound: "Sound"
        case .sounds: "Sounds"
        }
    }

    /// The storyboard field it edits through ``Shot/set(_:to:)-(ShotField,_)``, when it maps to one.
    var shotField: ShotField? {
        switch self {
        case .label: .label
        case .prompt: .prompt
        case .negativePrompt: .negativePrompt
        case .action: .action
        case .dialogue: .dialogue
        case .notes: .notes
        case .scene: .scene
        case .shotSize: .shotSize
        case .angle: .angle
        case .lens: .lens
        case .location: .location
        case .people: .people
        case .status: .status
        case .mode: .mode
        case .endImage: .endImage
        case .framing: .framing
        case .duration: .duration
        case .motion: .motion
        case .style: .style
        case .strength: .strength
        case .seed: .seed
        case .seedLocked: .seedLocked
        case .backend: .backend
        case .transition: .transition
        case .trimIn: .trimIn
        case .trimOut: .trimOut
        case .sound: .sound
        case .source, .parameters, .sounds: nil
        }
    }

    /// Whether Enter opens a multi-line editor (Ctrl-J starts a new line in it).
    var isMultiline: Bool { [.prompt, .negativePrompt, .action, .dialogue, .notes].contains(self) }

    /// The field's value as text, for showing and for the editor to start from.
    func value(of shot: Shot, project: Project) -> String {
        switch self {
        case .label: shot.label
        case .prompt: shot.prompt
        case .negativePrompt: shot.negativePrompt
        case .action: shot.action
        case .dialogue: shot.dialogue
        case .notes: shot.notes
        case .scene: shot.scene ?? ""
        case .shotSize: shot.shotSize?.rawValue ?? ""
        case .angle: shot.angle?.rawValue ?? ""
        case .lens: shot.lens.map { "\($0)mm" } ?? ""
        case .location: shot.location ?? ""
        case .people: shot.people?.joined(separator: ", ") ?? ""
        case .status: (shot.status ?? .toDo).rawValue
        case .mode: shot.mode.rawValue
        case .source:
            shot.source.map { "\($0.originalName) (\($0.kind.rawValue))" } ?? "none"
        case .endImage: shot.endImage?.originalName ?? ""
        case .framing: shot.framing?.text ?? ""
        case .duration: Format.seconds(shot.duration)
        case .motion: shot.settings.motion.rawValue
        case .style: shot.settings.style.rawValue
        case .strength: Format.number(shot.settings.strength)
        case .seed: String(shot.seed)
        case .seedLocked: shot.seedLocked ? "locked" : "unlocked"
        case .backend: shot.backend ?? ""
        case .parameters:
            shot.settings.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: " ")
        case .transition: shot.transition.description
        case .trimIn: shot.trim.map { Format.number($0.inPoint) } ?? ""
        case .trimOut: shot.trim.map { Format.number($0.outPoint) } ?? ""
        case .sound: (shot.sound ?? .auto).rawValue
        case .sounds:
            (shot.sounds ?? []).map { clip in
                "\(clip.number) \(clip.kind.rawValue) \(clip.file.originalName) @\(Format.seconds(clip.offset)) "
                    + "\(clip.gain > 0 ? "+" : "")\(Format.number(clip.gain))dB"
            }.joined(separator: "; ")
        }
    }
}

extension InspectorField {
    /// The focal lengths h/l steps through, in millimetres: the primes of a common set.
    static let lensSteps = [14, 18, 21, 24, 28, 35, 40, 50, 65, 85, 100, 135, 200]

    /// The focal length after `lens` going `step` along ``lensSteps`` (35 mm for a shot without one).
    static func nextLens(after lens: Int?, by step: Int) -> Int {
        guard let lens else { return 35 }
        if step > 0 { return lensSteps.first { $0 > lens } ?? max(lens, lensSteps.last ?? lens) }
        return lensSteps.last { $0 < lens } ?? min(lens, lensSteps.first ?? lens)
    }
}

/// Numbers as the studio prints them.
enum Format {
    /// `4s`, `2.5s`.
    static func seconds(_ value: Double) -> String { number(value) + "s" }

    /// At most two decimals, no trailing zeros.
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format2: rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// `1:05` for a running time.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        let minutes = whole / 60
        let rest = whole % 60
        return "\(minutes):" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}

/// Number printing that needs no formatter.
extension String {
    /// Two decimals without Foundation's formatter.
    init(format2 value: Double) {
        let hundredths = Int((abs(value) * 100).rounded())
        let fraction = hundredths % 100
        self = (value < 0 ? "-" : "") + "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
