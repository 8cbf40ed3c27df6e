import KinoraCore
import TermGrid

/// The end picture and the framing rectangle: choosing where a shot ends and where it looks.
extension Studio {
    /// Opens the file picker for the selected shot's end picture (an image-to-video shot only).
    mutating func openEndPicturePicker() -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        guard shot.mode == .imageToVideo else {
            status = StatusMessage(
                text: "An end picture needs an image-to-video shot: import a source picture first (i)",
                kind: .error)
            return []
        }
        mode = .picker(FilePicker(shot: shot.id, endPicture: true, input: TextEditor(text: "")))
        return [.listDirectory("")]
    }

    /// Shows the rectangle over the selected shot's source picture, starting from its framing (or the one
    /// its newest take used, or the middle).
    mutating func startFraming() -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        guard let source = shot.source, source.kind == .image, shot.mode == .imageToVideo else {
            status = StatusMessage(
                text: "Framing places an image-to-video shot's source picture; this shot has none",
                kind: .error)
            return []
        }
        var start = shot.framing ?? shot.automaticFramingUsed ?? Framing.centred
        start.basis = .person
        mode = .framing(FramingEdit(shot: shot.id, framing: start))
        focus = .inspector
        field = .framing
        return requestPictures()
    }

    /// Moves or zooms the rectangle, saves it (Enter), goes back to automatic (a) or leaves it (Esc).
    mutating func framingKey(_ key: Key, _ current: FramingEdit) -> [StudioEffect] {
        var edit = current
        switch key {
        case .escape:
            mode = .normal
            status = StatusMessage(text: "Framing unchanged", kind: .info)
            return []
        case .enter:
            mode = .normal
            return saveFraming(edit.framing.text, shot: edit.shot, message: "Framing \(edit.framing.text)")
        case .character("a"), .character("0"):
            mode = .normal
            return saveFraming("", shot: edit.shot, message: "Framing automatic")
        case .character("h"), .left: edit = edit.moved(dx: -FramingEdit.step, dy: 0)
        case .character("l"), .right: edit = edit.moved(dx: FramingEdit.step, dy: 0)
        case .character("k"), .up: edit = edit.moved(dx: 0, dy: -FramingEdit.step)
        case .character("j"), .down: edit = edit.moved(dx: 0, dy: FramingEdit.step)
        case .character("H"): edit = edit.moved(dx: -FramingEdit.bigStep, dy: 0)
        case .character("L"): edit = edit.moved(dx: FramingEdit.bigStep, dy: 0)
        case .character("K"): edit = edit.moved(dx: 0, dy: -FramingEdit.bigStep)
        case .character("J"): edit = edit.moved(dx: 0, dy: FramingEdit.bigStep)
        case .character("+"), .character("="): edit = edit.zoomed(by: FramingEdit.zoomStep)
        case .character("-"): edit = edit.zoomed(by: -FramingEdit.zoomStep)
        default:
            status = StatusMessage(text: "\(key.name) does nothing while framing", kind: .info)
        }
        mode = .framing(edit)
        return []
    }

    /// Sets the framing of `shot` to `text` (empty: automatic), as `shot set framing=` does.
    private mutating func saveFraming(_ text: String, shot: ShotID, message: String) -> [StudioEffect] {
        guard let index = project.shots.firstIndex(where: { $0.id == shot }) else { return [] }
        return edit(message) { project in try project.shots[index].set(.framing, to: text) }
    }
}

extension Shot {
    /// The framing the engine chose automatically, as the chosen take (else the newest take made without a
    /// framing) recorded it; `nil` before such a take exists. A take made with a person's framing says
    /// nothing about the automatic one.
    var automaticFramingUsed: Framing? {
        let automatic = takes.filter { $0.status == .done && $0.request.framing == nil && $0.framing != nil }
        return (automatic.first { $0.id == chosenTake } ?? automatic.last)?.framing
    }
}
