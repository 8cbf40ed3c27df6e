import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Free space on the file system that holds a path, for saying how much a write needed and where when a
/// disk is full.
public enum DiskSpace {
    /// Bytes an unprivileged process may still write on the file system holding `url` (a file or
    /// folder; a file that does not exist yet is looked up through its folder).
    public static func available(at url: URL) -> Int64? {
        var info = statvfs()
        guard statvfs(existing(url).path, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    /// Where the file system holding `url` is mounted: the highest folder above it on the same device.
    public static func mountPoint(of url: URL) -> String {
        var current = existing(url).standardizedFileURL
        var status = stat()
        guard stat(current.path, &status) == 0 else { return current.path }
        let device = status.st_dev
        while current.path != "/" {
            let parent = current.deletingLastPathComponent()
            guard stat(parent.path, &status) == 0, status.st_dev == device else { break }
            current = parent
        }
        return current.path
    }

    /// Why a write of `bytes` into `url` failed on a full disk: what it needed and where, with the space
    /// left there.
    public static func fullDiskReason(writing bytes: Int, to url: URL) -> String {
        let free = available(at: url).map { ", and \(describe(bytes: $0)) are free there" } ?? ""
        return
            "the disk is full: writing \(url.lastPathComponent) needs at least \(describe(bytes: Int64(bytes))) "
            + "on the file system at \(mountPoint(of: url))\(free); free some space there"
    }

    /// `512 bytes`, `12 KB`, `3.4 MB`, `1.2 GB`.
    public static func describe(bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        let units = ["KB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return value < 10
            ? String(format: "%.1f %@", value, units[unit]) : "\(Int(value.rounded())) \(units[unit])"
    }

    /// `url`, or its nearest folder that exists.
    private static func existing(_ url: URL) -> URL {
        var current = url
        while !FileManager.default.fileExists(atPath: current.path) && current.path != "/" {
            current = current.deletingLastPathComponent()
        }
        return current
    }
}
