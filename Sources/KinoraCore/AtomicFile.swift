import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes files so that a reader, or a process killed at any instant, sees the old bytes or the new ones,
/// never a mixture: temporary file, fsync, rename, fsync of the folder.
public enum AtomicFile {
    /// Replaces `url` with `data`. When `backup` is given, the previous contents are kept there first
    /// (as a hard link, so this costs no copy). On failure nothing at `url` has changed.
    public static func write(_ data: Data, to url: URL, backup: URL? = nil) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(
            ".\(url.lastPathComponent).tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(url, errno) }
        var closed = false
        defer {
            if !closed { close(descriptor) }
        }
        do {
            try data.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(
                        descriptor, buffer.baseAddress?.advanced(by: offset), buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw failure(url, errno)
                    }
                    offset += written
                }
            }
            guard fsync(descriptor) == 0 else { throw failure(url, errno) }
            closed = true
            guard close(descriptor) == 0 else { throw failure(url, errno) }
            if let backup {
                try keepBackup(of: url, at: backup)
            }
            guard rename(temporary.path, url.path) == 0 else { throw failure(url, errno) }
        } catch {
            unlink(temporary.path)
            throw error
        }
        syncFolder(folder)
    }

    /// Deletes temporary files an interrupted write left beside `url`.
    public static func removeLeftovers(besides url: URL) {
        let folder = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).tmp."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            unlink(folder.appendingPathComponent(name).path)
        }
    }

    private static func keepBackup(of url: URL, at backup: URL) throws {
        let staging = backup.path + ".tmp"
        unlink(staging)
        guard link(url.path, staging) == 0 else {
            if errno == ENOENT { return }  // first save: nothing to keep
            throw failure(url, errno)
        }
        guard rename(staging, backup.path) == 0 else {
            let code = errno
            unlink(staging)
            throw failure(url, code)
        }
    }

    private static func syncFolder(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private static func failure(_ url: URL, _ code: Int32) -> StoryboardError {
        let reason: String
        switch code {
        case EACCES, EPERM: reason = "permission denied"
        case EROFS: reason = "the file system is read-only"
        case ENOSPC, EDQUOT: reason = "the disk is full"
        default: reason = String(cString: strerror(code))
        }
        return StoryboardError.saveFailed(file: url.path, reason: reason)
    }
}
