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
        let staged = try stage(data, for: url)
        do {
            if let backup {
                try keepBackup(of: url, at: backup)
            }
            try commit(staged, to: url)
        } catch let error as SystemError {
            discard(staged)
            throw failure(url, error.code, writing: data.count)
        } catch {
            discard(staged)
            throw error
        }
    }

    /// The first half of ``write(_:to:backup:)``: `data` written and synced beside `url` under a temporary
    /// name (`.NAME.tmp.*`), for ``commit(_:to:)`` to move into place once everything else has worked,
    /// or ``discard(_:)`` to remove. On failure nothing is left behind.
    public static func stage(_ data: Data, for url: URL) throws -> URL {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(url, errno, writing: data.count) }
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
                        throw SystemError(code: errno)
                    }
                    offset += written
                }
            }
            guard fsync(descriptor) == 0 else { throw SystemError(code: errno) }
            closed = true
            guard close(descriptor) == 0 else { throw SystemError(code: errno) }
        } catch let error as SystemError {
            // Gone before the message is made, so the free space it reports is what is really free.
            unlink(temporary.path)
            throw failure(url, error.code, writing: data.count)
        }
        return temporary
    }

    /// Moves a file made by ``stage(_:for:)`` to `url`, replacing what was there in one step.
    public static func commit(_ staged: URL, to url: URL) throws {
        guard rename(staged.path, url.path) == 0 else {
            let code = errno
            var status = stat()
            throw failure(url, code, writing: stat(staged.path, &status) == 0 ? Int(status.st_size) : 0)
        }
        syncFolder(url.deletingLastPathComponent())
    }

    /// Removes a file made by ``stage(_:for:)`` that will not be committed.
    public static func discard(_ staged: URL) {
        unlink(staged.path)
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
            throw SystemError(code: errno)
        }
        guard rename(staging, backup.path) == 0 else {
            let code = errno
            unlink(staging)
            throw SystemError(code: code)
        }
    }

    /// A failed system call's errno, turned into a message once the temporary file is gone.
    private struct SystemError: Error {
        var code: Int32
    }

    private static func syncFolder(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// What went wrong writing `bytes` to `url`; on a full disk, how much was needed and where.
    private static func failure(_ url: URL, _ code: Int32, writing bytes: Int) -> StoryboardError {
        let reason: String
        switch code {
        case EACCES, EPERM: reason = "permission denied"
        case EROFS: reason = "the file system is read-only"
        case ENOSPC: reason = DiskSpace.fullDiskReason(writing: bytes, to: url)
        case EDQUOT:
            reason =
                "your disk quota is used up (writing it needs \(DiskSpace.describe(bytes: Int64(bytes))))"
        default: reason = String(cString: strerror(code))
        }
        return StoryboardError.saveFailed(file: url.path, reason: reason)
    }
}
