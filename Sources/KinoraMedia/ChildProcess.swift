import Foundation
import KinoraCore

/// A program another module starts and talks to over pipes (a generation plug-in), so that every child
/// Kinora runs still goes through `Subprocess`: argv only, never a shell, in a process group of its own,
/// killed by the kernel if Kinora dies.
///
/// Its stdin and stdout are pipes; stderr is drained on a background thread into a bounded tail.
/// `@unchecked Sendable`: `Subprocess` guards its own state; the line buffer below belongs to the one
/// thread that calls ``readLine(maximumBytes:)``, and ``terminate()`` / ``wait()`` may come from any thread.
public final class ChildProcess: @unchecked Sendable {
    /// How a child ended, for messages that name the exit status or signal.
    public enum Ending: Sendable, Equatable, CustomStringConvertible {
        /// The program called `exit` with this code.
        case exited(Int32)
        /// The program was killed by this signal.
        case signaled(Int32)

        /// `true` for a clean `exit(0)`.
        public var isSuccess: Bool { self == .exited(0) }

        /// "exit status 3" or "killed by signal 9", as people read it in an error message.
        public var description: String { ExitStatus(self).description }
    }

    /// The process id, which is also the id of the child's process group.
    public let processID: Int32

    private let process: Subprocess
    private let programName: String
    // The reader's own state: bytes read from stdout, of which those before `lineStart` were returned.
    private var unread: [UInt8] = []
    private var lineStart = 0
    private var reachedEndOfFile = false

    /// Starts `arguments[0]` (found on the environment's `PATH` unless it holds a slash) with the rest as
    /// its arguments.
    ///
    /// - Parameters:
    ///   - environment: the child's whole environment; `nil` passes ours on.
    ///   - workingDirectory: the folder the child starts in (a relative program path is found there);
    ///     `nil` keeps ours. `Subprocess` cannot change folders itself, so the child is started through
    ///     `env -C FOLDER`, which then replaces itself with the program (same process and group).
    public init(
        arguments: [String], environment: [String: String]? = nil, workingDirectory: URL? = nil
    ) throws {
        guard let program = arguments.first, !program.isEmpty else { throw ChildProcessError.emptyCommand }
        let searchEnvironment = environment ?? ProcessInfo.processInfo.environment
        var programPath = program
        if let workingDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: workingDirectory.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else { throw ChildProcessError.workingDirectoryMissing(path: workingDirectory.path) }
            if program.contains("/") && !program.hasPrefix("/") {
                programPath = workingDirectory.appendingPathComponent(program).path
            }
        }
        guard let executable = Subprocess.findExecutable(named: programPath, environment: searchEnvironment)
        else { throw ChildProcessError.programNotFound(program: program) }

