import CSpawn
import Foundation
import Glibc

/// A child process started from an argument vector (never a shell), which dies with Kinora.
///
/// The child runs in its own process group, so ``terminate()`` kills it together with anything
/// it started, and is started through CSpawn's `kinora_spawn`, which gives it a parent-death
/// signal: if Kinora dies, even by `kill -9`, the kernel kills the child too. Its stdin and stdout are pipes when asked for (`/dev/null` otherwise); stderr is
/// always a pipe, drained on a background thread into a bounded buffer (``stderrText``) so the
/// child can never block on it.
///
/// `@unchecked Sendable`: the mutable state (pipe descriptors, exit status) is guarded by
/// `lock`. ``wait()`` blocks in `waitid(WNOWAIT)` outside the lock and reaps the child only
/// under it, so ``terminate()`` never waits behind a blocked `wait()` and can never signal a
/// recycled process-group id. Reads and writes happen outside the lock on descriptors that
/// are only closed by their single user (``closeStdin()``) or by `deinit`.
final class Subprocess: @unchecked Sendable {
    /// Which of the child's standard streams are connected to pipes we hold.
    struct Streams: OptionSet, Sendable {
        /// The raw bit set.
        let rawValue: Int
        /// We write to the child's stdin.
        static let stdin = Streams(rawValue: 1)
        /// We read the child's stdout.
        static let stdout = Streams(rawValue: 2)
    }

    /// The collected result of ``Subprocess/run(executable:arguments:environment:)``.
    struct Output: Sendable {
        /// How the child ended.
        var status: ExitStatus
        /// Everything it wrote to stdout.
        var stdout: [UInt8]
        /// The last ~64 KB it wrote to stderr.
        var stderr: String
    }

    /// The program that was started.
    let executable: URL
    /// The child's process id, which is also its process-group id.
    let pid: pid_t

    private let lock = NSLock()
    private var stdinFD: Int32?
    private var stdoutFD: Int32?
    private var status: ExitStatus?
    private let stderrTail: StderrTail

    /// Ignores `SIGPIPE` once for the whole process, so writing to a dead child gives `EPIPE`.
    private static let ignoreBrokenPipeSignal: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    /// `F_SETPIPE_SZ`, which Glibc's module hides behind `_GNU_SOURCE`.
    private static let setPipeSize: Int32 = 1031

