import Foundation
import KinoraTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A small tmpfs mounted by the test, to be filled until a few KB are free: a full disk without filling
/// the machine's. Mounting needs root (CI runs as root); where it cannot be done, the tests that need it
/// are skipped with ``SmallDisk/unavailableReason`` rather than passed.
final class SmallDisk {
    /// Where it is mounted.
    let folder: URL

    /// Whether a tmpfs can be mounted here, tried once by mounting and unmounting one.
    static let canMount: Bool = {
        guard geteuid() == 0, let disk = try? SmallDisk(bytes: 64 << 10) else { return false }
        disk.unmount()
        return true
    }()

    /// Why the disk-full tests are skipped when ``canMount`` is false.
    static let unavailableReason: Comment =
        "needs root and permission to mount a tmpfs (CI runs as root); skipped, not passed"

    /// Mounts a new tmpfs of `bytes` on a new temporary folder.
    init(bytes: Int) throws {
        let mountPoint = try TestFiles.folder()
        guard mount("tmpfs", mountPoint.path, "tmpfs", 0, "size=\(bytes),mode=0755") == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: mountPoint)
            throw CocoaError(
                .fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "mounting a tmpfs failed: \(reason)"]
            )
        }
        folder = mountPoint
    }

    /// Bytes free on it.
    var available: Int64 {
        var info = statvfs()
        guard statvfs(folder.path, &info) == 0 else { return 0 }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    /// Fills it with a file until about `free` bytes are left (to a 4 KB page).
    func fill(leaving free: Int64) throws {
        let filler = folder.appendingPathComponent("filler-\(UUID().uuidString)")
        let size = max(0, available - free)
        let descriptor = open(filler.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(descriptor) }
        if size > 0, posix_fallocate(descriptor, 0, off_t(size)) != 0 {
            throw CocoaError(.fileWriteOutOfSpace)
        }
    }

    /// Removes what ``fill(leaving:)`` wrote.
    func empty() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
        where name.hasPrefix("filler-") {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// Unmounts it (lazily, should a file still be open) and removes the mount point.
    func unmount() {
        if umount2(folder.path, Int32(MNT_DETACH)) == 0 {
            try? FileManager.default.removeItem(at: folder)
        }
    }
}
