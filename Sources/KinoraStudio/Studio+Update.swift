import KinoraCore
import TermGrid

/// Messages in, effects out: keys, commands, the selection and the mouse.
extension Studio {
    /// Applies `msg` and returns the work the app must do. The only place the studio changes.
    public mutating func update(_ msg: StudioMsg) -> [StudioEffect] {
        var effects = apply(msg)
        effects += requestPictures()
        effects += followSound(after: msg)
        return effects
    }

    private mutating func apply(_ msg: StudioMsg) -> [StudioEffect] {
        switch msg {
        case .key(let key):
            return handle(key)
        case .command(let command):
            return perform(command)
        case .resized(let newSize):
            size = newSize
            keepSelectionVisible()
            return [.redraw]
        case .tick(let seconds):
            return advance(seconds)
        case .saved, .picturesReady:
            return []
        case .saveFailed(let reason, let saved):
            takeBackUnsaved(saved, reason: reason)
            return []
        case .takeChanged(let change):
            let earlier = project.shots.first { $0.id == change.shot }?.takes.first {
                $0.id == change.take.id
            }
            project.apply(change)
            if change.take.status == .failed && earlier?.status != .failed {
                status = StatusMessage(
                    text:
                        "\(change.shot) \(change.take.id) failed: \(change.take.error ?? "no reason given")",
                    kind: .error)
            } else if change.take.status == .done, earlier?.status != .done, let warning = change.take.warning
            {
                status = StatusMessage(text: "\(change.shot) \(change.take.id): \(warning)", kind: .info)
            }
            return followStaleRemake(change)
        case .jobChanged(let row):
            recordJob(row)
            return []
        case .pictureLoaded(let key, let strip):
            picturesPending.remove(key)
            pictures[key] = strip
            evictPictures()
            return []
        case .pictureDropped(let key):
            // Dropped unread or evicted: asked for again if it is still on screen.
            picturesPending.remove(key)
            pictures[key] = nil
            return []
        case .pictureFailed(let key, _):
            picturesPending.remove(key)
            picturesMissing.insert(key.path)
            return []
        case .directoryListed(let path, let entries):
            // Listings can arrive out of order: only the folder being typed counts.
            guard case .picker(var picker) = mode, path == PathCompletion.split(picker.input.text).directory
            else { return [] }
            picker.listed = path
            picker.entries = entries
            picker.problem = nil
            picker.selection = 0
            mode = .picker(picker)
            return []
        case .directoryFailed(let path, let reason):
            guard case .picker(var picker) = mode, path == PathCompletion.split(picker.input.text).directory
            else { return [] }
            picker.listed = path
            picker.entries = []
            picker.problem = reason
            mode = .picker(picker)
            return []
        case .sourceImported(let shotID, let source):
            guard let index = project.shots.firstIndex(where: { $0.id == shotID }) else { return [] }
            return edit("Imported \(source.originalName)") { project in
                project.shots[index].source = source
                project.shots[index].mode = source.kind == .image ? .imageToVideo : .videoToVideo
            }
        case .endImageImported(let shotID, let source):
            guard let index = project.shots.firstIndex(where: { $0.id == shotID }) else { return [] }
            return edit("End picture \(source.originalName): takes start on the source and end on it") {
                project in
                project.shots[index].endImage = source
            }
        case .castImageImported(let name, let source):
            return addCastImage(source, to: name)
        case .scriptImported(let base, let merged, let summary):
            // The merge was made from the storyboard as it was; an edit since would be lost, so ask again.
            guard project == base else {
                status = StatusMessage(
                    text: "The storyboard changed while the script was read; import it again", kind: .error)
                return []
            }
            return edit(summary + " (u undoes the import)") { project in project = merged }
        case .subtitlesTimed(let timed):
            subtitles[timed.shot] = timed
            return []
        case .soundImported(let shotID, let file):
            return attachSound(file, to: shotID)
        case .backends(let names):
            backendNames = names
            return []
        case .failed(let reason):
            status = StatusMessage(text: reason, kind: .error)
            return []
        case .info(let text):
            status = StatusMessage(text: text, kind: .info)
            return []
        }
    }

    // MARK: Keys

