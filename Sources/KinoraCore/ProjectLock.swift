import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps a second writer out of a project folder.
///
/// Two advisory `flock`s, which the kernel drops when the holder exits, even by SIGKILL, so a crash
/// never leaves a project locked: one on the project folder itself (where the file system can lock a
/// folder), which no `rm` or `git clean` can take away while the folder exists, and one on
/// `.kinora.lock`, which names the holder (pid and host)
/// for the message and keeps out Kinoras that only know that file. Before each save the holder checks
/// that the lock file it holds is still the one on disk (``verify()``): a deleted one is made again.
final class ProjectLock {
    private let folder: URL
    private var folderDescriptor: Int32
    private var fileDescriptor: Int32

    private var lockPath: String { folder.appendingPathComponent(ProjectLayout.lockFile).path }

    /// Takes the lock on `folder`, retrying until `wait` seconds have passed; throws `.locked` naming the
    /// holder when another process keeps it.
    init(folder: URL, wait: Double) throws {
        self.folder = folder
        let path = folder.appendingPathComponent(ProjectLayout.lockFile).path
        let deadline = Date().addingTimeInterval(wait)
        // The folder first: while another writer holds it, this one touches nothing, not even the file.
        // Where a folder cannot be locked (a folder this user cannot list; network file systems that
        // lock only files open for writing), the file's lock alone keeps writers out.
        var folderDescriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            switch ProjectLock.lock(folderDescriptor, until: deadline) {
            case .taken:
                break
            case .held:
                close(folderDescriptor)
                throw StoryboardError.locked(folder: folder.path, holder: ProjectLock.holder(of: folder))
            case .unsupported:
                close(folderDescriptor)
                folderDescriptor = -1
            }
        }
        let fileDescriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        var failure = fileDescriptor >= 0 ? nil : errno
        if fileDescriptor >= 0 {
            switch ProjectLock.lock(fileDescriptor, until: deadline) {
            case .taken:
                break
            case .held:
                close(fileDescriptor)
                if folderDescriptor >= 0 { close(folderDescriptor) }
                throw StoryboardError.locked(folder: folder.path, holder: ProjectLock.holder(of: folder))
            case .unsupported:
                failure = errno
                close(fileDescriptor)
            }
        }
        if let failure {
            if folderDescriptor >= 0 { close(folderDescriptor) }
            throw StoryboardError.saveFailed(
                file: path, reason: "could not take the lock (\(String(cString: strerror(failure))))")
        }
        self.folderDescriptor = folderDescriptor
        self.fileDescriptor = fileDescriptor
        ProjectLock.nameHolder(in: fileDescriptor)
    }

    /// Checks, before a save, that this process still holds the project: the folder is the one it
    /// locked, and `.kinora.lock` is the file it holds. A lock file that was deleted (`git clean -fdX`
    /// removes it) or replaced is taken again; throws `.lockLost` when it cannot be, because another
    /// process holds the new one.
    func verify() throws {
        guard fileDescriptor >= 0 else { throw StoryboardError.openedReadOnly(folder: folder.path) }
        guard folderDescriptor < 0 || ProjectLock.isOnDisk(folderDescriptor, at: folder.path) else {
            throw StoryboardError.lockLost(
                folder: folder.path,
                reason: "the project folder was moved, deleted or replaced while this Kinora was writing")
        }
        if ProjectLock.isOnDisk(fileDescriptor, at: lockPath) { return }
        // Deleted again between open and flock: try a few times.
        for _ in 0..<3 {
            let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw StoryboardError.lockLost(
                    folder: folder.path,
                    reason: "\(lockPath) was deleted and could not be made again "
                        + "(\(String(cString: strerror(errno))))")
            }
            // A moment's grace: a lock let go a moment ago can linger while a child process starts.
            guard ProjectLock.lock(descriptor, until: Date().addingTimeInterval(1)) == .taken else {
                let holder = ProjectLock.holder(of: folder)
                close(descriptor)
                throw StoryboardError.lockLost(
                    folder: folder.path,
                    reason: "\(lockPath) was deleted while this Kinora was writing, and another process "
                        + "(\(holder)) took a new one")
            }
            if ProjectLock.isOnDisk(descriptor, at: lockPath) {
                close(fileDescriptor)
                fileDescriptor = descriptor
                ProjectLock.nameHolder(in: descriptor)
                return
            }
            close(descriptor)
        }
        throw StoryboardError.lockLost(
            folder: folder.path, reason: "\(lockPath) keeps being deleted while this Kinora is writing")
    }

    /// Gives the lock up; further calls do nothing.
    func release() {
        guard fileDescriptor >= 0 else { return }
        if ProjectLock.isOnDisk(fileDescriptor, at: lockPath) { ftruncate(fileDescriptor, 0) }
        flock(fileDescriptor, LOCK_UN)
        close(fileDescriptor)
        if folderDescriptor >= 0 {
            flock(folderDescriptor, LOCK_UN)
            close(folderDescriptor)
        }
        fileDescriptor = -1
        folderDescriptor = -1
    }

    deinit { release() }

    /// Whether a writer holds `folder` right now. Writes nothing: readers ask this to know whether takes
    /// recorded as running are really being made.
    static func isHeld(folder: URL) -> Bool {
        let path = folder.appendingPathComponent(ProjectLayout.lockFile).path
        for (target, flags) in [(folder.path, O_RDONLY | O_DIRECTORY), (path, O_RDONLY)] {
            let descriptor = open(target, flags | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else { return true }
            flock(descriptor, LOCK_UN)
        }
        return false
    }

    /// Who holds `folder`: what its lock file says (pid and host), else the process the kernel lists as
    /// holding the folder's lock (its pid and name), else "another process".
    static func holder(of folder: URL) -> String {
        let path = folder.appendingPathComponent(ProjectLayout.lockFile).path
        if let data = FileManager.default.contents(atPath: path) {
            let text = String(decoding: data.prefix(256), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { return text }
        }
        var status = stat()
        if stat(folder.path, &status) == 0,
            let pid = LockTable.holder(device: status.st_dev, inode: status.st_ino)
        {
            let name = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            return name.map { "pid \(pid), \($0)" } ?? "pid \(pid)"
        }
        return "another process"
    }

    /// How taking a lock went.
    private enum Outcome {
        /// This process holds it.
        case taken
        /// Another process held it until the deadline.
        case held
        /// The file system cannot lock this file (`errno` says why).
        case unsupported
    }

    /// Takes an exclusive lock on `descriptor`, retrying until `deadline`.
    private static func lock(_ descriptor: Int32, until deadline: Date) -> Outcome {
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { return .unsupported }
            guard Date() < deadline else { return .held }
            usleep(20_000)
        }
        return .taken
    }

    /// Whether `path` is the file `descriptor` has open (same device and inode).
    private static func isOnDisk(_ descriptor: Int32, at path: String) -> Bool {
        var held = stat()
        var named = stat()
        guard fstat(descriptor, &held) == 0, stat(path, &named) == 0 else { return false }
        return held.st_dev == named.st_dev && held.st_ino == named.st_ino
    }

    /// Writes "pid N on HOST" into the lock file; a full disk leaves it empty, and then the kernel's lock
    /// table names the holder.
    private static func nameHolder(in descriptor: Int32) {
        let holder = "pid \(getpid()) on \(ProcessInfo.processInfo.hostName)\n"
        ftruncate(descriptor, 0)
        _ = holder.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }
}
