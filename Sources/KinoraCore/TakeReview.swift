import Foundation

/// What a person decided about a take: a keeper (circled, as on a camera report) or not.
public enum TakeVerdict: String, Codable, Sendable, CaseIterable {
    /// A keeper.
    case circled
    /// Not to be used.
    case rejected
}

/// A review note on a take, at a moment of it or on the whole take.
public struct ReviewNote: Codable, Sendable, Hashable {
    /// Seconds into the take the note is about; `nil` for the whole take.
    public var at: Double?
    /// What the reviewer says.
    public var text: String
    /// When it was written.
    public var createdAt: Date

    /// A note at `at` seconds (or on the whole take).
    public init(at: Double?, text: String, createdAt: Date) {
        self.at = at
        self.text = text
        self.createdAt = createdAt
    }
}

extension ReviewNote {
    /// Seconds with at most two decimals and no trailing zeros ("1.5", "2", "0.25"): a note's time as
    /// every list and export writes it.
    public static func secondsText(_ seconds: Double) -> String {
        var text = String(format: "%.2f", seconds)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// "1.5 s", or `nil` for a note on the whole take.
    public var timeText: String? { at.map { "\(Self.secondsText($0)) s" } }
}

/// A person's review of a take: the verdict and the notes. It is the person's, not the take ledger's:
/// merging the ledger's take records keeps the person's review (``Project/mergingTakes(from:)``).
public struct TakeReview: Codable, Sendable, Hashable {
    /// Circled, rejected, or neither.
    public var verdict: TakeVerdict?
    /// Notes in the order they were written.
    public var notes: [ReviewNote]

    /// A review with the given verdict and notes.
    public init(verdict: TakeVerdict? = nil, notes: [ReviewNote] = []) {
        self.verdict = verdict
        self.notes = notes
    }

    /// Whether it says nothing (stored as no review at all).
    public var isEmpty: Bool { verdict == nil && notes.isEmpty }
}

extension Take {
    /// The take's verdict, if any.
    public var verdict: TakeVerdict? { review?.verdict }

    /// The take's review notes, oldest first.
    public var reviewNotes: [ReviewNote] { review?.notes ?? [] }

    /// Adds a note; `at` is clamped to the take.
    public mutating func addNote(_ text: String, at seconds: Double?, now: Date) {
        var updated = review ?? TakeReview()
        let clamped = seconds.map { min(max(0, $0), request.duration) }
        updated.notes.append(ReviewNote(at: clamped, text: text, createdAt: now))
        review = updated
    }

    /// Sets or clears the verdict.
    public mutating func setVerdict(_ verdict: TakeVerdict?) {
        var updated = review ?? TakeReview()
        updated.verdict = verdict
        review = updated.isEmpty ? nil : updated
    }
}
