import TermGrid

/// Where a key is pressed: the focused pane, or anywhere.
public enum KeyContext: String, CaseIterable, Sendable, Hashable {
    /// Keys that work whichever pane has focus (unless the pane binds the key itself).
    case global
    /// The storyboard list.
    case shots
    /// The shot's fields.
    case inspector
    /// The picture pane.
    case preview
    /// The job panel.
    case jobs
}

/// Key bindings as data: for each context, which key runs which command. The help screen and the
/// palette read it; a user file overrides it.
public struct Keymap: Sendable, Equatable {
    /// Bindings per context.
    public private(set) var bindings: [KeyContext: [Key: Command]]

    /// A keymap with exactly `bindings`.
    public init(bindings: [KeyContext: [Key: Command]]) {
        self.bindings = bindings
    }

    /// The command `key` runs in `context`: the context's own binding first, then the global one.
    public func command(for key: Key, in context: KeyContext) -> Command? {
        bindings[context]?[key] ?? bindings[.global]?[key]
    }

    /// Every key bound to `command`, as the help screen lists them (arrow and letter keys first).
    public func keys(for command: Command, in context: KeyContext) -> [Key] {
        (bindings[context] ?? [:]).filter { $0.value == command }.map(\.key)
            .sorted { Keymap.order($0) < Keymap.order($1) }
    }

    private static func order(_ key: Key) -> String {
        let name = key.name
        return (name.count == 1 ? "0" : "1") + name
    }

    /// Binds `key` to `command` in `context` (nil removes the binding).
    public mutating func bind(_ key: Key, to command: Command?, in context: KeyContext) {
        bindings[context, default: [:]][key] = command
    }

    /// The default keymap: vim-like letters and the arrow keys both work.
    public static let standard: Keymap = {
        var map = Keymap(bindings: [:])
        let global: [(String, Command)] = [
            ("q", .quit), ("?", .help), (":", .palette), ("ctrl-p", .palette), ("ctrl-z", .suspend),
            ("u", .undo), ("ctrl-r", .redo), ("tab", .focusNext), ("shift-tab", .focusPrevious),
            ("esc", .cancel), ("ctrl-l", .redraw),
            ("a", .shotAdd), ("y", .shotDuplicate), ("x", .shotDelete), ("delete", .shotDelete),
            ("J", .shotMoveDown), ("K", .shotMoveUp), ("i", .sourceImport),
            ("n", .takeGenerate), ("N", .takeVariations), ("]", .takeNext), ("[", .takePrevious),
            ("c", .takeChoose), ("b", .compareToggle), ("B", .compareMode),
            ("s", .seedReroll), ("S", .seedLock), ("{", .trimIn), ("}", .trimOut), ("t", .transitionCycle),
            ("space", .previewPlay), ("o", .previewLoop), (".", .previewStepForward), (",", .previewStepBack),
            (">", .previewScrubForward), ("<", .previewScrubBack), ("p", .animaticPlay),
            ("v", .subtitlesToggle),
            ("e", .exportOpen),
            ("C", .jobCancel), ("pagedown", .shotPageDown), ("pageup", .shotPageUp),
            // Continuity: chains of shots and longer takes.
            ("w", .shotToggleContinue), ("E", .takeExtend), ("R", .takeRemakeStale),
            // The cast and reviews of takes.
            ("@", .castOpen), ("m", .takeNote), ("O", .takeCircle), ("X", .takeReject),
        ]
        let shots: [(String, Command)] = [
            ("j", .shotNext), ("down", .shotNext), ("k", .shotPrevious), ("up", .shotPrevious),
            ("g", .shotFirst), ("home", .shotFirst), ("G", .shotLast), ("end", .shotLast),
            ("enter", .focusNext),
        ]
        let inspector: [(String, Command)] = [
            ("j", .fieldNext), ("down", .fieldNext), ("k", .fieldPrevious), ("up", .fieldPrevious),
            ("enter", .fieldEdit), ("l", .fieldIncrease), ("right", .fieldIncrease), ("h", .fieldDecrease),
            ("left", .fieldDecrease), ("backspace", .sourceClear),
        ]
        let preview: [(String, Command)] = [
            ("l", .previewStepForward), ("right", .previewStepForward), ("h", .previewStepBack),
            ("left", .previewStepBack), ("L", .previewScrubForward), ("H", .previewScrubBack),
            ("j", .takeNext), ("down", .takeNext), ("k", .takePrevious), ("up", .takePrevious),
            ("enter", .takeChoose), ("alt-h", .wipeLeft), ("alt-l", .wipeRight),
        ]
        let jobs: [(String, Command)] = [
            ("j", .jobNext), ("down", .jobNext), ("k", .jobPrevious), ("up", .jobPrevious),
            ("x", .jobCancel), ("delete", .jobCancel),
        ]
        for (context, list) in [
            (KeyContext.global, global), (.shots, shots), (.inspector, inspector),
            (.preview, preview), (.jobs, jobs),
        ] {
            for (name, command) in list {
                if let key = Key(name: name) { map.bind(key, to: command, in: context) }
            }
        }
        return map
    }()
}

/// Reading the user's keys file on top of a keymap.
extension Keymap {
    /// This keymap with the user's overrides from `text` (the keys file, `file` naming it in
    /// errors) applied. The file has a `[context]` section per pane and lines `key = "command"`;
    /// `"none"` removes a binding.
    ///
    /// - Throws: ``TermGrid/TOMLFileError`` naming the file, the line and the key path
    ///   (`shots.ctrl-n`), and what to write.
    public func overridden(by text: String, file: String) throws -> Keymap {
        try overridden(by: KeyOverrides(text: text, file: file))
    }

    /// This keymap with `overrides` applied, section by section.
    ///
    /// - Throws: ``TermGrid/TOMLFileError`` for a section that is not a pane, a key name no key
    ///   has, or a command that does not exist, naming the file, the line and the key path.
    public func overridden(by overrides: KeyOverrides) throws(TOMLFileError) -> Keymap {
        var map = self
        let sectionNames = KeyContext.allCases.map { "[\($0.rawValue)]" }.joined(separator: ", ")
        for (section, bindings) in overrides.sections.sorted(by: { $0.key < $1.key }) {
            guard let context = KeyContext(rawValue: section) else {
                throw overrides.error(
                    section: section, key: nil, problem: "[\(section)] is not a section",
                    remedy: "the sections are \(sectionNames)")
            }
            for (keyName, commandName) in bindings.sorted(by: { $0.key < $1.key }) {
                guard let key = Key(name: keyName) else {
                    throw overrides.error(
                        section: section, key: keyName, problem: "\"\(keyName)\" is not a key name",
                        remedy: "name keys as j, G, ?, ctrl-n, alt-x, up, enter, space or f5")
                }
                if commandName == "none" {
                    map.bind(key, to: nil, in: context)
                    continue
                }
                guard let command = Command(rawValue: commandName) else {
                    throw overrides.error(
                        section: section, key: keyName,
                        problem: "\"\(commandName)\" for key \(keyName) is not a command",
                        remedy:
                            "press : in the studio or ? for the names, or write \"none\" to unbind the key")
                }
                map.bind(key, to: command, in: context)
            }
        }
        return map
    }
}
