import Foundation
import KinoraCore

/// The storyboard as a table, one row per shot in film order: CSV for spreadsheets and Markdown
/// for READMEs and pull requests.
public enum ShotList {
    /// The column headings, in the order of every row's cells: the crew's columns first (StudioBinder's
    /// order: scene, size, angle, lens, movement, location, people), then what happens and is said, the
    /// prompt, the person's notes, status and review, and how the take was made.
    static let headings = [
        "#", "Shot", "Scene", "Label", "Size", "Angle", "Lens", "Movement", "Location", "People",
        "Duration (s)", "Action", "Dialogue", "Prompt", "Notes", "Status", "Review", "Seed", "Take",
        "Backend",
    ]

    /// Each shot's cells, as plain text, in film order.
    static func rows(_ plan: FilmPlan) -> [[String]] {
        plan.segments.enumerated().map { index, segment in
            let details = segment.details
            return [
                "\(index + 1)", segment.shot.rawValue, details.scene ?? "", segment.label,
                details.shotSize?.rawValue ?? "", details.angle?.name ?? "", details.lensText,
                details.movement,
                details.location ?? "", details.people.joined(separator: ", "), plan.secondsText(of: segment),
                details.action, details.dialogue, segment.prompt, details.notes, details.statusText,
                details.reviewText, "\(segment.seed)", segment.takeText, segment.backend ?? "",
            ]
        }
    }

    /// The shot list as RFC 4180 CSV in UTF-8, with a byte order mark.
    ///
    /// The BOM is what makes Excel read the file as UTF-8 when it is opened by double-clicking
    /// (without it, a Chinese prompt turns into mojibake in the system code page); LibreOffice,
    /// Numbers and Google Sheets accept it too. Records end in CRLF; text that would start a
    /// formula is defused with a leading `'` (see ``csvField(_:)``).
    public static func csv(_ plan: FilmPlan) -> Data {
        var text = "\u{FEFF}"
        for record in [headings] + rows(plan) {
            text += record.map(csvField).joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }

    /// The characters that make a spreadsheet treat a cell as a formula (or, for tab and CR, that
    /// some strip before checking), after OWASP's advice on CSV injection.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// One CSV field: a `'` in front of text that could run as a formula, then quoted (quotes
    /// doubled) when it holds a comma, quote or line break.
    static func csvField(_ value: String) -> String {
        var field = value
        if let first = field.unicodeScalars.first, formulaStarts.contains(first) {
            field = "'" + field
        }
        let needsQuotes = field.unicodeScalars.contains { [",", "\"", "\n", "\r"].contains($0) }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The shot list as a Markdown document: a title line and a GitHub-flavoured pipe table.
    public static func markdown(_ plan: FilmPlan) -> Data {
        let title = markdownCell(plan.documentTitle).replacingOccurrences(of: "<br>", with: " ")
        let rule = headings.indices.map {
            ["#", "Duration (s)", "Seed"].contains(headings[$0]) ? "---:" : "---"
        }
        var lines = ["# \(title) — shot list", ""]
        for row in [headings, rule] + rows(plan).map({ $0.map(markdownCell) }) {
            lines.append("| " + row.joined(separator: " | ") + " |")
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// One table cell's text: every line break becomes `<br>`, `|` and `\` are escaped, `<` and `>`
    /// become entities (so a prompt is never taken for HTML), and control characters (and the
    /// invisible bidi overrides that reorder text) are dropped. A cast mention becomes code (`` `@Mimi` ``),
    /// so a shot list pasted into a pull request notifies no one who happens to be called Mimi.
    static func markdownCell(_ value: String) -> String {
        var cell = ""
        var previous: Unicode.Scalar?
        for scalar in value.unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            // CRLF is one break: its LF follows a CR that already made one.
            case "\n" where previous == "\r": continue
            case "\n", "\r", "\u{2028}", "\u{2029}", "\u{85}": cell += "<br>"
            case "\t": cell += " "
            case "|": cell += "\\|"
            case "\\": cell += "\\\\"
            case "<": cell += "&lt;"
            case ">": cell += "&gt;"
            case "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}": continue
            default:
                if scalar.properties.generalCategory == .control { continue }
                cell.unicodeScalars.append(scalar)
            }
        }
        return CastMention.replacing(in: cell) { "`@" + $0 + "`" }
    }
}
