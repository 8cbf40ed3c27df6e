import Foundation
import Glibc
import KinoraTestSupport
import Testing

@testable import KinoraMedia

/// `kinora preview` on pictures too large for ffmpeg: drawn with bounded memory, and a damaged one
/// reported by name, with nothing from libpng or libjpeg on the terminal.
@Suite struct LargeImageCLITests {
    /// The most memory `kinora preview` may use on a 20000x20000 PNG (the peak resident set of the
    /// process itself). Measured: about 52 MB in 2 s, against the 1.2 GB the decoded
    /// picture would take whole.
    static let memoryLimitMegabytes = 300.0

    /// A 20000x20000 PNG (white top half, black bottom half) is drawn in ASCII, under the limit.
    @Test func previewOfA20000PixelPNGUsesBoundedMemory() throws {
        let folder = try TestFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("huge.png")
        let size = PixelSize(width: 20_000, height: 20_000)
        let white = RGB(red: 255, green: 255, blue: 255)
        let black = RGB(red: 0, green: 0, blue: 0)
        try TestPictureWriter.write(.palettePNG([white, black]), to: url, size: size) { y, indices in
            indices.update(repeating: y < size.height / 2 ? 0 : 1)
        }

        let arguments = ["preview", url.path, "--graphics", "ascii", "--width", "40"]
        let run = try MeasuredRun(CLI.binary.path, arguments)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr.isEmpty, "stderr: \(run.stderr)")
        #expect(run.peakMegabytes > 1, "the high-water mark was read")
        #expect(
            run.peakMegabytes < Self.memoryLimitMegabytes,
            "peak memory \(run.peakMegabytes) MB in \(run.seconds) s")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count >= 10, "\(run.stdout)")
        // The white half draws with ink, the black half without.
        if let first = lines.first, let last = lines.last {
            #expect(first.contains { $0 != " " } && !last.contains { $0 != " " }, "\(run.stdout)")
        }
    }

    /// A PNG and a JPEG over the in-process threshold, cut short: exit 1 with one message naming
    /// the file, and no libpng or libjpeg chatter.
    @Test func previewOfACutShortLargePictureNamesTheFile() throws {
        let folder = try TestFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let size = PixelSize(width: 5_000, height: 4_000)
        var gradient: [UInt8] = []
        for x in 0..<size.width { gradient += [UInt8(x % 256), UInt8(x / 20 % 256), 128] }
        for (name, format) in [("cut.png", TestPictureWriter.Format.png), ("cut.jpg", .jpeg(quality: 85))] {
            let url = folder.appendingPathComponent(name)
            try TestPictureWriter.write(format, to: url, size: size) { _, pixels in
                let copied = pixels.update(fromContentsOf: gradient)
                precondition(copied == gradient.count)
            }
            let whole = try Data(contentsOf: url)
            try whole.prefix(whole.count / 2).write(to: url)

            let result = try CLI.run(["preview", url.path, "--graphics", "ascii", "--width", "40"])
            #expect(result.status == 1, "\(name): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(
                result.stderr.contains(url.path) && result.stderr.contains("cut short"), "\(result.stderr)")
            for chatter in ["libpng", "libjpeg", "Premature end", "Corrupt JPEG", "warning"] {
                #expect(!result.stderr.contains(chatter), "\(name): \(result.stderr)")
            }
        }
    }
}

/// Runs a program to the end and reads its peak memory from `wait4`, which reports the largest
/// resident set of the process and of the children it waited for.
private struct MeasuredRun {
    /// The exit status (128 + signal when killed).
    let status: Int32
    /// Everything written to stdout.
    let stdout: String
    /// Everything written to stderr.
    let stderr: String
    /// The peak resident set, in megabytes.
    let peakMegabytes: Double
    /// Wall-clock time.
    let seconds: Double

    /// Starts `executable` with `arguments`, stdin from /dev/null, and waits for it.
    init(_ executable: String, _ arguments: [String]) throws {
        let folder = try TestFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outPath = folder.appendingPathComponent("stdout").path
        let errPath = folder.appendingPathComponent("stderr").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // The test runner may block signals; the child should start with none blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let started = Date()
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        try #require(spawned == 0, "could not start \(executable): \(String(cString: strerror(spawned)))")
        // The child's own high-water mark (VmHWM), read until it exits. Not wait4's ru_maxrss: spawning
        // carries the test runner's resident set into it (hundreds of MB while the suite runs).
        var raw: Int32 = 0
        var peakKilobytes = 0
        while true {
            peakKilobytes = max(peakKilobytes, Self.highWaterKilobytes(of: pid) ?? 0)
            let reaped = waitpid(pid, &raw, WNOHANG)
            if reaped == pid { break }
            try #require(reaped == 0 || errno == EINTR, "waitpid failed: \(String(cString: strerror(errno)))")
            usleep(5_000)
        }
        seconds = Date().timeIntervalSince(started)
        // WIFEXITED / WEXITSTATUS / WTERMSIG by hand: the macros do not import.
        status = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
        peakMegabytes = Double(peakKilobytes) / 1024
        stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    }

    /// `VmHWM` of process `pid` in kilobytes, or `nil` once it has exited.
    private static func highWaterKilobytes(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else {
            return nil
        }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        return line.flatMap {
            Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
    }
}
