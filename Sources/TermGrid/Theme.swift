/// A colour theme: the style of every scope the studio draws with.
///
/// Scopes are dotted names such as `ui.shotlist.selected`. ``style(_:)`` gives the scope's own
/// style when the theme defines it, else its parent's (`ui.shotlist`, then `ui`), else plain.
///
/// A defined scope takes each field it leaves out from its parent, field by field: foreground,
/// background and modifiers separately. So `"ui.shotlist.label" = { fg = "mauve" }` keeps the
/// shot list's background, and `modifiers = []` (given, but empty) drops the parent's modifiers.
/// All of that is worked out once, when the theme loads, so ``style(_:)`` is a dictionary lookup.
public struct Theme: Sendable {
    /// The theme's name: its file name without `.toml`.
    public let name: String
    /// Every defined scope's style in full colour, as the file means it; mapping starts from these.
    let fullColor: [String: CellStyle]
    /// The colour depth ``style(_:)`` answers for.
    let depth: ColorDepth
    /// The styles ``style(_:)`` reads: ``fullColor`` mapped to ``depth``.
    private let styles: [Substring: CellStyle]
    /// `true` for ``fallback``: scopes it does not list are styled by their last parts.
    let stylesByName: Bool

    /// A theme in full colour from resolved styles, by scope.
    init(name: String, styles: [String: CellStyle]) {
        self.init(name: name, fullColor: styles, mapped: styles, depth: .trueColor, stylesByName: false)
    }

    /// A theme whose ``style(_:)`` answers from `mapped`, made for `depth` from `fullColor`.
    init(
        name: String, fullColor: [String: CellStyle], mapped: [String: CellStyle], depth: ColorDepth,
        stylesByName: Bool
    ) {
        self.name = name
        self.fullColor = fullColor
        self.depth = depth
        self.stylesByName = stylesByName
        var styles: [Substring: CellStyle] = [:]
        styles.reserveCapacity(mapped.count)
        for (scope, style) in mapped { styles[Substring(scope)] = style }
        self.styles = styles
    }

    /// The style for `scope`: its own if the theme defines it, else its nearest parent's, else plain.
    ///
    /// Cheap enough to call for every cell: one dictionary lookup for a defined scope, one more per
    /// dotted part it has to strip otherwise.
    public func style(_ scope: String) -> CellStyle {
        var key = Substring(scope)
        while true {
            if let style = styles[key] { return style }
            guard let dot = key.lastIndex(of: ".") else { break }
            key = key[..<dot]
        }
        return stylesByName ? Self.fallbackStyle(for: scope) : .plain
    }

    /// Whether the theme defines `scope` itself, rather than by falling back to a parent.
    func defines(_ scope: String) -> Bool { fullColor[scope] != nil }

    /// A theme without colours, for when no theme loads or the terminal has none: plain text,
    /// reverse video for `*.selected` scopes (and cursors and the playhead), bold for `*.title`.
    public static let fallback: Theme = {
        var styles: [String: CellStyle] = [:]
        for scope in studioScopes where fallbackStyle(for: scope) != .plain {
            styles[scope] = fallbackStyle(for: scope)
        }
        return Theme(
            name: "fallback", fullColor: styles, mapped: styles, depth: .trueColor, stylesByName: true)
    }()

    /// The scopes Kinora's studio draws with; every bundled theme defines them (dark directly).
    static let studioScopes: [String] = [
        "ui", "ui.title", "ui.border", "ui.border.focused", "ui.dim", "ui.hint", "ui.error", "ui.warning",
        "ui.ok",
        "ui.shotlist", "ui.shotlist.selected", "ui.shotlist.label", "ui.shotlist.status.ready",
        "ui.shotlist.status.running", "ui.shotlist.status.failed", "ui.shotlist.status.missing", "ui.preview",
        "ui.inspector", "ui.inspector.field", "ui.inspector.value", "ui.inspector.editing",
        "ui.inspector.cursor",
        "ui.timeline", "ui.timeline.shot", "ui.timeline.shot.selected", "ui.timeline.transition",
        "ui.timeline.playhead", "ui.jobs", "ui.jobs.progress", "ui.jobs.progress.empty", "ui.statusline",
        "ui.statusline.mode", "ui.statusline.error", "ui.popup", "ui.popup.selected", "ui.popup.match",
        "ui.help.key",
    ]

    /// The fallback theme's style for `scope`, from the names of its parts (any of them, as a
    /// child takes its parent's modifiers): `selected`, `cursor` and `playhead` reverse, `title` bold.
    private static func fallbackStyle(for scope: String) -> CellStyle {
        var attributes: CellStyle.Attributes = []
        for part in scope.split(separator: ".") {
            switch part {
            case "selected", "cursor", "playhead": attributes.insert(.reverse)
            case "title": attributes.insert(.bold)
            default: break
            }
        }
        return CellStyle(attributes: attributes)
    }

    /// The nearest scope above `scope` that `styles` holds: for `ui.shotlist.selected`,
    /// `ui.shotlist` if present, else `ui`; `nil` when none is.
    static func definedParent<Value>(of scope: String, in styles: [String: Value]) -> String? {
        var key = Substring(scope)
        while let dot = key.lastIndex(of: ".") {
            key = key[..<dot]
            let parent = String(key)
            if styles[parent] != nil { return parent }
        }
        return nil
    }

    /// `scopes` ordered so that every scope comes after all of its parents (fewest dots first).
    static func parentsFirst(_ scopes: some Sequence<String>) -> [String] {
        scopes.map { (scope: $0, depth: $0.reduce(0) { $1 == "." ? $0 + 1 : $0 }) }
            .sorted { ($0.depth, $0.scope) < ($1.depth, $1.scope) }
            .map(\.scope)
    }
}