        var launcher = executable
        var launcherArguments = Array(arguments.dropFirst())
        if let workingDirectory {
            // `env` would read a program path holding "=" as a variable to set.
            guard !executable.path.contains("="),
                let env = Subprocess.findExecutable(named: "env", environment: ["PATH": "/usr/bin:/bin"])
            else {
                throw ChildProcessError.startFailed(
                    program: program, reason: "it cannot be started in \(workingDirectory.path)")
            }
            launcher = env
            launcherArguments = ["-C", workingDirectory.path, "--", executable.path] + launcherArguments
        }
        do {
            process = try Subprocess(
                executable: launcher, arguments: launcherArguments, streams: [.stdin, .stdout],
                environment: environment)
        } catch let error as SubprocessError {
            throw ChildProcessError(error, program: program)
        }
        processID = process.pid
        programName = program
    }

    /// Writes all of `data` to the child's stdin; throws ``ChildProcessError/stoppedReading(program:)``
    /// when the child is gone or has closed its stdin.
    public func write(_ data: Data) throws {
        do {
            try data.withUnsafeBytes { try process.writeToStdin($0) }
        } catch let error as SubprocessError {
            throw ChildProcessError(error, program: programName)
        }
    }

    /// Closes the child's stdin, so it sees end of file. Safe to call twice.
    public func closeStandardInput() {
        process.closeStdin()
    }

    /// The next line the child writes to stdout (without its line break, lossily decoded as UTF-8), or
    /// `nil` at end of file. Blocks until a whole line has arrived; a line longer than `maximumBytes` is
    /// cut there and the rest of it skipped, so a child cannot make us hold unbounded output.
    public func readLine(maximumBytes: Int = 1 << 20) throws -> String? {
        var scanned = lineStart
        while true {
            if let newline = unread[scanned...].firstIndex(of: 0x0A) {
                defer { lineStart = newline + 1 }
                return Self.text(unread[lineStart..<newline])
            }
            if unread.count - lineStart > maximumBytes {
                let head = Self.text(unread[lineStart..<lineStart + maximumBytes])
                lineStart += maximumBytes
                try skipRestOfLine()
                return head
            }
            if reachedEndOfFile {
                guard lineStart < unread.count else { return nil }
                defer { lineStart = unread.count }
                return Self.text(unread[lineStart...])
            }
            scanned = try fill(keepingFrom: scanned)
        }
    }

    /// The last ~64 KB the child wrote to stderr so far.
    public var standardErrorTail: String { process.stderrText }

    /// Kills the child's whole process group with `SIGKILL`, unless the child has already been reaped.
    public func terminate() {
        process.terminate()
    }

    /// Waits for the child to end (and its stderr to be drained) and says how it ended. Safe to call
    /// repeatedly and from several threads.
    @discardableResult
    public func wait() -> Ending {
        Ending(process.wait())
    }

    /// How the child ended, once it has been reaped; `nil` while it runs.
    public var ending: Ending? { process.exitStatus.map(Ending.init) }

    /// Drops everything up to and including the next line break (the rest of an over-long line).
    private func skipRestOfLine() throws {
        while true {
            if let newline = unread[lineStart...].firstIndex(of: 0x0A) {
                lineStart = newline + 1
                return
            }
            lineStart = unread.count
            if reachedEndOfFile { return }
            _ = try fill(keepingFrom: lineStart)
        }
    }

    /// Appends what the child's stdout has now to `unread` (noting end of file), first dropping the
    /// lines already returned; returns where `position` moved to.
    private func fill(keepingFrom position: Int) throws -> Int {
        unread.removeFirst(lineStart)
        let moved = position - lineStart
        lineStart = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let got: Int
        do {
            got = try chunk.withUnsafeMutableBytes { try process.readStdoutSome(into: $0) }
        } catch let error as SubprocessError {
            throw ChildProcessError(error, program: programName)
        }
        if got == 0 {
            reachedEndOfFile = true
        } else {
            unread.append(contentsOf: chunk[0..<got])
        }
        return moved
    }

    /// A line's text without a trailing carriage return.
    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        let trimmed = bytes.last == 0x0D ? bytes.dropLast() : bytes
        return String(decoding: trimmed, as: UTF8.self)
    }
}

extension ChildProcess.Ending {
    /// The public form of the module's exit status.
    init(_ status: ExitStatus) {
        switch status {
        case .exited(let code): self = .exited(code)
        case .signaled(let signal): self = .signaled(signal)
        }
    }
}

extension ExitStatus {
    /// The module's form of a public ending, so both describe themselves the same way.
    init(_ ending: ChildProcess.Ending) {
        switch ending {
        case .exited(let code): self = .exited(code)
        case .signaled(let signal): self = .signaled(signal)
        }
    }
}

/// Why a child program could not be started or talked to; messages name the program.
public enum ChildProcessError: UserFacingError, Equatable {
    /// The command has no program in it.
    case emptyCommand
    /// The program is not an executable file, or not found on `PATH`.
    case programNotFound(program: String)
    /// The folder to start in does not exist.
    case workingDirectoryMissing(path: String)
    /// The system refused to start the program.
    case startFailed(program: String, reason: String)
    /// The child is gone or stopped reading its stdin.
    case stoppedReading(program: String)
    /// A pipe to the child failed.
    case pipeFailed(program: String, reason: String)

    /// The module's plumbing error, given the program's name.
    init(_ error: SubprocessError, program: String) {
        switch error {
        case .spawnFailed(_, let code):
            self = .startFailed(program: program, reason: SubprocessError.describe(code))
        case .io(let operation, let code):
            self = .pipeFailed(program: program, reason: "\(operation): \(SubprocessError.describe(code))")
        case .brokenPipe:
            self = .stoppedReading(program: program)
        }
    }

    /// One sentence for a person, with the program's name made safe for the terminal.
    public var userMessage: String {
        switch self {
        case .emptyCommand:
            return "The command is empty: give the program to run and its arguments."
        case .programNotFound(let program):
            return
                "\(TerminalText.sanitized(program)) was not found, or is not an executable file: check the path or PATH."
        case .workingDirectoryMissing(let path):
            return "The folder \(TerminalText.sanitized(path)) to start the program in does not exist."
        case .startFailed(let program, let reason):
            return "Could not start \(TerminalText.sanitized(program)): \(reason)."
        case .stoppedReading(let program):
            return "\(TerminalText.sanitized(program)) stopped reading its input."
        case .pipeFailed(let program, let reason):
            return "A pipe to \(TerminalText.sanitized(program)) failed in \(reason)."
        }
    }

    /// A missing or unstartable program is the configuration's to fix; pipe failures are the machine's.
    public var isUserError: Bool {
        switch self {
        case .emptyCommand, .programNotFound, .workingDirectoryMissing, .startFailed: return true
        case .stoppedReading, .pipeFailed: return false
        }
    }
}
