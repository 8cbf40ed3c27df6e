import Foundation
import Testing

@testable import KinoraMedia

/// The child-process runner, exercised with ordinary system programs (argv only).
@Suite struct SubprocessTests {
    private let shell = URL(fileURLWithPath: "/bin/sh")

    /// `run` collects stdout and the exit code.
    @Test func collectsStdoutAndExitStatus() throws {
        let output = try Subprocess.run(executable: shell, arguments: ["-c", "printf 'hello'; exit 3"])
        #expect(output.status == .exited(3))
        #expect(String(decoding: output.stdout, as: UTF8.self) == "hello")
    }

    /// Arguments reach the child exactly, never through a shell.
    @Test func passesArgumentsVerbatim() throws {
        let tricky = "a b; $(rm -rf /) 'q' \"d\" *"
        let output = try Subprocess.run(
            executable: shell, arguments: ["-c", "printf '%s' \"$1\"", "sh", tricky])
        #expect(String(decoding: output.stdout, as: UTF8.self) == tricky)
    }

    /// A flood of stderr neither blocks the child nor grows past 64 KB.
    @Test func floodOfStderrNeitherBlocksNorGrowsWithoutBound() throws {
        // 1 MB of stderr would fill the pipe 16 times over if nobody drained it.
        let output = try Subprocess.run(
            executable: shell, arguments: ["-c", "head -c 1000000 /dev/zero | tr '\\\\0' x >&2; echo done"])
        #expect(output.status == .exited(0))
        #expect(String(decoding: output.stdout, as: UTF8.self) == "done\n")
        #expect(output.stderr.utf8.count == 64 * 1024)
    }

    /// `terminate()` kills the child and its own children.
    @Test func terminateKillsTheProcessGroup() throws {
        let process = try Subprocess(
            executable: shell, arguments: ["-c", "sleep 30 & sleep 30; wait"], streams: [.stdout])
        let started = Date()
        process.terminate()
        #expect(process.wait() == .signaled(SIGKILL))
        #expect(process.wait() == .signaled(SIGKILL))
        // The grandchild (background sleep) was killed too, so stdout reaches end of file.
        #expect(try process.readStdoutToEnd().isEmpty)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// Writing to a child that has exited gives brokenPipe, not SIGPIPE.
    @Test func writingToADeadChildIsABrokenPipe() throws {
        let process = try Subprocess(executable: shell, arguments: ["-c", "exit 0"], streams: [.stdin])
        process.wait()
        let bytes = [UInt8](repeating: 1, count: 1 << 20)
        #expect(throws: SubprocessError.brokenPipe) {
            try bytes.withUnsafeBytes { try process.writeToStdin($0) }
        }
    }

    /// Bytes written to stdin come back through stdout intact.
    @Test func pipesStdinThrough() throws {
        let process = try Subprocess(
            executable: URL(fileURLWithPath: "/bin/cat"), arguments: [], streams: [.stdin, .stdout])
        let bytes = (0..<300_000).map { UInt8($0 % 251) }
        // Write on another thread: cat blocks when its stdout pipe is full until we read.
        let writer = Thread {
            try? bytes.withUnsafeBytes { try process.writeToStdin($0) }
            process.closeStdin()
        }
        writer.start()
        var received = [UInt8](repeating: 0, count: bytes.count)
        let got = try received.withUnsafeMutableBytes { try process.readStdout(into: $0) }
        #expect(got == bytes.count)
        #expect(received == bytes)
        #expect(process.wait() == .exited(0))
    }

    /// The child has its own process group, no blocked signal, SIGPIPE's default action, and
    /// SIGKILL as its parent-death signal (what posix_spawn gave it, plus dying with Kinora).
    @Test func theChildHasItsOwnGroupNoBlockedSignalsAndDiesWithItsParent() throws {
        let process = try Subprocess(
            executable: URL(fileURLWithPath: "/bin/cat"), arguments: ["/proc/self/status"], streams: [.stdout]
        )
        #expect(getpgid(process.pid) == process.pid)
        let status = String(decoding: try process.readStdoutToEnd(), as: UTF8.self)
        #expect(process.wait() == .exited(0))
        func mask(_ name: String) -> UInt64? {
            let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
            return line.flatMap {
                UInt64($0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces), radix: 16)
            }
        }
        #expect(mask("SigBlk") == 0, "\(status)")
        let pipeBit = UInt64(1) << (UInt64(SIGPIPE) - 1)
        #expect(mask("SigIgn").map { $0 & pipeBit == 0 } == true, "SIGPIPE is not ignored: \(status)")

