/// How the importer knows a scene again after the script is edited: by its number where the script
/// numbers scenes, else by the place its heading names (`INT. KITCHEN - NIGHT` and `INT. KITCHEN - DAY`
/// are both the kitchen), else by the heading as written. Remembers each heading's place: matching asks
/// about the same few hundred headings tens of thousands of times.
final class SceneKeys {
    private var places: [String: String] = [:]

    /// The keys a scene is listed under: its number, when it has one, and always its place, so a shot is
    /// found under whichever rule ``same(number:_:number:_:)`` applies.
    func keys(number: String?, heading: String) -> [String] {
        (number.map { ["#" + $0] } ?? []) + ["=" + place(heading)]
    }

    /// Whether two scenes are the same: by number when both have one, else by place.
    func same(number: String?, _ heading: String, number otherNumber: String?, _ otherHeading: String) -> Bool
    {
        if let number, let otherNumber { return number == otherNumber }
        return place(heading) == place(otherHeading)
    }

    /// The heading's place, upper-cased, or the heading itself when it names none.
    private func place(_ heading: String) -> String {
        if let known = places[heading] { return known }
        let place = (ScriptImporter.placeWords(of: heading) ?? heading).uppercased()
        places[heading] = place
        return place
    }
}
