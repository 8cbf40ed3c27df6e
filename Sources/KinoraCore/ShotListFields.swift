/// How much of the subject a shot shows, in the abbreviations crews write on shot lists.
public enum ShotSize: String, Codable, Sendable, CaseIterable {
    /// Extreme close-up: an eye, a hand.
    case extremeCloseUp = "ECU"
    /// Close-up: the face.
    case closeUp = "CU"
    /// Medium close-up: head and shoulders.
    case mediumCloseUp = "MCU"
    /// Medium shot: from the waist.
    case medium = "MS"
    /// Medium long shot: from the knees.
    case mediumLong = "MLS"
    /// Long shot: the whole figure.
    case long = "LS"
    /// Extreme long shot: the figure small in its surroundings.
    case extremeLong = "ELS"

    /// The spelled-out name, for the PDF and help.
    public var name: String {
        switch self {
        case .extremeCloseUp: "extreme close-up"
        case .closeUp: "close-up"
        case .mediumCloseUp: "medium close-up"
        case .medium: "medium shot"
        case .mediumLong: "medium long shot"
        case .long: "long shot"
        case .extremeLong: "extreme long shot"
        }
    }

    /// Reads `ECU`, `ecu`, `close-up`, `close up`, `wide` (a long shot), `extreme wide` and the like.
    public init?(parsing text: String) {
        let key = text.lowercased().replacingOccurrences(of: "_", with: " ")
            .replacingOccurrences(of: "-", with: " ").trimmingCharacters(in: .whitespaces)
        if let match = ShotSize.allCases.first(where: { $0.rawValue.lowercased() == key || $0.name == key }) {
            self = match
            return
        }
        switch key {
        case "close up", "closeup": self = .closeUp
        case "extreme close up", "xcu": self = .extremeCloseUp
        case "medium close up": self = .mediumCloseUp
        case "medium", "mid", "mid shot", "medium shot": self = .medium
        case "medium long", "medium wide", "mws", "cowboy": self = .mediumLong
        case "long", "wide", "wide shot", "ws", "full", "full shot", "fs": self = .long
        case "extreme long", "extreme wide", "ews", "xls", "xws", "establishing": self = .extremeLong
        default: return nil
        }
    }

    /// The rule for messages.
    public static let rule =
        "shot sizes are ECU, CU, MCU, MS, MLS, LS, ELS (or their names: close-up, wide, ...)"
}

/// Where the camera looks from.
public enum CameraAngle: String, Codable, Sendable, CaseIterable {
    /// Level with the subject's eyes.
    case eyeLevel = "eye-level"
    /// Above, looking down.
    case high
    /// Below, looking up.
    case low
    /// Straight down from above (bird's eye).
    case overhead
    /// Tilted horizon (Dutch angle).
    case dutch

    /// The words crews write.
    public var name: String { self == .eyeLevel ? "eye level" : rawValue }

    /// Reads `eye-level`, `eye level`, `high`, `birds-eye`, `dutch` and the like.
    public init?(parsing text: String) {
        let key = text.lowercased().replacingOccurrences(of: "_", with: "-")
            .replacingOccurrences(of: " ", with: "-").trimmingCharacters(in: .whitespaces)
        switch key {
        case "eye-level", "eye", "eyelevel", "el": self = .eyeLevel
        case "high", "high-angle": self = .high
        case "low", "low-angle": self = .low
        case "overhead", "top", "birds-eye", "bird's-eye", "top-down": self = .overhead
        case "dutch", "dutch-angle", "canted", "oblique": self = .dutch
        default: return nil
        }
    }

    /// The rule for messages.
    public static let rule = "angles are eye-level, high, low, overhead, dutch"
}

/// Where a shot is in the work.
public enum ShotStatus: String, Codable, Sendable, CaseIterable {
    /// Nothing approved yet (the default).
    case toDo = "to-do"
    /// Being worked on.
    case inProgress = "in-progress"
    /// Approved: the chosen take is the one.
    case approved

    /// The words on a shot list.
    public var name: String {
        switch self {
        case .toDo: "to do"
        case .inProgress: "in progress"
        case .approved: "approved"
        }
    }

    /// Reads `to-do`, `todo`, `in progress`, `wip`, `approved`, `done` and the like.
    public init?(parsing text: String) {
        let key = text.lowercased().replacingOccurrences(of: "_", with: "-")
            .replacingOccurrences(of: " ", with: "-").trimmingCharacters(in: .whitespaces)
        switch key {
        case "to-do", "todo": self = .toDo
        case "in-progress", "inprogress", "wip", "doing": self = .inProgress
        case "approved", "done", "ok": self = .approved
        default: return nil
        }
    }

    /// The rule for messages.
    public static let rule = "statuses are to-do, in-progress, approved"
}

extension CameraMotion {
    /// The camera movement as a shot list says it ("push in", "static").
    public var shotListName: String {
        switch self {
        case .kenBurns: "Ken Burns"
        default: rawValue.replacingOccurrences(of: "-", with: " ")
        }
    }

    /// Reads a motion as people write it: `push-in`, `push in`, `Push_In`, `Ken Burns`.
    public init?(parsing text: String) {
        let key = text.lowercased().trimmingCharacters(in: .whitespaces)
            .split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "-" }).joined(separator: "-")
        self.init(rawValue: key)
    }
}

extension Shot {
    /// The camera movement as a shot list says it: the crew's own words, else the motion's.
    public var movementText: String { movement ?? settings.motion.shotListName }

    /// The longest lens Kinora accepts, in millimetres.
    public static let maximumLens = 2000

    /// Why a lens of `millimetres` is unusable, or `nil` when it is fine.
    public static func lensProblem(_ millimetres: Int) -> String? {
        (1...maximumLens).contains(millimetres)
            ? nil : "a lens is 1 to \(maximumLens) mm (found \(millimetres))"
    }
}