        let python =
            "import ctypes; v = ctypes.c_int(); ctypes.CDLL(None).prctl(2, ctypes.byref(v)); print(v.value)"
        let probe = try Subprocess.run(
            executable: URL(fileURLWithPath: "/usr/bin/python3"), arguments: ["-c", python])
        #expect(probe.status == .exited(0), "\(probe.stderr)")
        #expect(String(decoding: probe.stdout, as: UTF8.self) == "\(SIGKILL)\n", "PR_GET_PDEATHSIG")
    }

    /// The child keeps fds 0, 1 and 2 (stdin from /dev/null when not asked for) and nothing of ours that
    /// is close-on-exec, such as the pipes to other children.
    @Test func theChildGetsOnlyItsStandardStreams() throws {
        let unrelated = try CloseOnExecPipe.make()
        defer {
            close(unrelated.read)
            close(unrelated.write)
        }
        let output = try Subprocess.run(
            executable: shell, arguments: ["-c", "ls /proc/$$/fd; readlink /proc/$$/fd/0"])
        #expect(output.status == .exited(0), "\(output.stderr)")
        let lines = String(decoding: output.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.last == "/dev/null")
        let childFDs = Set(lines.dropLast().compactMap { Int32($0) })
        #expect(childFDs.isSuperset(of: [0, 1, 2]))
        let ours = (try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")).compactMap {
            Int32($0)
        }
        let inheritable = Set(ours.filter { fcntl($0, F_GETFD) >= 0 && fcntl($0, F_GETFD) & FD_CLOEXEC == 0 })
        #expect(childFDs.isSubset(of: inheritable.union([0, 1, 2])), "\(childFDs) vs \(inheritable)")
        #expect(!childFDs.contains(unrelated.read) && !childFDs.contains(unrelated.write))
    }

    /// The parent-death signal follows the thread that forked: children are started from one thread that
    /// lives as long as the process, so a child outlives the (short-lived) thread that asked for it.
    @Test func aChildOutlivesTheThreadThatStartedIt() throws {
        let started = StartedChild()
        let thread = Thread {
            started.process = try? Subprocess(
                executable: URL(fileURLWithPath: "/bin/sleep"), arguments: ["30"])
            started.done.signal()
        }
        thread.start()
        started.done.wait()
        let process = try #require(started.process)
        defer {
            process.terminate()
            process.wait()
        }
        // Long enough for the thread to have ended and any parent-death signal to have arrived.
        usleep(500_000)
        #expect(thread.isFinished)
        #expect(process.exitStatus == nil)
        let stat = String(
            decoding: FileManager.default.contents(atPath: "/proc/\(process.pid)/stat") ?? Data(),
            as: UTF8.self)
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        #expect(state == "S" || state == "R", "the child still runs: \(stat)")
    }

    /// Executables are found on `PATH`; folders and missing names are not.
    @Test func findsExecutablesOnPath() {
        let environment = ["PATH": "/nonexistent:/bin:/usr/bin"]
        #expect(Subprocess.findExecutable(named: "sh", environment: environment) != nil)
        #expect(Subprocess.findExecutable(named: "no-such-tool-kinora", environment: environment) == nil)
        #expect(Subprocess.findExecutable(named: "/bin", environment: environment) == nil)
        #expect(Subprocess.findExecutable(named: "", environment: environment) == nil)
    }

    /// A file that cannot be executed gives spawnFailed.
    @Test func spawnFailureIsReported() {
        #expect(throws: SubprocessError.self) {
            try Subprocess.run(executable: URL(fileURLWithPath: "/etc/hostname"), arguments: [])
        }
    }

    /// Versions and the libx264 check for `kinora doctor`.
    @Test func reportsToolsForDoctor() throws {
        let version = try #require(FFmpegTools.version(of: .ffmpeg))
        #expect(version.hasPrefix("ffmpeg version"))
        #expect(FFmpegTools.version(of: .ffprobe)?.hasPrefix("ffprobe version") == true)
        #expect(FFmpegTools.hasEncoder("libx264"))
        #expect(!FFmpegTools.hasEncoder("no-such-encoder"))
    }
}

/// A child started on another thread, handed over once `done` is signalled.
private final class StartedChild: @unchecked Sendable {
    /// Set by the starting thread before it signals `done`.
    var process: Subprocess?
    /// Signalled when `process` is set.
    let done = DispatchSemaphore(value: 0)
}
