import Foundation
import KinoraTestSupport
import Testing

/// `kinora preview --play` on a pseudo-terminal that this test plays: it answers the queries late, as
/// a slow link does, and checks that nothing of the answer reaches the screen.
@Suite struct LateReplyTests {
    /// Starts `arguments` in a new session whose controlling terminal is `pty` (util-linux's
    /// `setsid --ctty`), with no signal blocked; returns its pid.
    private func spawn(_ arguments: [String], on pty: PseudoTerminal) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in 0...2 {
            posix_spawn_file_actions_adddup2(&actions, pty.terminal, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var nothing = sigset_t()
        sigemptyset(&nothing)
        posix_spawnattr_setsigmask(&attributes, &nothing)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = (["/usr/bin/setsid", "--ctty"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment["TMUX"] = nil
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/usr/bin/setsid", &actions, &attributes, argv, envp)
        guard status == 0 else { throw POSIXError(.init(rawValue: status) ?? .EIO) }
        return pid
    }

    @Test func aLateAnswerNeverReachesTheScreen() throws {
        let video = try TestFiles.media(
            ["-f", "lavfi", "-i", "testsrc2=size=160x90:rate=24", "-t", "1.5", "-pix_fmt", "yuv420p"],
            name: "clip.mp4")
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let before = pty.localModes
        let pid = try spawn(
            [CLI.binary.path, "preview", video.path, "--play", "--graphics", "blocks", "--width", "20"],
            on: pty)
        var screen: [UInt8] = []
        var afterAnswer: [UInt8] = []
        var answered = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            var poller = pollfd(fd: pty.screen, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 50) > 0 {
                let count = read(pty.screen, &buffer, buffer.count)
                if count > 0 {
                    if answered { afterAnswer += buffer[0..<count] } else { screen += buffer[0..<count] }
                }
            }
            if !answered && String(decoding: screen, as: UTF8.self).contains("\u{1B}[c") {
                // Well past the 150 ms the probe waits, while the picture is playing.
                usleep(500_000)
                let reply = Array("\u{1B}[?62;4c\u{1B}P>|XTerm(379)\u{1B}\\".utf8)
                _ = reply.withUnsafeBytes { write(pty.screen, $0.baseAddress, $0.count) }
                answered = true
            }
            if waitpid(pid, &status, WNOHANG) == pid { break }
        }
        let after = String(decoding: afterAnswer, as: UTF8.self)
        #expect(answered, "kinora asked the terminal about itself")
        #expect(status == 0, "kinora exited \(status)")
        #expect(
            !after.contains("62;4") && !after.contains("XTerm"),
            "the late answer was echoed: \(after.debugDescription)")
        #expect(pty.localModes == before, "echo and line editing are back")
    }
}
