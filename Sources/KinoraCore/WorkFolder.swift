import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A run's temporary folder inside the project (`cache/work/<purpose>-<id>/`), and the list of
/// files the run may leave half-written elsewhere, so that whatever a killed run left is found and
/// cleared by the next writable open of the project (``removeAbandoned(in:)``).
///
/// A live run holds an exclusive `flock` on the folder's `lock` file; the kernel drops it when the
/// process dies, however it dies, so a folder whose lock can be taken belongs to nobody. Creating a
/// folder and taking its lock happen under a shared lock on `cache/work/.lock`, which the cleaner
/// holds exclusively while it looks, so it never mistakes a folder being born for an abandoned one.
///
/// A run records its *outputs* (``record(output:)``): what it may leave is the hidden files beside
/// each one that Kinora writes before renaming into place, `.<name>.partial`, `.<name>.<id>.partial`
/// and `.<name>.tmp.<pid>.<n>` (see ``isLeftover(_:of:)``), never anything else.
///
/// `@unchecked Sendable`: `descriptor` is only changed by ``remove()``, under `lock`.
public final class WorkFolder: @unchecked Sendable {
    /// The folder, for the run's own temporary files.
    public let url: URL
    /// `true` when the folder is in the project (findable later), `false` when the project's cache
    /// could not be written and it is in the system's temporary folder instead.
    public let isInProject: Bool
    private let lock = NSLock()
    private var descriptor: Int32

    /// `cache/work`, relative to the project folder.
    public static let relativePath = "\(ProjectLayout.cacheFolder)/work"
    /// The file inside a work folder that its run holds locked.
    static let lockName = "lock"
    /// The file inside a work folder listing the run's outputs, one absolute path a line.
    static let outputsName = "outputs"
    /// The file in `cache/work` that orders creating folders against clearing them.
    static let guardName = ".lock"

    /// Makes a new work folder for a run of `purpose` (`export`) in `project`'s `cache/work`, or,
    /// when `project` is `nil` or its cache cannot be written, in the system's temporary folder.
    public init(in project: URL?, purpose: String) throws {
        let name = "\(purpose)-\(UUID().uuidString)"
        if let project, let made = Self.makeInProject(project, name: name) {
            (url, descriptor, isInProject) = (made.url, made.descriptor, true)
            return
        }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("kinora-\(name)")
        guard let made = Self.makeLocked(temporary) else {
            throw CreationFailed(path: temporary.path, reason: String(cString: strerror(errno)))
        }
        (url, descriptor, isInProject) = (made.url, made.descriptor, false)
    }

    /// No temporary folder could be made anywhere.
    public struct CreationFailed: UserFacingError {
        /// The folder that could not be made.
        public var path: String
        /// The system's reason.
        public var reason: String

        /// The message for people.
        public var userMessage: String {
            "Could not make the temporary folder \(TerminalText.sanitized(path)): \(reason). "
                + "Free some space there, or set TMPDIR to a folder that can be written."
        }

        /// A full or read-only disk is the person's to fix.
        public var isUserError: Bool { true }
    }

    deinit {
        remove()
    }

    /// Notes that the run writes `output`, so the hidden files it makes beside it are cleared if the
    /// run is killed. Best effort: a list that cannot be written only means nothing is found later.
    public func record(output: URL) {
        let line = Data((Self.resolved(output).path + "\n").utf8)
        let file = url.appendingPathComponent(Self.outputsName)
        let handle = open(file.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard handle >= 0 else { return }
        defer { close(handle) }
        _ = line.withUnsafeBytes { write(handle, $0.baseAddress, $0.count) }
    }

    /// Deletes the folder and gives up its lock. Safe to call twice.
    public func remove() {
        lock.withLock {
            guard descriptor >= 0 else { return }
            try? FileManager.default.removeItem(at: url)
            close(descriptor)
            descriptor = -1
        }
    }

    /// `true` when `name` (a file in `output`'s folder) is one of the hidden files Kinora writes
    /// before renaming it into place as `output`.
    public static func isLeftover(_ name: String, of output: URL) -> Bool {
        name.hasPrefix(".\(output.lastPathComponent).")
            && (name.hasSuffix(".partial") || name.contains(".tmp."))
    }

    /// `true` for a hidden file that is a leftover of an ended run: `.partial` (a render or page;
    /// written only by runs that hold a work folder, or by older runs), or `.tmp.<pid>.<n>` whose
    /// writing process has ended (an `AtomicFile` write that was killed).
    private static func isAbandonedHiddenFile(_ name: String) -> Bool {
        if name.hasSuffix(".partial") { return true }
        guard let range = name.range(of: ".tmp.", options: .backwards) else { return false }
        let parts = name[range.upperBound...].split(separator: ".")
        guard parts.count == 2, let pid = pid_t(parts[0]) else { return false }
        return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Clears what killed runs left in `project`: every work folder no live run holds, the hidden
    /// files beside the outputs they recorded, and hidden `.partial` files in `exports/` that no live
    /// run is writing. Only a writer (holding the project's lock) calls this.
    public static func removeAbandoned(in project: URL) {
        let root = project.appendingPathComponent(relativePath)
        var live: [URL] = []
        // A project could bring `cache/work` as a link to somewhere else: then nothing there is ours.
        if isRealFolder(project.appendingPathComponent(ProjectLayout.cacheFolder)), isRealFolder(root),
            let guardDescriptor = openGuard(in: root, creating: false)
        {
            defer { close(guardDescriptor) }
            _ = flock(guardDescriptor, LOCK_EX)
            var abandoned: [(folder: URL, outputs: [URL], descriptor: Int32)] = []
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
            for name in names where isWorkFolderName(name) && isRealFolder(root.appendingPathComponent(name))
            {
                let folder = root.appendingPathComponent(name)
                let outputs = recordedOutputs(in: folder)
                let held = open(folder.appendingPathComponent(lockName).path, O_RDWR | O_CLOEXEC)
                if held >= 0 && flock(held, LOCK_EX | LOCK_NB) != 0 {
                    live += outputs
                    close(held)
                } else {
                    abandoned.append((folder, outputs, held))
                }
            }
            for run in abandoned {
                // Two runs writing one output share its hidden files: a live one keeps them.
                for output in run.outputs where !live.contains(output) {
                    removeLeftovers(of: output)
                }
                try? FileManager.default.removeItem(at: run.folder)
                if run.descriptor >= 0 { close(run.descriptor) }
            }
        }
        // Hidden files in exports/ from runs that kept no list (or whose list was lost).
        let exports = project.appendingPathComponent(ProjectLayout.exportsFolder)
        let exportsPath = exports.resolvingSymlinksInPath().standardizedFileURL.path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: exports.path)) ?? []
        where name.hasPrefix(".") && isAbandonedHiddenFile(name) {
            let isLive = live.contains {
                $0.deletingLastPathComponent().path == exportsPath && isLeftover(name, of: $0)
            }
            if !isLive { removeIfOurs(exports.appendingPathComponent(name)) }
        }
    }

