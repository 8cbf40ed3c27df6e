import Foundation
import KinoraCore

/// The film's dialogue as subtitles, one cue a line at its time in the film: SubRip (`.srt`, the words
/// alone, as films show them; also what burnt subtitles are drawn from) and WebVTT (`.vtt`, the words
/// with their speaker as a `<v>` voice span, which players can show or style).
public enum SubtitleWriter {
    /// The SRT document for `plan`, as UTF-8.
    public static func srt(_ plan: FilmPlan) -> Data {
        var text = ""
        for (number, cue) in plan.subtitles.enumerated() {
            text +=
                "\(number + 1)\n\(timestamp(cue.start, separator: ","))"
                + " --> \(timestamp(cue.end, separator: ","))\n\(oneLine(cue.text))\n\n"
        }
        return Data(text.utf8)
    }

    /// The WebVTT document for `plan`, as UTF-8.
    public static func vtt(_ plan: FilmPlan) -> Data {
        var text = "WEBVTT\n\n"
        for cue in plan.subtitles {
            let words = escaped(oneLine(cue.text))
            let line = cue.speaker.map { "<v \(escaped(oneLine($0)))>\(words)" } ?? words
            text +=
                "\(timestamp(cue.start, separator: ".")) --> \(timestamp(cue.end, separator: "."))\n\(line)\n\n"
        }
        return Data(text.utf8)
    }

    /// `01:02:03,456`: hours, minutes, seconds and milliseconds (`,` for SRT, `.` for WebVTT).
    static func timestamp(_ seconds: Double, separator: String) -> String {
        let total = Int((max(0, seconds) * 1000).rounded())
        let millis = total % 1000
        let secs = total / 1000 % 60
        let mins = total / 60_000 % 60
        let hours = total / 3_600_000
        return String(format: "%02d:%02d:%02d", hours, mins, secs) + separator
            + String(format: "%03d", millis)
    }

    /// A cue's text on one line: a blank line would end the cue early, and control characters have no
    /// place on screen.
    private static func oneLine(_ text: String) -> String {
        let words = text.unicodeScalars.map { scalar -> Unicode.Scalar in
            scalar.properties.generalCategory == .control ? " " : scalar
        }
        let joined = String(String.UnicodeScalarView(words)).split(separator: " ").joined(separator: " ")
        // "-->" inside a cue would read as a timing line.
        return joined.replacingOccurrences(of: "-->", with: "->")
    }

    /// WebVTT's three reserved characters as entities.
    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
