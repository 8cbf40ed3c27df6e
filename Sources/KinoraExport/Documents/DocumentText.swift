import Foundation
import KinoraCore

extension FilmPlan {
    /// A shot's length in seconds with one decimal ("4.0"), so the shot list and the contact sheet
    /// agree with each other whatever the frame rate.
    func secondsText(of segment: FilmSegment) -> String {
        String(format: "%.1f", seconds(segment.frames))
    }

    /// The title documents show: the film's, or "Untitled" when it has none.
    var documentTitle: String {
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        return title.isEmpty ? "Untitled" : title
    }
}

extension FilmSegment {
    /// What documents show in the take column: the take's id, or "slate" when a slate stands in.
    var takeText: String { take?.rawValue ?? "slate" }
}
