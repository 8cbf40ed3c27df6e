import Foundation
import KinoraCore
import KinoraGenerate

/// Shows the job queue's progress: a redrawn bar per job on a terminal, plain lines (one per job per
/// tenth) when stderr is a file or pipe, nothing with `--json`.
actor ProgressDisplay {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let quiet: Bool
    private var lastTenth: [JobQueue.JobID: Int] = [:]
    /// The last note printed per job (plain lines print a note once, when it first appears).
    private var lastNote: [JobQueue.JobID: String] = [:]
    private var lastDraw = Date.distantPast

    /// A display; `quiet` prints nothing.
    init(quiet: Bool) {
        self.quiet = quiet
    }

    /// Follows `queue` until the consuming task is cancelled.
    func follow(_ queue: JobQueue) async {
        guard !quiet else { return }
        for await status in await queue.updates() {
            show(status)
        }
    }

    private func show(_ status: JobQueue.Status) {
        let line = Self.describe(status)
        if isTerminal {
            // Redraw at most 20 times a second, but always show a job's end.
            let now = Date()
            guard status.state.isFinished || now.timeIntervalSince(lastDraw) > 0.05 else { return }
            lastDraw = now
            let ending = status.state.isFinished ? "\n" : ""
            // One row only: a wrapped line could not be cleared by the next redraw.
            write(
                "\r\u{1B}[2K"
                    + TerminalText.truncated(
                        line, toWidth: max(10, (Output.columns(of: STDERR_FILENO) ?? 80) - 1)) + ending)
        } else {
            let tenth = status.framesTotal > 0 ? status.framesDone * 10 / status.framesTotal : 0
            // A note ("cold start …") is printed once; a note that only counts up its seconds is not new.
            let noteKind = status.note.map { String($0.prefix { $0 != "(" }) }
            if let noteKind, status.state == .running, lastNote[status.id] != noteKind {
                lastNote[status.id] = noteKind
                write(line + "\n")
                return
            }
            guard status.state.isFinished || lastTenth[status.id] != tenth else { return }
            lastTenth[status.id] = tenth
            if status.state == .running && status.framesDone == 0 { return }
            write(line + "\n")
        }
    }

    /// `s2 t1 seed 202  [#######.......]  48/96 frames  ETA 3s`.
    static func describe(_ status: JobQueue.Status) -> String {
        let label = TerminalText.sanitized(status.label)
        switch status.state {
        case .queued:
            return "\(label)  queued"
        case .running:
            let bar = bar(Double(status.framesDone) / Double(max(status.framesTotal, 1)))
            let eta = status.eta().map { String(format: "  ETA %.0fs", $0) } ?? ""
            // Before any frame, the engine's note is what there is to say: it comes first, uncut by the bar.
            if let note = status.note, status.framesDone == 0 {
                return "\(label)  \(TerminalText.sanitized(note))"
            }
            let note = status.note.map { "  · " + TerminalText.sanitized($0) } ?? ""
            return "\(label)  [\(bar)]  \(status.framesDone)/\(status.framesTotal) frames\(eta)\(note)"
        case .done:
            return "\(label)  done (\(status.framesTotal) frames)"
        case .failed(let message):
            return "\(label)  FAILED: \(TerminalText.sanitized(message))"
        case .cancelled:
            return "\(label)  cancelled"
        }
    }

    /// `#######.................` for a fraction done, 24 characters wide.
    static func bar(_ fraction: Double) -> String {
        let filled = Int((min(max(fraction, 0), 1) * 24).rounded(.down))
        return String(repeating: "#", count: filled) + String(repeating: ".", count: 24 - filled)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
