/// What distinguishes one family of serial ids from another: its letter and its name in messages.
public protocol SerialIDKind: Sendable {
    /// The letter in front of the number (`s` for shots, `t` for takes).
    static var prefix: Character { get }
    /// The thing identified, for messages ("shot", "take").
    static var noun: String { get }
}

/// The family of shot ids.
public enum ShotIDKind: SerialIDKind {
    /// Shot ids look like `s12`.
    public static let prefix: Character = "s"
    /// Shot ids name shots.
    public static let noun = "shot"
}

/// The family of take ids.
public enum TakeIDKind: SerialIDKind {
    /// Take ids look like `t3`.
    public static let prefix: Character = "t"
    /// Take ids name takes.
    public static let noun = "take"
}

/// A shot's stable identity (`s1`, `s2`, ...), assigned once from the project's counter and never reused,
/// so takes, sidecars and exported timelines keep pointing at the same shot after moves and deletions.
public typealias ShotID = SerialID<ShotIDKind>

/// A take's identity within its shot (`t1`, `t2`, ...), assigned once from the shot's counter and never
/// reused, so "take 3 of shot 5" keeps meaning the same take.
public typealias TakeID = SerialID<TakeIDKind>

/// An id made of a letter and a serial number, stored as text (`s12`).
public struct SerialID<Kind: SerialIDKind>: RawRepresentable, Codable, Sendable, Hashable, Comparable,
    CustomStringConvertible
{
    /// The textual form: the kind's letter followed by the serial number.
    public let rawValue: String

    /// Wraps an id read from a file or typed by a person; `nil` unless it is the letter and digits.
    public init?(rawValue: String) {
        guard SerialID.serial(of: rawValue) != nil else { return nil }
        self.rawValue = rawValue
    }

    /// The id for the given serial number.
    public init(serial: Int) {
        self.rawValue = "\(Kind.prefix)\(serial)"
    }

    /// The serial number inside the id.
    public var serial: Int { SerialID.serial(of: rawValue) ?? 0 }

    /// The id as shown to people.
    public var description: String { rawValue }

    /// Orders ids by serial number, so `s2` comes before `s10`.
    public static func < (lhs: SerialID, rhs: SerialID) -> Bool { lhs.serial < rhs.serial }

    /// Decodes an id, refusing anything that is not the kind's letter followed by digits.
    public init(from decoder: Decoder) throws {
        self = try TextCoding.decode(
            decoder, rule: "a \(Kind.noun) id looks like \(Kind.prefix)12", parse: SerialID.init(rawValue:))
    }

    /// Encodes the id as its string.
    public func encode(to encoder: Encoder) throws {
        try TextCoding.encode(rawValue, to: encoder)
    }

    private static func serial(of text: String) -> Int? {
        guard text.first == Kind.prefix, text.count > 1, text.count < 12 else { return nil }
        let digits = text.dropFirst()
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits), value > 0 else {
            return nil
        }
        return value
    }
}
