/// Warnings a person can read: a film of 20,000 slates says so in a few lines, not 20,000.
extension FilmPlan {
    /// The most warnings shown one by one.
    public static let warningsShown = 5

    /// The first ``warningsShown`` warnings, then one line counting the rest.
    public var warningSummary: [String] {
        guard warnings.count > Self.warningsShown else { return warnings }
        let rest = warnings.count - Self.warningsShown
        return Array(warnings.prefix(Self.warningsShown)) + [
            "… and \(rest) more like these (`kinora shot list` shows which shots have a finished take)."
        ]
    }
}
