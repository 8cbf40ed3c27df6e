import Foundation
import Glibc

/// Checks an input path before ffmpeg or ffprobe is asked to open it.
///
/// ffmpeg's own messages for a missing or empty file are cryptic; these checks give the
/// specific ``MediaError`` instead.
public enum InputFile {
    /// Throws ``MediaError/fileMissing(path:)``, ``MediaError/emptyFile(path:)`` or
    /// ``MediaError/unreadable(path:reason:)`` (a folder, no permission) as appropriate.
    static func check(_ url: URL) throws {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MediaError.fileMissing(path: path)
        }
        if isDirectory.boolValue {
            throw MediaError.unreadable(path: path, reason: "it is a folder, not a file")
        }
        guard access(path, R_OK) == 0 else {
            throw MediaError.unreadable(path: path, reason: "permission denied")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let type = attributes?[.type] as? FileAttributeType
        let size = (attributes?[.size] as? NSNumber)?.int64Value
        if type == .typeRegular, size == 0 {
            throw MediaError.emptyFile(path: path)
        }
    }

    /// The argument that makes ffmpeg open `url` as a plain file, whatever its name looks
    /// like (a name with `:` could otherwise be taken for a protocol such as `http:`).
    public static func ffmpegArgument(_ url: URL) -> String {
        "file:" + url.path
    }
}
