import Foundation
import KinoraCore

/// A file given where a still picture belongs (a shot's source or end picture, a cast entry's reference
/// picture) that is not one: refused before anything is copied into the project, naming the key or
/// option, the file, what it is instead and what to give.
public struct StillPictureError: UserFacingError {
    /// What the picture was for.
    public enum Role: Sendable {
        /// A shot's source picture (`image=`).
        case source
        /// A shot's end picture (`--end-image`, `end-image=`).
        case endPicture
        /// A cast entry's reference picture (`--image` of `kinora cast`).
        case reference

        /// "an end picture", for the message.
        var name: String {
            switch self {
            case .source: "a source picture"
            case .endPicture: "an end picture"
            case .reference: "a reference picture"
            }
        }

        /// What else the person can do.
        var otherwise: String {
            switch self {
            case .source: "give one, or an empty value to remove the source"
            case .endPicture: "give one, or an empty value to remove the end picture"
            case .reference: "nothing was imported or saved"
            }
        }
    }

    /// The file, as given.
    public let path: String
    /// The option or key that named it (`--end-image`, `image`, `@Mimi`).
    public let field: String
    /// What the file is instead ("a video", "only audio", "there is no such file").
    public let holds: String
    /// What it was for.
    public let role: Role

    /// Names the key, the file, what it is and what to give instead.
    public var userMessage: String {
        "\(field): \(TerminalText.sanitized(path)) is not a picture (\(holds)): \(role.name) is a still image "
            + "such as a PNG or JPEG; \(role.otherwise)."
    }

    /// The person chose the file.
    public var isUserError: Bool { true }

    /// Checks that `path` (resolved to `url`) is a still picture, throwing this error otherwise.
    public static func check(_ url: URL, path: String, field: String, role: Role) throws {
        func refuse(_ holds: String) -> StillPictureError {
            StillPictureError(path: path, field: field, holds: holds, role: role)
        }
        guard FileManager.default.fileExists(atPath: url.path) else { throw refuse("there is no such file") }
        let info: MediaInfo
        do {
            info = try MediaProbe.probe(url)
        } catch {
            // ffmpeg's own words add nothing a person can act on here: it is not a picture it can read.
            throw refuse("it does not read as an image")
        }
        guard info.video != nil else { throw refuse(info.hasAudio ? "only audio" : "no picture in it") }
        guard info.isStillImage else { throw refuse("a video") }
    }
}
