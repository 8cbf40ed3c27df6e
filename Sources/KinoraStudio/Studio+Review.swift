import Foundation
import KinoraCore
import TermGrid

/// Reviewing takes: notes at the frame on screen, and circling or rejecting the shown take.
extension Studio {
    /// Opens the note editor for the shown finished take at the preview's time, pausing playback so the
    /// note stays on its frame.
    mutating func beginNote() -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        guard let take = finishedShownTake(of: shot, to: "given a note") else { return [] }
        let wasPlaying = preview.playing
        preview.playing = false
        let at = min(max(0, preview.time), take.request.duration)
        mode = .note(NoteEditor(shot: shot.id, take: take.id, at: at, editor: TextEditor(text: "")))
        status = nil
        return wasPlaying ? [.ticking(false)] : []
    }

    /// Types the note; Enter adds it to the take, Esc drops it.
    mutating func noteKey(_ key: Key, _ current: NoteEditor) -> [StudioEffect] {
        var note = current
        switch key {
        case .escape:
            mode = .normal
            status = StatusMessage(text: "Note dropped", kind: .info)
            return []
        case .enter:
            let text = note.editor.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else {
                status = StatusMessage(text: "A note needs some words; Esc drops it", kind: .error)
                return []
            }
            guard let shotIndex = project.shots.firstIndex(where: { $0.id == note.shot }),
                let takeIndex = project.shots[shotIndex].takes.firstIndex(where: { $0.id == note.take })
            else {
                mode = .normal
                status = StatusMessage(
                    text: "\(note.shot) \(note.take) is gone; the note was not kept", kind: .error)
                return []
            }
            mode = .normal
            let count = project.shots[shotIndex].takes[takeIndex].reviewNotes.count + 1
            let at = note.at
            return edit(
                "Note on \(note.shot) \(note.take) at \(PreviewView.tenths(at))"
                    + (count == 1 ? "" : " (\(count) notes)") + "; u undoes it"
            ) { project in
                project.shots[shotIndex].takes[takeIndex].addNote(text, at: at, now: Date())
            }
        default:
            _ = Studio.lineInput(key, &note.editor)
        }
        mode = .note(note)
        return []
    }

    /// Gives the shown take `verdict`, or clears it when the take has it already.
    mutating func toggleVerdict(_ verdict: TakeVerdict) -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        guard let take = finishedShownTake(of: shot, to: verdict.rawValue) else { return [] }
        guard let takeIndex = shot.takes.firstIndex(where: { $0.id == take.id }) else { return [] }
        let index = selection
        let next: TakeVerdict? = take.verdict == verdict ? nil : verdict
        let message: String
        switch next {
        case .circled: message = "Circled \(shot.id) \(take.id): a keeper"
        case .rejected: message = "Rejected \(shot.id) \(take.id)"
        case nil: message = "\(shot.id) \(take.id) is neither circled nor rejected"
        }
        return edit(message) { project in project.shots[index].takes[takeIndex].setVerdict(next) }
    }

    /// How a take's review reads in lists: "◎ circled · 2 notes", "✕ rejected", "1 note"; empty when
    /// there is none.
    static func reviewSummary(of take: Take) -> String {
        var parts: [String] = []
        switch take.verdict {
        case .circled: parts.append("◎ circled")
        case .rejected: parts.append("✕ rejected")
        case nil: break
        }
        let notes = take.reviewNotes.count
        if notes > 0 { parts.append(notes == 1 ? "1 note" : "\(notes) notes") }
        return parts.joined(separator: " · ")
    }
}
