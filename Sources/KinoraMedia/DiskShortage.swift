import Foundation
import Glibc

/// Why a file did not fit: how much room the file system holding its folder has, and roughly how much
/// the file needed, so the message says where to free space and how much (or to write elsewhere).
public struct DiskShortage: Sendable, Equatable {
    /// How much the file needed, as far as can be told.
    public enum Need: Sendable, Equatable {
        /// An estimate: from the bytes written for the frames done so far, from the plan, or exact.
        case about(Int64)
        /// At least this much: what had been written when the disk filled up, and more.
        case moreThan(Int64)
    }

    /// The folder the file was being written in.
    public var folder: String
    /// Where the file system holding `folder` is mounted (`/` for the root file system).
    public var mountPoint: String
    /// The bytes that file system had free for us when the write failed.
    public var availableBytes: Int64
    /// How much the file needed.
    public var need: Need

    /// Below this much free space a failed write is taken to be the disk's fault even when the tool
    /// did not say so (ffmpeg says only "Error initializing output stream" when nothing is free).
    static let nearlyFull: Int64 = 1 << 20

    /// A shortage of room in `folder`'s file system; `nil` when it cannot be measured.
    public static func measure(folder: URL, need: Need) -> DiskShortage? {
        var info = statvfs()
        guard statvfs(folder.path, &info) == 0 else { return nil }
        return DiskShortage(
            folder: folder.path, mountPoint: mountPoint(of: folder.path),
            availableBytes: Int64(info.f_bavail) * Int64(info.f_frsize), need: need)
    }

    /// The shortage behind a failed write of `output`, or `nil` when the failure was something else:
    /// the tool's stderr or the system call (`errorCode`) said no space was left, or the file system has
    /// less room than the file needs and almost none at all. An estimate no larger than the room there
    /// is becomes "more than" that room: the file did not fit.
    public static func diagnose(writing output: URL, need: Need, stderr: String = "", errorCode: Int32? = nil)
        -> DiskShortage?
    {
        let folder = output.deletingLastPathComponent()
        guard var shortage = measure(folder: folder, need: need) else { return nil }
        let needed: Int64
        switch need {
        case .about(let bytes): needed = bytes
        case .moreThan(let bytes): needed = bytes + 1
        }
        let saysFull = FFmpegDiagnostics.reportsNoSpace(stderr) || errorCode == ENOSPC || errorCode == EDQUOT
        guard saysFull || shortage.availableBytes < min(max(needed, 1), nearlyFull) else { return nil }
        // What was written fitted: the file needs more than the room there is, whatever the estimate.
        if needed <= shortage.availableBytes { shortage.need = .moreThan(shortage.availableBytes) }
        return shortage
    }

    /// "the disk is full: the folder F (on the file system mounted at M) has 40 KB free, and the file
    /// needs about 290 KB. Free some space there, or write it to another disk", for inside a sentence.
    public var explanation: String {
        let needs: String
        switch need {
        case .about(let bytes): needs = "needs about \(Self.text(bytes))"
        case .moreThan(let bytes) where bytes > 0: needs = "needs more than \(Self.text(bytes))"
        case .moreThan: needs = "needs more room than that"
        }
        let place =
            mountPoint == folder
            ? "the folder \(MediaError.show(folder)) (a file system of its own)"
            : "the folder \(MediaError.show(folder)) (on the file system mounted at \(MediaError.show(mountPoint)))"
        return "the disk is full: \(place) has \(Self.text(availableBytes)) free, and the file \(needs). "
            + "Free some space there, or write it to another disk"
    }

    /// "0 bytes", "40 KB", "1.2 MB", "3.4 GB" (1024-based, as `df -h` counts).
    static func text(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(max(bytes, 0)) bytes" }
        if bytes < 1 << 20 { return "\((bytes + 1023) / 1024) KB" }
        if bytes < 1 << 30 { return String(format: "%.1f MB", Double(bytes) / Double(1 << 20)) }
        return String(format: "%.1f GB", Double(bytes) / Double(1 << 30))
    }

    /// The top folder of the file system holding `path`: the last folder on the way up to `/` that is
    /// still on the same device.
    static func mountPoint(of path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return path }
        let device = info.st_dev
        var current = URL(fileURLWithPath: path).standardizedFileURL
        while current.path != "/" {
            let parent = current.deletingLastPathComponent()
            guard stat(parent.path, &info) == 0, info.st_dev == device else { break }
            current = parent
        }
        return current.path
    }
}
