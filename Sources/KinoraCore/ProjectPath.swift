/// Rules for paths stored in a storyboard: always relative, always inside the project folder.
public enum ProjectPath {
    /// Whether `path` is relative, non-empty and cannot climb out of the folder (no `..`, no leading `/`,
    /// no NUL, no backslash tricks).
    public static func isContained(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.hasPrefix("~"),
            !path.contains("\0"), !path.contains("\\")
        else { return false }
        return !path.split(separator: "/", omittingEmptySubsequences: false).contains {
            $0 == ".." || $0.isEmpty
        }
    }

    /// Whether `path` is contained and sits in the given top-level folder (`assets`, `takes`).
    public static func isContained(_ path: String, under folder: String) -> Bool {
        isContained(path) && path.hasPrefix(folder + "/")
    }
}
