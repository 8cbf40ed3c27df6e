import Foundation
import KinoraCore

/// A file given as a cast entry's reference picture (`kinora cast add --image`, `cast set --image`) that is
/// not a still picture: refused before anything is copied into the project, naming the file.
public struct ReferencePictureError: UserFacingError {
    /// The file, as given.
    public let path: String
    /// The option that named it (`--image`).
    public let field: String
    /// What the file is instead ("a video", "only audio", why it cannot be read).
    public let holds: String

    /// Names the option, the file, what it is and what to give instead.
    public var userMessage: String {
        "\(field): \(path) is not a picture (\(holds)): a reference picture is a still image such as a PNG "
            + "or JPEG; nothing was imported or saved."
    }

    /// The person chose the file.
    public var isUserError: Bool { true }

    /// Checks that `path` (resolved to `url`) is a still picture, throwing this error otherwise.
    public static func check(_ url: URL, path: String, field: String) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ReferencePictureError(path: path, field: field, holds: "there is no such file")
        }
        let info: MediaInfo
        do {
            info = try MediaProbe.probe(url)
        } catch {
            // ffmpeg's own words add nothing a person can act on here: it is not a picture it can read.
            throw ReferencePictureError(path: path, field: field, holds: "it does not read as an image")
        }
        guard info.video != nil else {
            throw ReferencePictureError(
                path: path, field: field, holds: info.hasAudio ? "only audio" : "no picture in it")
        }
        guard info.isStillImage else {
            throw ReferencePictureError(path: path, field: field, holds: "a video")
        }
    }
}
