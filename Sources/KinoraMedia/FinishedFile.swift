import Foundation
import Glibc

/// The last step of writing any file under a temporary name: flush it to disk, rename it over the
/// name asked for, and flush the folder, so even a power cut leaves the old file or the whole new one
/// there, never part of one.
public enum FinishedFile {
    /// Moves the complete file `partial` into place as `output`.
    ///
    /// - Throws: ``MediaError/diskFull(path:shortage:)`` when the disk is full (flushing can be where a
    ///   network or thin-provisioned disk says so), else ``MediaError/encodeFailed(path:reason:)``;
    ///   `partial` is then left for the caller to remove.
    public static func moveIntoPlace(_ partial: URL, as output: URL) throws {
        let descriptor = open(partial.path, O_RDONLY | O_CLOEXEC)
        var failed: Int32 = 0
        if descriptor < 0 || fsync(descriptor) != 0 { failed = errno }
        if descriptor >= 0 { close(descriptor) }
        if failed == 0 && rename(partial.path, output.path) != 0 { failed = errno }
        guard failed == 0 else {
            if let shortage = DiskShortage.diagnose(
                writing: output, need: .about(size(of: partial)), errorCode: failed)
            {
                throw MediaError.diskFull(path: output.path, shortage: shortage)
            }
            throw MediaError.encodeFailed(
                path: output.path,
                reason:
                    "the finished file could not be moved into place (\(SubprocessError.describe(failed)))")
        }
        let folder = open(output.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// The size of `file` in bytes (0 when it is missing).
    public static func size(of file: URL) -> Int64 {
        var info = stat()
        return stat(file.path, &info) == 0 ? Int64(info.st_size) : 0
    }
}