    private mutating func handle(_ key: Key) -> [StudioEffect] {
        if mode == .confirmQuit {
            // Answered even in a window too small to show the question.
            mode = .normal
            if key == .character("y") || key == .character("Y") { return [.quit] }
            status = StatusMessage(text: "Still here; the jobs go on.", kind: .info)
            return []
        }
        guard size.isLargeEnough else {
            switch keymap.command(for: key, in: .global) {
            case .quit: return quit()
            case .suspend: return [.suspend]
            default: return []
            }
        }
        switch mode {
        case .normal: break
        case .editing(let fieldEditor): return editorKey(key, fieldEditor)
        case .help(let scroll): return helpKey(key, scroll: scroll)
        case .palette(let palette): return paletteKey(key, palette)
        case .picker(let picker): return pickerKey(key, picker)
        case .export(let dialog): return exportKey(key, dialog)
        case .confirmQuit: return []  // answered above
        case .framing(let framing): return framingKey(key, framing)
        case .cast(let overlay): return castKey(key, overlay)
        case .note(let note): return noteKey(key, note)
        }
        // A message stays until the next key, as in vim.
        status = nil
        switch key {
        case .click(let row, let column): return click(row: row, column: column)
        case .wheelUp(let row, let column): return wheel(up: true, row: row, column: column)
        case .wheelDown(let row, let column): return wheel(up: false, row: row, column: column)
        default: break
        }
        guard let command = keymap.command(for: key, in: focus.context) else {
            status = StatusMessage(text: "\(key.name) does nothing here; press ? for the keys", kind: .info)
            return []
        }
        return perform(command)
    }

    /// Runs a command by name, as a key or the palette does (from outside, through `.command`).
    mutating func perform(_ command: Command) -> [StudioEffect] {
        if command != .cancel && command != .animaticPlay && animatic != nil && command != .previewPlay
            && command != .subtitlesToggle
        {
            animatic = nil
        }
        switch command {
        case .quit: return quit()
        case .help:
            mode = .help(scroll: 0)
            return []
        case .palette:
            mode = .palette(Palette())
            return []
        case .suspend: return [.suspend]
        case .undo: return undo()
        case .redo: return redo()
        case .focusNext, .focusPrevious:
            let panes = Pane.allCases
            let index = panes.firstIndex(of: focus) ?? 0
            let step = command == .focusNext ? 1 : panes.count - 1
            focus = panes[(index + step) % panes.count]
            return []
        case .cancel:
            if animatic != nil {
                animatic = nil
                return [.ticking(false)]
            }
            if preview.playing {
                preview.playing = false
                return [.ticking(false)]
            }
            if preview.compareWith != nil {
                preview.compareWith = nil
                return []
            }
            status = nil
            return []
        case .redraw:
            // Also forget the pictures: a take that vanished or came back shows as it is now.
            pictures = [:]
            picturesMissing = []
            return [.redraw]
        case .shotNext: return select(selection + 1)
        case .shotPrevious: return select(selection - 1)
        case .shotFirst: return select(0)
        case .shotLast: return select(project.shots.count - 1)
        case .shotPageDown: return select(selection + Layout(size).visibleCards)
        case .shotPageUp: return select(selection - Layout(size).visibleCards)
        case .shotAdd: return addShot()
        case .shotDuplicate: return duplicateShot()
        case .shotDelete: return deleteShot()
        case .shotMoveUp, .shotMoveDown: return moveShot(by: command == .shotMoveUp ? -1 : 1)
        case .fieldNext, .fieldPrevious:
            let fields = InspectorField.allCases
            let index = fields.firstIndex(of: field) ?? 0
            let next = index + (command == .fieldNext ? 1 : -1)
            field = fields[min(max(next, 0), fields.count - 1)]
            return []
        case .fieldEdit: return beginEditing()
        case .fieldIncrease: return stepField(by: 1)
        case .fieldDecrease: return stepField(by: -1)
        case .seedReroll: return reroll()
        case .seedLock:
            guard let shot = selectedShot else { return nothingSelected() }
            return setField(.seedLocked, to: shot.seedLocked ? "false" : "true")
        case .sourceImport:
            // Without a shot the picker still takes a script: how an empty storyboard gets its shots.
            mode = .picker(FilePicker(shot: selectedShot?.id, input: TextEditor(text: "")))
            return [.listDirectory("")]
        case .sourceClear:
            guard let shot = selectedShot, shot.source != nil else {
                status = StatusMessage(text: "The shot has no source to remove", kind: .info)
                return []
            }
            let index = selection
            return edit("Removed the source of \(shot.id)") { project in
                project.shots[index].source = nil
                project.shots[index].mode = .slate
            }
        case .takeGenerate: return generate(variations: 1)
        case .takeVariations: return generate(variations: 4)
        case .shotToggleContinue: return toggleContinue()
        case .takeExtend: return extendTake()
        case .takeRemakeStale: return remakeStale()
        case .takeNext: return stepTake(by: 1)
        case .takePrevious: return stepTake(by: -1)
        case .takeChoose: return chooseTake()
        case .compareToggle: return toggleCompare()
        case .compareMode:
            preview.compareMode = preview.compareMode == .sideBySide ? .wipe : .sideBySide
            return []
        case .wipeLeft, .wipeRight:
            preview.wipe = min(max(preview.wipe + (command == .wipeLeft ? -0.05 : 0.05), 0), 1)
            return []
        case .trimIn: return trim(.trimIn)
        case .trimOut: return trim(.trimOut)
        case .trimClear:
            guard selectedShot?.trim != nil else { return [] }
            let index = selection
            return edit("Trim cleared") { project in project.shots[index].trim = nil }
        case .transitionCycle: return cycleTransition()
        case .previewPlay:
            if var playing = animatic {
                playing.paused.toggle()
                animatic = playing
                return []
            }
            preview.playing.toggle()
            return [.ticking(preview.playing)]
        case .previewLoop:
            preview.loop.toggle()
            status = StatusMessage(text: preview.loop ? "Loop on" : "Loop off", kind: .info)
            return []
        case .previewStepForward: return stepPreview(frames: 1)
        case .previewStepBack: return stepPreview(frames: -1)
        case .previewScrubForward: return stepPreview(seconds: 1)
        case .previewScrubBack: return stepPreview(seconds: -1)
        case .animaticPlay:
            if animatic != nil {
                animatic = nil
                return [.ticking(false)]
            }
            guard !project.shots.isEmpty else { return nothingSelected() }
            animatic = AnimaticState(time: 0)
            preview.playing = false
            return [.ticking(true)]
        case .subtitlesToggle:
            subtitlesOn.toggle()
            status = StatusMessage(text: subtitlesOn ? "Subtitles on" : "Subtitles off", kind: .info)
            return []
        case .jobNext, .jobPrevious:
            jobSelection = min(max(jobSelection + (command == .jobNext ? 1 : -1), 0), max(0, jobs.count - 1))
            return []
        case .jobCancel: return cancelJob()
        case .exportOpen:
            var dialog =
                lastExport
                ?? ExportDialog(
                    output: TextEditor(
                        text: ExportDialog.defaultOutput(
                            title: project.title, format: ExportFormat.allCases[0])))
            dialog.row = 0
            dialog.output.moveToEnd()
            mode = .export(dialog)
            return []
        case .castOpen: return openCast()
        case .takeNote: return beginNote()
        case .takeCircle: return toggleVerdict(.circled)
        case .takeReject: return toggleVerdict(.rejected)
        }
    }

