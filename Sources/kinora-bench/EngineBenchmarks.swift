import Foundation
import KinoraCore
import KinoraEngine
import KinoraGenerate
import KinoraMedia

/// The built-in engine against ffmpeg doing the nearest equivalent work.
struct EngineBenchmarks {
    /// Where fixtures go.
    let workspace: URL
    /// The still every image-to-video row uses (the demo's Hubble photo, 872x1000).
    let still: URL
    /// The `kinora` binary built beside this one.
    let kinora: URL

    /// Measures and adds the engine rows.
    func run(into table: inout BenchTable) async throws {
        try kernel(into: &table)
        try await endToEnd(into: &table)
        try await toon(into: &table)
        try longShotMemory(into: &table)
    }

    /// 120 frames of 1280x720 push-in: the camera kernel alone against ffmpeg's zoompan.
    private func kernel(into table: inout BenchTable) throws {
        let size = PixelSize(width: 1280, height: 720)
        let info = try MediaProbe.probe(still)
        let native = PixelSize(width: info.video?.width ?? 872, height: info.video?.height ?? 1000)
        let source = try FrameDecoder.decodeImage(url: still, size: native, fit: .stretch)
        let camera = CameraMoveRenderer(
            source: source, outputSize: size, motion: .pushIn, intensity: 1, easing: .easeInOut, seed: 1,
            frameCount: 120)
        var frame = RGBFrame(width: size.width, height: size.height)
        let ours = Stopwatch.time {
            for index in 0..<120 { camera.render(frame: index, into: &frame) }
        }
        let theirs = try Stopwatch.time(
            command: [
                "ffmpeg", "-nostdin", "-v", "error", "-loop", "1", "-i", still.path, "-vf",
                "zoompan=z='min(zoom+0.0025,1.3)':d=120:s=1280x720:fps=24", "-frames:v", "120", "-f",
                "rawvideo",
                "-pix_fmt", "rgb24", "-",
            ], drainOutput: true)
        table.add(
            BenchRow(
                name: "push-in kernel 720p, 120 frames", unit: "frames/s", kinora: 120 / ours,
                reference: 120 / theirs,
                referenceName: "ffmpeg -loop 1 -i IMG -vf zoompan -f rawvideo -", higherIsBetter: true,
                target: 1.5))
    }

    /// A 5 s 720p push-in to H.264 MP4, start to finish, against zoompan + libx264 at the same preset.
    private func endToEnd(into table: inout BenchTable) async throws {
        let request = TakeRequest(
            backend: "builtin", engineVersion: BuiltinBackend.engineVersion, mode: .imageToVideo,
            prompt: "bench",
            negativePrompt: "", source: nil, sourceHash: nil, inPoint: nil, outPoint: nil, duration: 5,
            fps: FrameRate(numerator: 24) ?? FrameRate(numerator: 25).unsafelyUnwrapped,
            size: FrameSize(width: 1280, height: 720) ?? FrameSize(width: 2, height: 2).unsafelyUnwrapped,
            seed: 1,
            settings: GenerationSettings(motion: .pushIn))
        let output = workspace.appendingPathComponent("take.mp4")
        let start = Date()
        _ = try await BuiltinBackend().generate(
            GenerationJob(request: request, sourceURL: still, outputURL: output)
        ) {
            _ in
        }
        let ours = Date().timeIntervalSince(start)
        let theirs = try Stopwatch.time(command: [
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-loop", "1", "-i", still.path, "-vf",
            "zoompan=z='min(zoom+0.0025,1.3)':d=120:s=1280x720:fps=24", "-frames:v", "120", "-c:v", "libx264",
            "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p",
            workspace.appendingPathComponent("ref.mp4").path,
        ])
        table.add(
            BenchRow(
                name: "5 s 720p push-in to MP4", unit: "s", kinora: ours, reference: theirs,
                referenceName: "ffmpeg zoompan + libx264 veryfast", higherIsBetter: false, target: 1 / 1.1))
    }

