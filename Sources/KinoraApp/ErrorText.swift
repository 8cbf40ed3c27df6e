import Foundation
import KinoraCore

/// One sentence for any error, as the studio shows it: a Kinora error's own message, a file error with
/// its path, else the system's description.
enum ErrorText {
    /// The sentence for `error`.
    static func describe(_ error: Error) -> String {
        if let error = error as? UserFacingError { return error.userMessage }
        if let error = error as? CocoaError, let path = error.filePath {
            return "\(path): " + (error.underlying?.localizedDescription ?? error.localizedDescription)
        }
        return (error as NSError).localizedDescription
    }
}