    /// `file` with its folder's symbolic links resolved, so two spellings of one place compare equal.
    private static func resolved(_ file: URL) -> URL {
        file.deletingLastPathComponent().resolvingSymlinksInPath().standardizedFileURL
            .appendingPathComponent(file.lastPathComponent)
    }

    /// Makes `name` in the project's `cache/work` with its lock held, under the guard's shared lock;
    /// `nil` when the cache cannot be written (or is a link to somewhere else).
    private static func makeInProject(_ project: URL, name: String) -> (url: URL, descriptor: Int32)? {
        let cache = project.appendingPathComponent(ProjectLayout.cacheFolder)
        let root = project.appendingPathComponent(relativePath)
        guard (try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)) != nil,
            isRealFolder(cache), isRealFolder(root), let guardDescriptor = openGuard(in: root, creating: true)
        else { return nil }
        defer { close(guardDescriptor) }
        guard flock(guardDescriptor, LOCK_SH) == 0 else { return nil }
        return makeLocked(root.appendingPathComponent(name))
    }

    /// Makes the folder `folder` and takes its lock; `nil` on failure (nothing is left).
    private static func makeLocked(_ folder: URL) -> (url: URL, descriptor: Int32)? {
        guard mkdir(folder.path, 0o700) == 0 else { return nil }
        let held = open(folder.appendingPathComponent(lockName).path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard held >= 0, flock(held, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            if held >= 0 { close(held) }
            try? FileManager.default.removeItem(at: folder)
            errno = code
            return nil
        }
        return (folder, held)
    }

    /// `true` for `<purpose>-<UUID>`, the only names ``removeAbandoned(in:)`` deletes in `cache/work`.
    private static func isWorkFolderName(_ name: String) -> Bool {
        guard name.count > 37 else { return false }
        let purpose = name.dropLast(37)
        let dash = name.dropFirst(purpose.count).first
        return dash == "-" && UUID(uuidString: String(name.suffix(36))) != nil
            && purpose.allSatisfy { $0.isASCII && $0.isLetter }
    }

    /// `true` when `url` is a folder itself, not a link to one.
    private static func isRealFolder(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Opens `cache/work/.lock` (creating it when asked); `nil` when it cannot be opened.
    private static func openGuard(in root: URL, creating: Bool) -> Int32? {
        let flags = O_RDWR | O_CLOEXEC | (creating ? O_CREAT : 0)
        let descriptor = open(root.appendingPathComponent(guardName).path, flags, 0o644)
        return descriptor >= 0 ? descriptor : nil
    }

    /// The outputs a work folder's run recorded.
    private static func recordedOutputs(in folder: URL) -> [URL] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent(outputsName), encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").filter { $0.hasPrefix("/") }.map {
            URL(fileURLWithPath: String($0))
        }
    }

    /// Deletes the hidden files beside `output` that a killed run left.
    private static func removeLeftovers(of output: URL) {
        let folder = output.deletingLastPathComponent()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where isLeftover(name, of: output) && isAbandonedHiddenFile(name) {
            removeIfOurs(folder.appendingPathComponent(name))
        }
    }

    /// Deletes `file` if it is a plain file (not a link, not a folder) of this user's.
    private static func removeIfOurs(_ file: URL) {
        var info = stat()
        guard lstat(file.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid() else {
            return
        }
        unlink(file.path)
    }
}
