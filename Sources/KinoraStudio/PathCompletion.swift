/// Shell-like completion of a typed path over a directory listing the app reads for it (pure: it
/// never touches the file system).
///
/// On Tab the app splits what was typed into a directory and a name prefix, lists that directory
/// (`resolved(_:home:)` gives the path to list), completes the prefix against the listing, and puts
/// `directory + completion.completed` back in the field.
public enum PathCompletion {
    /// One name in a directory listing.
    public struct Entry: Hashable, Sendable {
        /// The file or directory name, without a path.
        public var name: String
        /// Whether it is a directory (or a link to one).
        public var isDirectory: Bool

        /// An entry named `name`.
        public init(name: String, isDirectory: Bool) {
            self.name = name
            self.isDirectory = isDirectory
        }
    }

    /// What Tab does to a typed name.
    struct Completion: Hashable, Sendable {
        /// What the typed name becomes: the longest prefix all matches share (never shorter than
        /// what was typed), with `/` after it when it is one directory. Equal to the typed prefix
        /// when there is nothing to add.
        var completed: String
        /// What `completed` adds after the typed prefix; empty when nothing was added or when the
        /// only match differs from the typed prefix in case (then replace the name with `completed`).
        var addition: String
        /// The matching entries to list: directories first, then files, each in natural order
        /// (case-insensitive, numbers by value: `shot2` before `shot10`).
        var matches: [Entry]

        /// Whether exactly one entry matched (Tab completed it fully).
        var isUnique: Bool { matches.count == 1 }
    }

    /// Splits what was typed into the directory part (up to and including the last `/`, as typed,
    /// `~` kept) and the name prefix after it. A lone `~` is the home directory (`~/`); no slash
    /// means the working directory (an empty directory part).
    static func split(_ typed: String) -> (directory: String, prefix: String) {
        if typed == "~" { return ("~/", "") }
        guard let slash = typed.lastIndex(of: "/") else { return ("", typed) }
        let afterSlash = typed.index(after: slash)
        return (String(typed[..<afterSlash]), String(typed[afterSlash...]))
    }

    /// The path to list for a directory part from `split(_:)`: `~` expanded to `home`, the empty
    /// part as `.`.
    public static func resolved(_ directory: String, home: String) -> String {
        if directory.isEmpty { return "." }
        if directory == "~" { return home }
        if directory.hasPrefix("~/") {
            let rest = directory.dropFirst(2)
            return home.hasSuffix("/") ? home + rest : home + "/" + rest
        }
        return directory
    }

    /// Completes `prefix` against `entries`. Names match when they start with `prefix`; when none
    /// does, case is ignored. Dotfiles are hidden unless `prefix` starts with `.`; `.` and `..` never
    /// match.
    static func complete(prefix: String, entries: [Entry]) -> Completion {
        let showsHidden = prefix.hasPrefix(".")
        let candidates = entries.filter { entry in
            entry.name != "." && entry.name != ".." && !entry.name.isEmpty
                && (showsHidden || !entry.name.hasPrefix("."))
        }
        var matches = candidates.filter { $0.name.hasPrefix(prefix) }
        if matches.isEmpty {
            let lowered = prefix.lowercased()
            matches = candidates.filter { $0.name.lowercased().hasPrefix(lowered) }
        }
        matches.sort { lhs, rhs in
            if lhs.isDirectory != rhs.isDirectory { return lhs.isDirectory }
            return naturalOrder(lhs.name, rhs.name)
        }

        var completed = prefix
        if matches.count == 1, let only = matches.first {
            completed = only.isDirectory ? only.name + "/" : only.name
        } else if let first = matches.first {
            let shared = matches.dropFirst().reduce(first.name) { commonPrefix($0, $1.name) }
            if shared.count > prefix.count, shared.hasPrefix(prefix) { completed = shared }
        }
        let addition = completed.hasPrefix(prefix) ? String(completed.dropFirst(prefix.count)) : ""
        return Completion(completed: completed, addition: addition, matches: matches)
    }

    /// The file extensions of pictures and videos Kinora can import, lower-case.
    static let mediaExtensions: Set<String> = [
        "png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff", "gif", "mp4", "mov", "mkv", "webm", "avi", "m4v",
    ]

    /// Whether `name` is a picture or video Kinora can import, by its extension, ignoring case
    /// (a dotfile named `.png` has no extension and is not).
    static func isMediaFile(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        let fileExtension = name[name.index(after: dot)...]
        return mediaExtensions.contains(fileExtension.lowercased())
    }

    /// The longest common prefix of two names, in whole graphemes.
    private static func commonPrefix(_ lhs: String, _ rhs: String) -> String {
        var shared = ""
        for (left, right) in zip(lhs, rhs) {
            guard left == right else { break }
            shared.append(left)
        }
        return shared
    }

    /// Whether `lhs` sorts before `rhs`: case-insensitive, runs of digits by value, then by case
    /// and spelling so the order is total.
    static func naturalOrder(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.lowercased().unicodeScalars)
        let right = Array(rhs.lowercased().unicodeScalars)
        var i = 0
        var j = 0
        while i < left.count, j < right.count {
            if isDigit(left[i]), isDigit(right[j]) {
                let leftEnd = left[i...].firstIndex { !isDigit($0) } ?? left.count
                let rightEnd = right[j...].firstIndex { !isDigit($0) } ?? right.count
                let leftDigits = left[i..<leftEnd].drop { $0 == "0" }
                let rightDigits = right[j..<rightEnd].drop { $0 == "0" }
                if leftDigits.count != rightDigits.count { return leftDigits.count < rightDigits.count }
                for (a, b) in zip(leftDigits, rightDigits) where a != b { return a.value < b.value }
                i = leftEnd
                j = rightEnd
            } else {
                if left[i] != right[j] { return left[i].value < right[j].value }
                i += 1
                j += 1
            }
        }
        if left.count - i != right.count - j { return left.count - i < right.count - j }
        return lhs < rhs
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }
}