    private mutating func quit() -> [StudioEffect] {
        if jobs.contains(where: \.isActive) {
            mode = .confirmQuit
            status = StatusMessage(
                text:
                    "Jobs are running: y quits and cancels local ones; takes on remote engines keep running "
                    + "there and are collected when the project is next opened. Any other key stays",
                kind: .error)
            return []
        }
        return [.quit]
    }

    /// Says there is no shot to act on; asks for no work.
    mutating func nothingSelected() -> [StudioEffect] {
        status = StatusMessage(text: "No shot yet: press a to add one", kind: .info)
        return []
    }

    // MARK: Selection

    /// Moves the selection to `index` (clamped), resetting the preview when it changes.
    mutating func select(_ index: Int) -> [StudioEffect] {
        guard !project.shots.isEmpty else { return [] }
        let clamped = min(max(index, 0), project.shots.count - 1)
        if clamped != selection {
            selection = clamped
            preview.time = 0
            preview.compareWith = nil
        }
        keepSelectionVisible()
        return []
    }

    /// Clamps the selection and scrolls the cards so it is on screen.
    mutating func keepSelectionVisible() {
        selection = min(selection, max(0, project.shots.count - 1))
        guard size.isLargeEnough else { return }
        let visible = Layout(size).visibleCards
        if selection < scroll { scroll = selection }
        if selection >= scroll + visible { scroll = selection - visible + 1 }
        scroll = min(max(0, scroll), max(0, project.shots.count - visible))
    }

    // MARK: Mouse

    private mutating func click(row: Int, column: Int) -> [StudioEffect] {
        let layout = Layout(size)
        if layout.shots.contains(row: row, column: column) {
            focus = .shots
            let offset = row - Layout.body(of: layout.shots).row
            guard offset >= 0 else { return [] }
            return select(scroll + offset / layout.cardHeight)
        }
        if layout.inspector.contains(row: row, column: column) {
            focus = .inspector
            if let clicked = InspectorView.field(atRow: row, in: self, layout: layout) { field = clicked }
            return []
        }
        if layout.preview.contains(row: row, column: column) {
            focus = .preview
            return []
        }
        if layout.jobs.contains(row: row, column: column) {
            focus = .jobs
            let body = Layout.body(of: layout.jobs)
            let index = JobPanelView.firstRow(self, height: body.height) + row - body.row
            if row >= body.row && jobs.indices.contains(index) { jobSelection = index }
            return []
        }
        if layout.timeline.contains(row: row, column: column),
            let index = TimelineView.shot(atColumn: column, in: self, layout: layout)
        {
            return select(index)
        }
        return []
    }

    private mutating func wheel(up: Bool, row: Int, column: Int) -> [StudioEffect] {
        let layout = Layout(size)
        if layout.preview.contains(row: row, column: column) {
            return stepPreview(frames: up ? -1 : 1)
        }
        if layout.inspector.contains(row: row, column: column) {
            return perform(up ? .fieldPrevious : .fieldNext)
        }
        return select(selection + (up ? -1 : 1))
    }
}
