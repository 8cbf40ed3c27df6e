import Foundation
import Glibc
import KinoraCore

/// A failure of the low-level process and pipe plumbing, before it is given a file's context.
///
/// Callers in this module translate these into ``MediaError`` values that name the file being
/// read or written; they only escape unchanged when something is wrong with the machine.
enum SubprocessError: UserFacingError, Equatable {
    /// The child could not be started as `path`; `code` is the `errno` of the fork or the exec.
    case spawnFailed(path: String, code: Int32)
    /// A system call on a pipe failed; `operation` names it (`read`, `write`, `pipe2` ...).
    case io(operation: String, code: Int32)
    /// The child closed its end of the stdin pipe (it exited or was killed).
    case brokenPipe

    /// One sentence for a person.
    var userMessage: String {
        switch self {
        case .spawnFailed(let path, let code):
            let shown = TerminalText.sanitized(path)
            return "Could not start \(shown): \(SubprocessError.describe(code))."
        case .io(let operation, let code):
            return "A pipe to ffmpeg failed in \(operation): \(SubprocessError.describe(code))."
        case .brokenPipe:
            return "ffmpeg stopped reading its input."
        }
    }

    /// Spawn failures of a configured path (permissions) are fixable; pipe failures are not.
    var isUserError: Bool {
        switch self {
        case .spawnFailed: return true
        case .io, .brokenPipe: return false
        }
    }

    /// The text of `strerror(code)`.
    static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
