/// How a child process ended: with an exit code, or killed by a signal.
enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    /// The process called `exit` with this code.
    case exited(Int32)
    /// The process was killed by this signal.
    case signaled(Int32)

    /// Decodes a raw `waitpid` status word (the `WIFEXITED` / `WTERMSIG` macros by hand).
    init(waitStatus: Int32) {
        let signal = waitStatus & 0x7f
        if signal == 0 {
            self = .exited((waitStatus >> 8) & 0xff)
        } else {
            self = .signaled(signal)
        }
    }

    /// `true` for a clean `exit(0)`.
    var isSuccess: Bool { self == .exited(0) }

    /// "exit status 1" or "killed by signal 9".
    var description: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .signaled(let signal): return "killed by signal \(signal)"
        }
    }
}