    /// Starts `executable` with `arguments` (not including argv[0]).
    ///
    /// - Parameter environment: the child's environment; `nil` passes ours on.
    init(
        executable: URL, arguments: [String], streams: Streams = [],
        environment: [String: String]? = nil
    ) throws {
        Subprocess.ignoreBrokenPipeSignal
        self.executable = executable

        var opened: [Int32] = []
        func makePipe() throws -> (read: Int32, write: Int32) {
            let fds = try CloseOnExecPipe.make()
            opened += [fds.read, fds.write]
            return fds
        }
        func closeAll() {
            for fd in opened { close(fd) }
        }

        let inPipe: (read: Int32, write: Int32)?
        let outPipe: (read: Int32, write: Int32)?
        let errPipe: (read: Int32, write: Int32)
        do {
            inPipe = streams.contains(.stdin) ? try makePipe() : nil
            outPipe = streams.contains(.stdout) ? try makePipe() : nil
            // Frames are megabytes: a 1 MiB pipe (Linux's default ceiling for unprivileged
            // processes) instead of 64 KiB cuts the read/write calls and context switches per
            // frame by sixteen. Best effort: a smaller pipe still works.
            for pipe in [inPipe, outPipe].compactMap({ $0 }) {
                _ = fcntl(pipe.read, Subprocess.setPipeSize, 1 << 20)
            }
            errPipe = try makePipe()
        } catch {
            closeAll()
            throw error
        }

        let path = executable.path
        let argv = CStringArray([path] + arguments)
        let environmentValues = environment ?? ProcessInfo.processInfo.environment
        let envp = CStringArray(environmentValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        var child: pid_t = 0
        // The child gets our pipes as fds 0-2 (/dev/null where none is asked for; every pipe end
        // itself is close-on-exec, so it keeps exactly those three), its own process group (so
        // terminate() can kill the group), SIGPIPE's default action, no blocked signal, and
        // SIGKILL when this process dies, however it dies (see CSpawn.h).
        let result = CloseOnExecPipe.spawnLock.withLock {
            argv.withPointers { argvPointer in
                envp.withPointers { envpPointer in
                    kinora_spawn(
                        path, argvPointer, envpPointer, inPipe?.read ?? -1, outPipe?.write ?? -1,
                        errPipe.write,
                        &child)
                }
            }
        }
        // The child's ends belong to the child now (or to nobody, if the spawn failed).
        if let inPipe { close(inPipe.read) }
        if let outPipe { close(outPipe.write) }
        close(errPipe.write)
        guard result == 0 else {
            if let inPipe { close(inPipe.write) }
            if let outPipe { close(outPipe.read) }
            close(errPipe.read)
            throw SubprocessError.spawnFailed(path: path, code: result)
        }
        pid = child
        stdinFD = inPipe?.write
        stdoutFD = outPipe?.read
        stderrTail = StderrTail(fd: errPipe.read)
    }

    deinit {
        terminate()
        _ = wait()
        if let stdinFD { close(stdinFD) }
        if let stdoutFD { close(stdoutFD) }
    }

    /// Runs `executable` to completion and collects its stdout fully (for small outputs,
    /// such as ffprobe's JSON report).
    static func run(
        executable: URL, arguments: [String], environment: [String: String]? = nil
    ) throws -> Output {
        let process = try Subprocess(
            executable: executable, arguments: arguments, streams: [.stdout], environment: environment)
        let bytes: [UInt8]
        do {
            bytes = try process.readStdoutToEnd()
        } catch {
            process.terminate()
            _ = process.wait()
            throw error
        }
        let status = process.wait()
        return Output(status: status, stdout: bytes, stderr: process.stderrText)
    }

    /// Writes all of `bytes` to the child's stdin; throws ``SubprocessError/brokenPipe`` if
    /// the child is gone.
    func writeToStdin(_ bytes: UnsafeRawBufferPointer) throws {
        guard let fd = lock.withLock({ stdinFD }) else { throw SubprocessError.brokenPipe }
        try FileDescriptorIO.writeAll(fd, bytes)
    }

    /// Closes our end of the child's stdin, so it sees end of file. Safe to call twice.
    ///
    /// Must not race with ``writeToStdin(_:)`` on another thread.
    func closeStdin() {
        let fd = lock.withLock {
            let fd = stdinFD
            stdinFD = nil
            return fd
        }
        if let fd { close(fd) }
    }

    /// Fills `buffer` from the child's stdout; returns fewer bytes only at end of file.
    func readStdout(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let fd = lock.withLock({ stdoutFD }) else { return 0 }
        return try FileDescriptorIO.readFully(fd, into: buffer)
    }

    /// Reads what the child's stdout has now (at least one byte; zero at end of file), for line-by-line
    /// reports such as ffmpeg's `-progress`.
    func readStdoutSome(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let fd = lock.withLock({ stdoutFD }) else { return 0 }
        return try FileDescriptorIO.readSome(fd, into: buffer)
    }

    /// Reads the child's stdout until end of file.
    func readStdoutToEnd() throws -> [UInt8] {
        guard let fd = lock.withLock({ stdoutFD }) else { return [] }
        return try FileDescriptorIO.readToEnd(fd)
    }

    /// Sends `SIGKILL` to the child's process group, unless it has already been reaped.
    func terminate() {
        lock.withLock {
            if status == nil {
                _ = kill(-pid, SIGKILL)
            }
        }
    }

    /// Waits for the child to end and returns how it ended. Safe to call repeatedly and
    /// from several threads; also waits (briefly) for the stderr drain to finish.
    @discardableResult
    func wait() -> ExitStatus {
        if let known = lock.withLock({ status }) { return known }
        // Wait without reaping, so the pid (and group id) stays reserved until we hold the lock.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        let result: ExitStatus = lock.withLock {
            if let known = status { return known }
            var raw: Int32 = 0
            var reaped: pid_t
            repeat {
                reaped = waitpid(pid, &raw, 0)
            } while reaped < 0 && errno == EINTR
            let ended = reaped == pid ? ExitStatus(waitStatus: raw) : .signaled(SIGKILL)
            status = ended
            return ended
        }
        stderrTail.waitUntilDrained()
        return result
    }

    /// The exit status if the child has been reaped, else `nil`.
    var exitStatus: ExitStatus? {
        lock.withLock { status }
    }

    /// The last ~64 KB the child wrote to stderr so far.
    var stderrText: String { stderrTail.text }

    /// Finds `name` on `PATH` (or checks it directly when it contains a slash).
    ///
    /// Returns the first regular, executable file; `nil` when there is none.
    static func findExecutable(named name: String, environment: [String: String]) -> URL? {
        guard !name.isEmpty else { return nil }
        if name.contains("/") {
            return isExecutableFile(name) ? URL(fileURLWithPath: name) : nil
        }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = String(directory) + "/" + name
            if isExecutableFile(candidate) { return URL(fileURLWithPath: candidate) }
        }
        return nil
    }

    /// `true` when `path` is a regular file we may execute.
    static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return false }
        return !isDirectory.boolValue && access(path, X_OK) == 0
    }
}

/// A NULL-terminated C array of `strdup`ed strings, freed on deinit.
private final class CStringArray {
    private var pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    deinit {
        for pointer in pointers { free(pointer) }
    }

    func withPointers<R>(_ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        pointers.withUnsafeBufferPointer { buffer in
            // The array always holds at least the terminating nil, so baseAddress exists.
            guard let base = buffer.baseAddress else { fatalError("empty C string array") }
            return body(base)
        }
    }
}
