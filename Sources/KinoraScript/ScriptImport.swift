import KinoraCore

/// What importing a script makes of a storyboard: the storyboard after the import, and the changes that
/// take it there (what `--dry-run` prints).
public struct ScriptImport: Sendable, Equatable {
    /// The storyboard with the script merged in.
    public var project: Project
    /// Every change, title and cast first, then the shots in the new film order.
    public var changes: [ScriptChange]
    /// What the person should know beyond the changes: how the file was read (not UTF-8), the wrong
    /// script perhaps, a speaker that looks renamed.
    public var warnings: [String]

    /// An import's result.
    public init(project: Project, changes: [ScriptChange], warnings: [String] = []) {
        self.project = project
        self.changes = changes
        self.warnings = warnings
    }

    /// The changes of `kind`.
    public func changes(_ kind: ScriptChange.Kind) -> [ScriptChange] {
        changes.filter { $0.kind == kind }
    }
}
