import Foundation
import KinoraCore
import TermGrid

/// Keys while a box is open: help, the palette, the file picker and the export dialog.
extension Studio {
    /// Keys every one-line input understands: typing, deleting, moving.
    static func lineInput(_ key: Key, _ editor: inout TextEditor) -> Bool {
        switch key {
        case .character(let character): editor.insert(String(character))
        case .backspace: editor.deleteBackward()
        case .delete, .control("d"): editor.deleteForward()
        case .left, .control("b"): editor.moveLeft()
        case .right, .control("f"): editor.moveRight()
        case .home, .control("a"): editor.moveLineStart()
        case .end, .control("e"): editor.moveLineEnd()
        case .control("w"): editor.deleteWordBackward()
        case .control("u"): editor.deleteToLineStart()
        default: return false
        }
        return true
    }

    /// Scrolls the help, or closes it on any other key.
    mutating func helpKey(_ key: Key, scroll: Int) -> [StudioEffect] {
        let page = max(1, size.rows - 4)
        switch key {
        case .character("j"), .down, .wheelDown: mode = .help(scroll: scroll + 1)
        case .character("k"), .up, .wheelUp: mode = .help(scroll: max(0, scroll - 1))
        case .pageDown, .character(" "): mode = .help(scroll: scroll + page)
        case .pageUp: mode = .help(scroll: max(0, scroll - page))
        case .character("g"), .home: mode = .help(scroll: 0)
        default: mode = .normal
        }
        if case .help(let wanted) = mode {
            let lines = HelpView.rowCount(keymap: keymap, size: size)
            mode = .help(scroll: min(wanted, max(0, lines - page)))
        }
        return []
    }

    /// Types into the palette, moves its highlight, or runs the highlighted command.
    mutating func paletteKey(_ key: Key, _ current: Palette) -> [StudioEffect] {
        var palette = current
        switch key {
        case .escape:
            mode = .normal
            return []
        case .enter:
            mode = .normal
            let matches = palette.matches()
            guard matches.indices.contains(palette.selection) else {
                status = StatusMessage(text: "No command matches \"\(palette.query.text)\"", kind: .error)
                return []
            }
            return perform(matches[palette.selection])
        case .down, .control("n"), .tab: palette.selection += 1
        case .up, .control("p"), .backTab: palette.selection = max(0, palette.selection - 1)
        default:
            if Studio.lineInput(key, &palette.query) { palette.selection = 0 }
        }
        palette.selection = min(palette.selection, max(0, palette.matches().count - 1))
        mode = .palette(palette)
        return []
    }

    /// Types a path, completes it on Tab, opens folders, or imports the chosen file.
    mutating func pickerKey(_ key: Key, _ current: FilePicker) -> [StudioEffect] {
        var picker = current
        let matches = picker.matches()
        switch key {
        case .escape:
            closePicker(picker)
            return []
        case .down, .control("n"): picker.selection = min(picker.selection + 1, max(0, matches.count - 1))
        case .up, .control("p"): picker.selection = max(0, picker.selection - 1)
        case .tab:
            let (folder, prefix) = PathCompletion.split(picker.input.text)
            let completion = PathCompletion.complete(prefix: prefix, entries: picker.entries)
            if completion.completed != prefix {
                picker.input = TextEditor(text: folderPrefix(folder) + completion.completed)
                picker.input.moveToEnd()
                mode = .picker(picker)
                return relist(picker)
            }
        case .enter:
            if matches.indices.contains(picker.selection) {
                let entry = matches[picker.selection]
                let folder = PathCompletion.split(picker.input.text).directory
                let path = folderPrefix(folder) + entry.name
                if entry.isDirectory {
                    picker.input = TextEditor(text: path + "/")
                    picker.input.moveToEnd()
                    mode = .picker(picker)
                    return relist(picker)
                }
                closePicker(picker)
                status = StatusMessage(text: "Importing \(entry.name)…", kind: .info)
                return importEffect(picker, path: path)
            }
            let typed = picker.input.text
            if typed.isEmpty, picker.endPicture, picker.castEntry == nil {
                // An empty line removes the end picture, as `end-image=` does on the command line.
                mode = .normal
                guard let index = project.shots.firstIndex(where: { $0.id == picker.shot }) else { return [] }
                return edit("End picture removed") { project in
                    try project.shots[index].set(.endImage, to: "")
                }
            }
            guard !typed.isEmpty, !typed.hasSuffix("/") else { return [] }
            closePicker(picker)
            return importEffect(picker, path: typed)
        default:
            if Studio.lineInput(key, &picker.input) {
                picker.selection = 0
                mode = .picker(picker)
                return relist(picker)
            }
        }
        mode = .picker(picker)
        return []
    }

