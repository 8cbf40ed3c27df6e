import Foundation
import KinoraCore

/// What a plug-in has said so far: its progress, its last log line, its final word, and the lines that
/// were not protocol messages — everything a failure message needs to explain what happened.
struct PluginTranscript {
    /// Frames (or steps) done, as last reported.
    private(set) var framesDone = 0
    /// Frames (or steps) in all, as last reported (the take's frame count until then).
    private(set) var framesTotal: Int
    /// The result or error that ended the conversation; `nil` until one arrives.
    private(set) var finalMessage: PluginMessage?
    /// The last `log` message.
    private(set) var lastLog: String?
    /// How many non-blank lines were not protocol messages.
    private(set) var garbageCount = 0
    /// The first of them.
    private(set) var firstGarbage: String?

    /// A transcript for a take of `frameCount` frames.
    init(frameCount: Int) {
        framesTotal = max(1, frameCount)
    }

    /// Notes one stdout line and returns it as a message, or `nil` for blank lines, garbage and anything
    /// after the final message (which is never replaced).
    mutating func record(_ line: String) -> PluginMessage? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let message = PluginMessage(line: trimmed) else {
            garbageCount += 1
            if firstGarbage == nil { firstGarbage = trimmed }
            return nil
        }
        guard finalMessage == nil else { return nil }
        switch message {
        case .progress(let frame, let total):
            framesTotal = max(1, total ?? framesTotal)
            framesDone = min(max(0, frame), framesTotal)
        case .log(let text):
            lastLog = text
        case .result, .error:
            finalMessage = message
        case .preview:
            break
        }
        return message
    }

    /// The progress so far, with `preview` attached when there is one.
    func progress(preview: Data? = nil) -> GenerationProgress {
        GenerationProgress(framesDone: framesDone, framesTotal: framesTotal, preview: preview)
    }

    /// Clues for a run that ended without a result: the last stderr lines, the first line that was not a
    /// message (and how many there were) and the last log line, each made safe for the terminal.
    func clues(standardError: String) -> String {
        var clues: [String] = []
        let stderrLines = standardError.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .suffix(3)
        if !stderrLines.isEmpty {
            clues.append(
                "its last stderr lines: " + stderrLines.map { PluginText.quoted($0) }.joined(separator: " | ")
            )
        }
        if let firstGarbage {
            let lines = garbageCount == 1 ? "1 line" : "\(garbageCount) lines"
            clues.append(
                "\(lines) on its stdout were not protocol messages, the first: \(PluginText.quoted(firstGarbage))"
            )
        }
        if let lastLog {
            clues.append("its last log message: \(PluginText.quoted(lastLog))")
        }
        if clues.isEmpty { clues.append("it printed nothing") }
        return clues.joined(separator: "; ")
    }
}

/// How text from a plug-in is shown: control characters and escape sequences made visible, and cut short.
enum PluginText {
    /// The text between quotation marks, sanitised and at most `width` columns wide.
    static func quoted(_ text: String, width: Int = 160) -> String {
        "“" + shown(text, width: width) + "”"
    }

    /// The text sanitised and at most `width` columns wide.
    static func shown(_ text: String, width: Int = 300) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return TerminalText.truncated(TerminalText.sanitized(trimmed), toWidth: width)
    }
}
