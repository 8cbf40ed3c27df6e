import Foundation
import Glibc

/// A small tmpfs the test mounts for itself, so "the disk is full" can be tried for real without
/// filling the machine's disk. Mounting needs root (CI runs as root); elsewhere ``isAvailable`` is
/// `false` and the tests that need one are skipped (with the reason), never passed.
///
/// `unmount()` must always be called (use `defer`); it also removes the mount point.
public final class TinyDisk {
    /// Where the tmpfs is mounted.
    public let folder: URL

    /// `true` when this process can mount a tmpfs (root, and `mount` works here): checked once by
    /// really mounting and unmounting one, before any test that needs it runs.
    public static let isAvailable: Bool = {
        guard geteuid() == 0, let probe = try? TinyDisk(bytes: 64 * 1024) else { return false }
        probe.unmount()
        return true
    }()

    /// Mounts a new tmpfs of `bytes` (rounded up to whole pages by the kernel) on a new folder.
    public init(bytes: Int) throws {
        let mountPoint = try TestFiles.folder()
        try TestFiles.run([
            "mount", "-t", "tmpfs", "-o", "size=\(bytes),mode=0755", "kinora-test-tmpfs", mountPoint.path,
        ])
        folder = mountPoint
    }

    /// Bytes the file system still has for files.
    public var availableBytes: Int {
        var info = statvfs()
        guard statvfs(folder.path, &info) == 0 else { return 0 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// Takes up space with a filler file until only `bytes` (rounded down to a page) are left.
    public func leave(_ bytes: Int) throws {
        let filler = folder.appendingPathComponent("filler")
        let current = (try? FileManager.default.attributesOfItem(atPath: filler.path)[.size] as? Int) ?? 0
        let target = max(0, current + availableBytes - bytes)
        let descriptor = open(filler.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(descriptor) }
        guard ftruncate(descriptor, 0) == 0, target == 0 || posix_fallocate(descriptor, 0, off_t(target)) == 0
        else { throw CocoaError(.fileWriteOutOfSpace) }
    }

    /// Unmounts the tmpfs (lazily if something still has a file open there) and removes the folder.
    public func unmount() {
        if (try? TestFiles.run(["umount", folder.path])) == nil {
            try? TestFiles.run(["umount", "-l", folder.path])
        }
        try? FileManager.default.removeItem(at: folder)
    }
}