    /// The toon style on 720p video frames, against ffmpeg's nearest chain (bilateral smoothing + edges).
    private func toon(into table: inout BenchTable) async throws {
        let size = PixelSize(width: 1280, height: 720)
        let clip = workspace.appendingPathComponent("toon.mp4")
        _ = try Stopwatch.time(command: [
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=24",
            "-frames:v", "48", "-pix_fmt", "yuv420p", clip.path,
        ])
        let reader = try FrameReader(url: clip, size: size)
        var frames: [RGBFrame] = []
        while let frame = try reader.next() { frames.append(frame) }
        let style = StyleProcessor(style: .toon, strength: 1, seed: 1, size: size)
        let ours = Stopwatch.time {
            for index in 0..<120 {
                var frame = frames[index % frames.count]
                style.apply(to: &frame, frameIndex: index)
            }
        }
        let theirs = try Stopwatch.time(
            command: [
                "ffmpeg", "-nostdin", "-v", "error", "-stream_loop", "2", "-i", clip.path, "-frames:v", "120",
                "-vf",
                "bilateral=sigmaS=4:sigmaR=0.1,edgedetect=mode=colormix", "-f", "rawvideo", "-pix_fmt",
                "rgb24", "-",
            ], drainOutput: true)
        table.add(
            BenchRow(
                name: "toon style 720p", unit: "frames/s", kinora: 120 / ours, reference: 120 / theirs,
                referenceName: "ffmpeg -vf bilateral,edgedetect", higherIsBetter: true, absoluteTarget: 30))
    }

    /// Peak memory of `kinora gen` making a 60 s 1080p shot, against ffmpeg making the same length.
    private func longShotMemory(into table: inout BenchTable) throws {
        let project = workspace.appendingPathComponent("long")
        try PeakMemory.run([kinora.path, "new", project.path, "--size", "1920x1080"])
        try PeakMemory.run([
            kinora.path, "shot", "add", project.path, "--prompt", "long", "--image", still.path, "--duration",
            "60",
            "--motion", "ken-burns",
        ])
        let ours = try PeakMemory.run([kinora.path, "gen", project.path])
        let theirs = try PeakMemory.run([
            "/usr/bin/env", "ffmpeg", "-nostdin", "-v", "error", "-y", "-loop", "1", "-i", still.path, "-vf",
            "zoompan=z='min(zoom+0.0005,1.3)':d=1440:s=1920x1080:fps=24", "-frames:v", "1440", "-c:v",
            "libx264",
            "-preset", "veryfast", "-pix_fmt", "yuv420p", workspace.appendingPathComponent("long.mp4").path,
        ])
        table.add(
            BenchRow(
                name: "60 s 1080p shot, peak RSS", unit: "MB", kinora: ours, reference: theirs,
                referenceName: "ffmpeg zoompan + libx264 (its own RSS)", higherIsBetter: false,
                absoluteTarget: 300))
    }
}

/// Runs a program to the end while watching its own peak resident memory (VmHWM in /proc), which
/// leaves out its children: Kinora's number is Kinora's frames, not x264's lookahead.
enum PeakMemory {
    /// Peak RSS in MB of `argv`'s own process; throws when it fails.
    @discardableResult
    static func run(_ argv: [String]) throws -> Double {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        guard posix_spawn(&pid, argv[0], &actions, nil, arguments, environ) == 0 else {
            throw BenchError("could not start \(argv[0])")
        }
        var peakKB = 0.0
        var status: Int32 = 0
        // WNOWAIT keeps the exited child's /proc entry readable until the last look.
        var info = siginfo_t()
        while true {
            peakKB = max(peakKB, highWaterMark(pid) ?? 0)
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0
                && info._sifields._sigchld.si_pid == pid
            {
                break
            }
            usleep(20_000)
        }
        peakKB = max(peakKB, highWaterMark(pid) ?? 0)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            throw BenchError("\(argv.joined(separator: " ")) failed (status \(status))")
        }
        return peakKB / 1024
    }

    private static func highWaterMark(_ pid: pid_t) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Double(line.split(separator: " ").dropFirst().first ?? "")
    }
}
