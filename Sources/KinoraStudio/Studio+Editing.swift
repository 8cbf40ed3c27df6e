import KinoraCore
import TermGrid

/// Changes to the storyboard, with undo: shots, fields and the field editor.
extension Studio {
    /// Applies an edit to the storyboard: remembered for undo, checked, and saved. A change the
    /// storyboard's rules refuse changes nothing and says why.
    mutating func edit(_ message: String?, _ change: (inout Project) throws -> Void) -> [StudioEffect] {
        var copy = project
        do {
            try change(&copy)
        } catch let error as UserFacingError {
            status = StatusMessage(text: error.userMessage, kind: .error)
            return []
        } catch {
            status = StatusMessage(text: "\(error)", kind: .error)
            return []
        }
        let problems = copy.validationProblems()
        if let problem = problems.first {
            status = StatusMessage(text: "\(problem.path): \(problem.message)", kind: .error)
            return []
        }
        guard copy != project else { return [] }
        undoStack.append(Snapshot(project: project, selection: selection))
        if undoStack.count > Studio.undoLimit { undoStack.removeFirst(undoStack.count - Studio.undoLimit) }
        redoStack.removeAll()
        project = copy
        keepSelectionVisible()
        if let message { status = StatusMessage(text: message, kind: .info) }
        return [.save(project)]
    }

    /// A save failed, so the screen goes back to the storyboard on disk: nothing shows that is not
    /// saved (a shot that is not on disk cannot be generated). The change stays one redo away, to make
    /// again once the reason is dealt with (a full disk, a read-only folder).
    mutating func takeBackUnsaved(_ saved: Project, reason: String) {
        // The person's fields as on disk, the take records as the studio last heard them.
        let reverted = saved.mergingTakes(from: project)
        if project != reverted {
            redoStack.append(Snapshot(project: project, selection: selection))
            project = reverted
            keepSelectionVisible()
        }
        let redo = keymap.keys(for: .redo, in: .global).first?.name ?? ": redo"
        status = StatusMessage(
            text:
                "Not saved: \(reason) The change was taken back; \(redo) makes it again once that is fixed.",
            kind: .error)
    }

    /// Goes back one step in the history and saves.
    mutating func undo() -> [StudioEffect] { travel(back: true) }

    /// Goes forward one step in the history and saves.
    mutating func redo() -> [StudioEffect] { travel(back: false) }

    /// Steps through the history: back (undo) or forward (redo), keeping where the person was for the
    /// way back.
    private mutating func travel(back: Bool) -> [StudioEffect] {
        guard let target = back ? undoStack.popLast() : redoStack.popLast() else {
            status = StatusMessage(text: back ? "Nothing to undo" : "Nothing to redo", kind: .info)
            return []
        }
        let here = Snapshot(project: project, selection: selection)
        if back { redoStack.append(here) } else { undoStack.append(here) }
        restore(target)
        status = StatusMessage(text: back ? "Undone" : "Redone", kind: .info)
        return [.save(project)]
    }

    /// Goes back to a snapshot, keeping what the disk knows about takes that still run or finished since.
    private mutating func restore(_ snapshot: Snapshot) {
        let present = Set(project.shots.map(\.id))
        project = snapshot.project.mergingTakes(from: project)
        // A shot brought back from the history had its jobs cancelled when it went.
        for index in project.shots.indices where !present.contains(project.shots[index].id) {
            for take in project.shots[index].takes.indices
            where [.queued, .running].contains(project.shots[index].takes[take].status) {
                project.shots[index].takes[take].status = .interrupted
                project.shots[index].takes[take].error = "stopped when the shot was deleted"
            }
        }
        preview.compareWith = nil
        selection = snapshot.selection
        keepSelectionVisible()
    }

    // MARK: Shots

    /// Inserts an empty slate after the selection and points the inspector at its prompt.
    mutating func addShot() -> [StudioEffect] {
        let seed = random.nextSeed()
        let after = project.shots.isEmpty ? nil : selection
        var added: ShotID?
        let effects = edit(nil) { project in
            let shot = Shot(
                id: ShotID(serial: 1), label: "", prompt: "", mode: .slate, duration: 4, seed: seed)
            added = project.addShot(shot, afterIndex: after).id
        }
        if let added, let index = project.shots.firstIndex(where: { $0.id == added }) {
            selection = index
            field = .prompt
            keepSelectionVisible()
            status = StatusMessage(
                text: "Added \(added); Tab to the inspector, Enter to write its prompt", kind: .info)
        }
        return effects
    }