    /// What importing `path` from `picker` asks the app to do: a source, an end picture, a cast entry's
    /// reference picture, or — for a screenplay (`.fountain`, `.spmd`, `.fdx`) — the script merged into
    /// the storyboard.
    private mutating func importEffect(_ picker: FilePicker, path: String) -> [StudioEffect] {
        if let name = picker.castEntry { return [.importCastImage(name: name, path: path)] }
        if picker.soundClip, let shot = picker.shot { return [.importSound(shot: shot, path: path)] }
        let suffix = ExportDialog.fileExtension(of: path)
        if ScriptSource.fileExtensions.contains(suffix) {
            return [.importScript(path: path, project: project)]
        }
        guard let shot = picker.shot else {
            status = StatusMessage(
                text: "The storyboard has no shot for a picture or video: add one with a, or import a script",
                kind: .error)
            return []
        }
        return [
            picker.endPicture
                ? .importEndImage(shot: shot, path: path) : .importSource(shot: shot, path: path)
        ]
    }

    /// Closes the picker: back to the cast overlay when it chose a cast entry's picture, else to the panes.
    private mutating func closePicker(_ picker: FilePicker) {
        if let name = picker.castEntry {
            mode = .cast(CastOverlay(selection: project.castIndex(named: name) ?? 0))
        } else {
            mode = .normal
        }
    }

    /// The folder part as typed, empty for the current folder.
    private func folderPrefix(_ folder: String) -> String { folder == "." ? "" : folder }

    /// Lists the folder being typed when it is not the one listed.
    private func relist(_ picker: FilePicker) -> [StudioEffect] {
        let folder = PathCompletion.split(picker.input.text).directory
        return folder == picker.listed ? [] : [.listDirectory(folder)]
    }

    /// Moves between the dialog's rows, changes their values, or starts the export.
    mutating func exportKey(_ key: Key, _ current: ExportDialog) -> [StudioEffect] {
        var dialog = current
        let formats = ExportFormat.allCases
        switch key {
        case .escape:
            mode = .normal
            return []
        case .down, .tab: dialog.row = min(dialog.row + 1, 4)
        case .up, .backTab: dialog.row = max(dialog.row - 1, 0)
        case .left where dialog.row != 1, .right where dialog.row != 1:
            let step = key == .right ? 1 : -1
            if dialog.row == 0 {
                dialog.format = Self.cycle(formats, from: dialog.format, by: step)
                // The file follows the format: its extension changes with it.
                let path =
                    dialog.outputEdited
                    ? ExportDialog.replacingExtension(of: dialog.output.text, with: dialog.format)
                    : ExportDialog.defaultOutput(title: project.title, format: dialog.format)
                dialog.output = TextEditor(text: path)
                dialog.output.moveToEnd()
            } else if dialog.row == 2 {
                dialog.missing = Self.cycle(MissingTakePolicy.allCases, from: dialog.missing, by: step)
            } else if dialog.row == 3 {
                dialog.panelsPerPage = Self.cycle(
                    PanelsPerPage.allCases, from: dialog.panelsPerPage, by: step)
            }
        case .enter:
            let output = dialog.output.text.trimmingCharacters(in: .whitespaces)
            guard !output.isEmpty else {
                status = StatusMessage(text: "Export: give the file to write", kind: .error)
                dialog.row = 1
                mode = .export(dialog)
                return []
            }
            // The extension typed decides the format, as on the command line; none gets the chosen one.
            let typed = ExportDialog.fileExtension(of: output)
            var format = dialog.format
            var file = output
            if typed.isEmpty {
                file += "." + format.fileExtension
            } else if let named = ExportFormat(fileExtension: typed) {
                format = named
            } else {
                status = StatusMessage(
                    text: "Export: .\(typed) is not a format; end the file in "
                        + formats.map { "." + $0.fileExtension }.joined(separator: " "), kind: .error)
                dialog.row = 1
                mode = .export(dialog)
                return []
            }
            dialog.format = format
            dialog.output = TextEditor(text: file)
            lastExport = dialog
            mode = .normal
            status = StatusMessage(text: "Exporting \(file)…", kind: .info)
            return [
                .export(
                    ExportRequest(
                        format: format, output: file, missing: dialog.missing,
                        panelsPerPage: dialog.panelsPerPage))
            ]
        default:
            if dialog.row == 1, Studio.lineInput(key, &dialog.output) { dialog.outputEdited = true }
        }
        mode = .export(dialog)
        return []
    }

    /// The value `step` places after `value` in `values`, going round at either end.
    static func cycle<Value: Equatable>(_ values: [Value], from value: Value, by step: Int) -> Value {
        let index = values.firstIndex(of: value) ?? 0
        return values[(index + step % values.count + values.count) % values.count]
    }
}
