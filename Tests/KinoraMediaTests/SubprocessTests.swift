import Foundation
import Testing

@testable import KinoraMedia

/// The posix_spawn runner, exercised with ordinary system programs (argv only).
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
