import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ProjectPath {
    /// What stands at a path, seen without following a symbolic link there (`lstat`, not `stat`).
    public enum Entry: Sendable, Equatable {
        /// Nothing.
        case missing
        /// A real folder.
        case folder
        /// A regular file.
        case file
        /// A symbolic link, with what it says it points to.
        case link(to: String)
        /// Anything else: a socket, a FIFO, a device.
        case other

        /// "a link to /elsewhere", "a folder": what stands there, for messages.
        public var description: String {
            switch self {
            case .missing: "nothing"
            case .folder: "a folder"
            case .file: "a file"
            case .link(let target): "a link to \(target)"
            case .other: "a special file"
            }
        }
    }

    /// What stands at `url`; a link is reported as a link, wherever it leads (or if it leads nowhere).
    public static func entry(at url: URL) -> Entry {
        var status = stat()
        guard lstat(url.path, &status) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFREG: return .file
        case S_IFLNK:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) ?? "?"
            return .link(to: target)
        default: return .other
        }
    }
}
