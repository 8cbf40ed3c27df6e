import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The kernel's table of file locks (`/proc/locks` on Linux): who holds a lock on a file, even one whose
/// name is gone.
enum LockTable {
    /// The pid of the process holding an `flock` write lock on the file with `device` and `inode`, when
    /// the table lists one.
    static func holder(device: dev_t, inode: ino_t, table: String? = nil) -> Int32? {
        guard let text = table ?? (try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) else {
            return nil
        }
        let wanted = "\(String(major(device), radix: 16)):\(String(minor(device), radix: 16)):\(inode)"
        for line in text.split(separator: "\n") {
            // "1: FLOCK  ADVISORY  WRITE 4242 fe:00:123456 0 EOF"; waiters have "->" after the number.
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "FLOCK", fields[3] == "WRITE", let pid = Int32(fields[4]),
                normalized(fields[5]) == wanted
            else { continue }
            return pid
        }
        return nil
    }

    /// `fe:00:123` with the device numbers' leading zeros dropped, to compare with ``holder(device:inode:table:)``.
    private static func normalized(_ field: Substring) -> String {
        let parts = field.split(separator: ":")
        guard parts.count == 3, let high = UInt64(parts[0], radix: 16), let low = UInt64(parts[1], radix: 16)
        else { return String(field) }
        return "\(String(high, radix: 16)):\(String(low, radix: 16)):\(parts[2])"
    }

    /// The device's major number, as the kernel splits a `dev_t`.
    private static func major(_ device: dev_t) -> UInt64 {
        let value = UInt64(device)
        return ((value >> 8) & 0xfff) | ((value >> 32) & ~0xfff)
    }

    /// The device's minor number.
    private static func minor(_ device: dev_t) -> UInt64 {
        let value = UInt64(device)
        return (value & 0xff) | ((value >> 12) & ~0xff)
    }
}