    /// Copies the selected shot, without its label, takes or trim, to a new shot after it.
    mutating func duplicateShot() -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        var copy = shot
        copy.label = ""
        copy.takes = []
        copy.chosenTake = nil
        copy.trim = nil
        copy.nextTakeNumber = 1
        let index = selection
        let effects = edit("Duplicated \(shot.id)") { project in _ = project.addShot(copy, afterIndex: index)
        }
        if !effects.isEmpty { _ = select(index + 1) }
        return effects
    }

    /// Removes the selected shot and cancels the jobs still making its takes.
    mutating func deleteShot() -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        let index = selection
        var effects = edit("Deleted \(shot.id) (u undoes it)") { project in project.shots.remove(at: index) }
        keepSelectionVisible()
        preview.compareWith = nil
        // Its takes in the making have nowhere to go.
        if !effects.isEmpty {
            effects += jobs.filter { $0.shot == shot.id && $0.isActive }.map { .cancelJob($0.id) }
        }
        return effects
    }

    /// Moves the selected shot `offset` places, keeping it selected.
    mutating func moveShot(by offset: Int) -> [StudioEffect] {
        guard selectedShot != nil else { return nothingSelected() }
        let target = selection + offset
        guard project.shots.indices.contains(target) else { return [] }
        let index = selection
        let effects = edit(nil) { project in project.moveShot(at: index, to: target + 1) }
        if !effects.isEmpty { _ = select(target) }
        return effects
    }

    // MARK: Fields

    /// Sets a field of the selected shot from text, as `kinora shot set` does.
    mutating func setField(_ field: ShotField, to value: String) -> [StudioEffect] {
        guard selectedShot != nil else { return nothingSelected() }
        let index = selection
        return edit(nil) { project in try project.shots[index].set(field, to: value) }
    }

    /// Opens the editor on the selected field; the source and seed lock act at once instead.
    mutating func beginEditing() -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        switch field {
        case .source: return perform(.sourceImport)
        case .endImage: return openEndPicturePicker()
        case .sounds: return openSoundPicker()
        case .seedLocked: return perform(.seedLock)
        default: break
        }
        var text = field.value(of: shot, project: project)
        if field == .trimIn || field == .trimOut, text.isEmpty {
            let length = shot.chosen?.request.duration ?? shot.duration
            text = field == .trimIn ? "0" : Format.number(length)
        }
        var editor = TextEditor(text: text)
        editor.moveToEnd()
        mode = .editing(FieldEditor(field: field, editor: editor))
        focus = .inspector
        return []
    }

    /// The value after `value` (or before it) in `all`, wrapping around.
    private func cycled<T: Equatable>(_ value: T, in all: [T], by step: Int) -> T {
        let index = all.firstIndex(of: value) ?? 0
        return all[(index + step + all.count) % all.count]
    }

    /// Cycles the selected field through its choices or nudges its number; text opens the editor.
    mutating func stepField(by step: Int) -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        switch field {
        case .mode:
            let allowed = ShotMode.allCases.filter { shot.modeProblem($0) == nil }
            return setField(.mode, to: cycled(shot.mode, in: allowed, by: step).rawValue)
        case .motion:
            return setField(
                .motion, to: cycled(shot.settings.motion, in: CameraMotion.allCases, by: step).rawValue)
        case .style:
            return setField(
                .style, to: cycled(shot.settings.style, in: VisualStyle.allCases, by: step).rawValue)
        case .duration:
            return setField(.duration, to: Format.number(max(0.5, shot.duration + 0.5 * Double(step))))
        case .strength:
            return setField(
                .strength, to: Format.number(min(max(shot.settings.strength + 0.05 * Double(step), 0), 1)))
        case .seed:
            return setField(.seed, to: String(step > 0 ? shot.seed &+ 1 : shot.seed &- 1))
        case .seedLocked:
            return perform(.seedLock)
        case .transition:
            return cycleTransition(by: step)
        case .sound:
            let next = cycled(shot.sound ?? .auto, in: ShotSound.allCases, by: step)
            let effects = setField(.sound, to: next.rawValue)
            status = StatusMessage(text: "Sound: \(next.rawValue), \(next.summary)", kind: .info)
            return effects
        case .sounds:
            return openSoundPicker()
        case .framing:
            return startFraming()
        case .shotSize:
            let sizes = [""] + ShotSize.allCases.map(\.rawValue)
            return setField(.shotSize, to: cycled(shot.shotSize?.rawValue ?? "", in: sizes, by: step))
        case .angle:
            let angles = [""] + CameraAngle.allCases.map(\.rawValue)
            return setField(.angle, to: cycled(shot.angle?.rawValue ?? "", in: angles, by: step))
        case .status:
            let statuses = ShotStatus.allCases.map(\.rawValue)
            return setField(.status, to: cycled((shot.status ?? .toDo).rawValue, in: statuses, by: step))
        case .lens:
            return setField(.lens, to: String(InspectorField.nextLens(after: shot.lens, by: step)))
        case .location:
            let locations = project.cast.filter { $0.kind == .location }.map(\.name)
            guard !locations.isEmpty else {
                status = StatusMessage(
                    text: "No location in the cast: @ opens the cast, a adds one (kind location)", kind: .info
                )
                return []
            }
            return setField(.location, to: cycled(shot.location ?? "", in: [""] + locations, by: step))
        case .backend:
            // "" is the project's default backend.
            let choices = [""] + backendNames.filter { $0 != project.defaultBackend }
            let next = cycled(shot.backend ?? "", in: choices, by: step)
            let effects = setField(.backend, to: next)
            status = StatusMessage(
                text: "Backend: "
                    + (next.isEmpty ? "the project's default (\(project.defaultBackend))" : next), kind: .info
            )
            return effects
        default:
            return beginEditing()
        }
    }

    /// Steps the shot's transition through cut, dissolve, fade and dip, keeping its length.
    mutating func cycleTransition(by step: Int = 1) -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        let frames = max(shot.transition.frames, 12)
        let kinds: [Transition] = [
            .cut, .dissolve(frames: frames), .fade(frames: frames), .dip(frames: frames),
        ]
        let index =
            kinds.firstIndex { $0.description.prefix(3) == shot.transition.description.prefix(3) } ?? 0
        let next = kinds[(index + step + kinds.count) % kinds.count]
        let effects = setField(.transition, to: next.description)
        if !effects.isEmpty { status = StatusMessage(text: "Transition: \(next)", kind: .info) }
        return effects
    }

    /// Draws a fresh seed for the selected shot unless its seed is locked.
    mutating func reroll() -> [StudioEffect] {
        guard let shot = selectedShot else { return nothingSelected() }
        guard !shot.seedLocked else {
            status = StatusMessage(text: "The seed of \(shot.id) is locked; S unlocks it", kind: .error)
            return []
        }
        let seed = random.nextSeed()
        let index = selection
        return edit("New seed \(seed)") { project in project.shots[index].seed = seed }
    }

    // MARK: The field editor

    /// Types into the field being edited; Enter commits it and Esc drops it.
    mutating func editorKey(_ key: Key, _ current: FieldEditor) -> [StudioEffect] {
        var fieldEditor = current
        let width = max(10, InspectorView.valueWidth(Layout(size)))
        switch key {
        case .escape:
            mode = .normal
            status = StatusMessage(text: "Edit cancelled", kind: .info)
            return []
        case .enter:
            mode = .normal
            return commit(fieldEditor)
        case .control("j"):
            if fieldEditor.field.isMultiline { fieldEditor.editor.insertNewline() }
        case .character(let character): fieldEditor.editor.insert(String(character))
        case .backspace: fieldEditor.editor.deleteBackward()
        case .delete, .control("d"): fieldEditor.editor.deleteForward()
        case .left, .control("b"): fieldEditor.editor.moveLeft()
        case .right, .control("f"): fieldEditor.editor.moveRight()
        case .up: fieldEditor.editor.moveUp(width: width)
        case .down: fieldEditor.editor.moveDown(width: width)
        case .home, .control("a"): fieldEditor.editor.moveLineStart()
        case .end, .control("e"): fieldEditor.editor.moveLineEnd()
        case .alt("b"): fieldEditor.editor.moveWordLeft()
        case .alt("f"): fieldEditor.editor.moveWordRight()
        case .control("w"): fieldEditor.editor.deleteWordBackward()
        case .control("u"): fieldEditor.editor.deleteToLineStart()
        case .tab:
            // After `@Mi` Tab completes a cast name, as it completes a path in the file picker.
            if fieldEditor.field == .prompt, completeCastName(&fieldEditor.editor) { break }
            fieldEditor.editor.insert(" ")
        default: break
        }
        mode = .editing(fieldEditor)
        return []
    }

    private mutating func commit(_ fieldEditor: FieldEditor) -> [StudioEffect] {
        let text = fieldEditor.editor.text
        guard let shot = selectedShot else { return nothingSelected() }
        if fieldEditor.field == .parameters {
            var parameters: [String: String] = [:]
            for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else {
                    status = StatusMessage(
                        text: "Params: \"\(word)\" is not NAME=VALUE (write steps=30 cfg=7)", kind: .error)
                    mode = .editing(fieldEditor)
                    return []
                }
                parameters[parts[0]] = parts[1]
            }
            let index = selection
            return edit("Params set") { project in
                var updated = project.shots[index]
                for name in updated.settings.parameters.keys { try updated.set("param.\(name)", to: "") }
                for (name, value) in parameters { try updated.set("param.\(name)", to: value) }
                project.shots[index] = updated
            }
        }
        guard let shotField = fieldEditor.field.shotField else { return [] }
        if shotField == .backend, !text.isEmpty, !backendNames.isEmpty, !backendNames.contains(text) {
            status = StatusMessage(
                text: "There is no backend called \"\(text)\"; the backends are "
                    + backendNames.joined(separator: ", ")
                    + " (add one in backends.json)", kind: .error)
            mode = .editing(fieldEditor)
            return []
        }
        if text == fieldEditor.field.value(of: shot, project: project) { return [] }
        let effects = setField(shotField, to: text)
        if effects.isEmpty, status?.kind == .error {
            // Keep what was typed so the person can fix it.
            mode = .editing(fieldEditor)
        } else if !effects.isEmpty {
            status = StatusMessage(text: "\(fieldEditor.field.title) saved", kind: .info)
            // A name the cast lacks is saved as written, with a warning (the cast may come later).
            if [.prompt, .location, .people].contains(fieldEditor.field), let shot = selectedShot,
                let problem = project.castProblem(in: shot, fields: [shotField])
            {
                status = StatusMessage(
                    text: "\(fieldEditor.field.title) saved, but \(problem)", kind: .warning)
            }
        }
        return effects
    }
}
