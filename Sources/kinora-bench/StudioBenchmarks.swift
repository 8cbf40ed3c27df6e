import CursesTerminal
import Foundation
import KinoraApp
import KinoraCore
import KinoraPreview
import KinoraStudio
import TermGrid

/// The studio on a 1,000-shot storyboard, drawn by the real curses backend into a pseudo-terminal:
/// first paint, keypress to flushed frame, bytes for a cursor move, and memory with pictures. The
/// session runs in a child process (`kinora-bench studio-session DIR RESULT`) so its memory is its own.
struct StudioBenchmarks {
    /// Where fixtures go.
    let workspace: URL
    /// The still the shots' sources are made from.
    let still: URL
    /// This benchmark executable, run again for the session.
    let bench: URL
    /// The kinora executable, for the reference listing.
    let kinora: URL

    /// The storyboard's size.
    static let shots = 1000

    /// Measures and adds the studio rows.
    func run(into table: inout BenchTable) throws {
        let folder = try makeProject()
        let resultFile = workspace.appendingPathComponent("studio-result.json")
        _ = try Stopwatch.time(command: [bench.path, "studio-session", folder.path, resultFile.path])
        let result = try JSONDecoder().decode(StudioSessionResult.self, from: Data(contentsOf: resultFile))
        // The same session drawing the preview as sixel pictures, for the memory they take.
        _ = try Stopwatch.time(command: [bench.path, "studio-session", folder.path, resultFile.path, "sixel"])
        let sixel = try JSONDecoder().decode(StudioSessionResult.self, from: Data(contentsOf: resultFile))
        let listing = try Stopwatch.time(
            command: [kinora.path, "shot", "list", folder.path], drainOutput: true)
        table.add(
            BenchRow(
                name: "studio first paint, 1000 shots, 160x48", unit: "ms", kinora: result.firstPaint * 1000,
                reference: listing * 1000, referenceName: "kinora shot list (the same board as a table)",
                higherIsBetter: false, absoluteTarget: 150))
        table.add(
            BenchRow(
                name: "studio keypress to flushed frame, median", unit: "ms", kinora: result.keyMedian * 1000,
                reference: result.keyMedianRepaintAll * 1000,
                referenceName: "the same keys repainting every cell (no diff)", higherIsBetter: false,
                absoluteTarget: 5))
        table.add(
            BenchRow(
                name: "studio bytes for a cursor move (inspector row)", unit: "B",
                kinora: result.cursorMoveBytes,
                reference: result.fullRepaintBytes, referenceName: "a full repaint of the same screen",
                higherIsBetter: false, absoluteTarget: 200))
        table.add(
            BenchRow(
                name: "studio bytes for the next shot", unit: "B", kinora: result.shotMoveBytes,
                reference: result.fullRepaintBytes, referenceName: "a full repaint of the same screen",
                higherIsBetter: false))
        table.add(
            BenchRow(
                name: "studio peak memory with pictures", unit: "MB", kinora: result.peakMegabytes,
                reference: result.baselineMegabytes,
                referenceName: "the same process before the studio opened",
                higherIsBetter: false, absoluteTarget: 150))
        table.add(
            BenchRow(
                name: "studio peak memory with sixel pictures", unit: "MB", kinora: sixel.peakMegabytes,
                reference: sixel.baselineMegabytes,
                referenceName: "the same process before the studio opened",
                higherIsBetter: false, absoluteTarget: 150))
        table.add(
            BenchRow(
                name: "studio keypress to flushed frame, sixel preview", unit: "ms",
                kinora: sixel.keyMedian * 1000,
                reference: sixel.keyMedianRepaintAll * 1000,
                referenceName: "the same keys repainting every cell (no diff)", higherIsBetter: false))
    }

    /// A 1,000-shot storyboard: every shot has the still as its source, the first has a real take.
    private func makeProject() throws -> URL {
        let folder = workspace.appendingPathComponent("studio-board")
        guard let fps = FrameRate(numerator: 24), let size = FrameSize(width: 1280, height: 720) else {
            throw BenchError("fixed sizes")
        }
        let store = try ProjectStore.create(
            at: folder, project: Project(title: "Bench", fps: fps, size: size))
        let source = try store.importAsset(still, kind: .image)
        let take = folder.appendingPathComponent(
            ProjectLayout.takeVideo(shot: ShotID(serial: 1), take: TakeID(serial: 1)))
        try FileManager.default.createDirectory(
            at: take.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = try Stopwatch.time(command: [
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=24",
            "-t", "4", "-pix_fmt", "yuv420p", take.path,
        ])
        try store.update { project in
            for number in 1...Self.shots {
                var shot = Shot(
                    id: ShotID(serial: number), label: "\(number)",
                    prompt: "Shot \(number): a lantern-lit market street in the rain, slow push-in",
                    mode: .imageToVideo, duration: 4, seed: UInt64(number), source: source)
                shot.settings.motion = .pushIn
                project.shots.append(shot)
            }
            project.nextShotNumber = Self.shots + 1
            let request = TakeRequest(
                backend: "builtin", engineVersion: "1", mode: .imageToVideo, prompt: "", negativePrompt: "",
                source: source.asset, sourceHash: source.sha256, inPoint: nil, outPoint: nil, duration: 4,
                fps: fps,
                size: size, seed: 1, settings: GenerationSettings())
            project.shots[0].takes = [
                Take(
                    id: TakeID(serial: 1), seed: 1, request: request, status: .done,
                    output: ProjectLayout.takeVideo(shot: ShotID(serial: 1), take: TakeID(serial: 1)),
                    createdAt: Date())
            ]
            project.shots[0].chosenTake = TakeID(serial: 1)
            project.shots[0].nextTakeNumber = 2
        }
        store.close()
        return folder
    }
}

/// What the studio session measured.
struct StudioSessionResult: Codable {
    var firstPaint: Double
    var keyMedian: Double
    var keyMedianRepaintAll: Double
    var cursorMoveBytes: Double
    var shotMoveBytes: Double
    var fullRepaintBytes: Double
    var peakMegabytes: Double
    var baselineMegabytes: Double
}

/// The child process: the studio in a pseudo-terminal of 160x48, measured from the inside.
enum StudioSession {
    @MainActor
    static func run(folder: URL, result: URL, sixel: Bool) async throws {
        let baseline = peakMegabytes()
        var master: Int32 = -1
        var slave: Int32 = -1
        var size = winsize(ws_row: 48, ws_col: 160, ws_xpixel: 1600, ws_ypixel: 960)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw BenchError("openpty failed") }
        let output = PtyCounter(master: master)
        output.start()
        dup2(slave, STDIN_FILENO)
        dup2(slave, STDOUT_FILENO)
        setenv("TERM", "xterm-256color", 1)
        setenv("COLORTERM", "", 1)

        let start = Playback.now()
        let theme = try Theme.named("dark")
        let screen = try CursesScreen()
        let runtime = try await StudioRuntime(
            store: StudioRuntime.open(folder), terminal: screen,
            options: StudioOptions(
                theme: nil, pictures: sixel ? .sixel : .cells, cell: .init(width: 10, height: 20),
                insideTmux: false),
            theme: theme, colorDepth: screen.colorDepth)
        runtime.render()
        let firstPaint = Playback.now() - start

        // Let the first pictures arrive, then measure from a quiet screen.
        runtime.settle(timeout: 20) { $0.picturesPending.isEmpty }
        output.quiet()

        func bytes(_ body: () -> Void) -> Double {
            output.quiet()
            let before = output.total
            body()
            output.quiet()
            return Double(output.total - before)
        }
        runtime.press(.tab)  // to the inspector
        output.quiet()
        let cursorMove = bytes { runtime.press(.character("j")) }
        runtime.press(.backTab)
        let shotMove = bytes { runtime.press(.character("j")) }
        runtime.settle(timeout: 5) { $0.picturesPending.isEmpty }
        let fullRepaint = bytes { runtime.repaintAll() }

        var latencies: [Double] = []
        var repaintAll: [Double] = []
        for index in 0..<200 {
            let key: Key = index % 2 == 0 ? .character("j") : .character("k")
            let time = Playback.now()
            runtime.press(key)
            latencies.append(Playback.now() - time)
            let slow = Playback.now()
            runtime.press(key == .character("j") ? .character("k") : .character("j"), repaintAll: true)
            repaintAll.append(Playback.now() - slow)
            if index % 20 == 0 { output.quiet() }
        }
        // Scroll through the whole board so every page's pictures are asked for and kept.
        for _ in 0..<50 { runtime.press(.pageDown) }
        runtime.settle(timeout: 20) { $0.picturesPending.isEmpty }
        let peak = peakMegabytes()
        runtime.press(.character("q"))
        await runtime.finish()
        screen.stop()
        output.stop()

        let median = { (values: [Double]) in values.sorted()[values.count / 2] }
        let measured = StudioSessionResult(
            firstPaint: firstPaint, keyMedian: median(latencies), keyMedianRepaintAll: median(repaintAll),
            cursorMoveBytes: cursorMove, shotMoveBytes: shotMove, fullRepaintBytes: fullRepaint,
            peakMegabytes: peak, baselineMegabytes: baseline)
        try JSONEncoder().encode(measured).write(to: result)
    }

    /// The process's peak resident memory.
    static func peakMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

/// Reads and counts everything written to the pseudo-terminal, as a terminal would receive it.
final class PtyCounter: @unchecked Sendable {
    private let master: Int32
    private let lock = NSLock()
    private var count = 0
    private var lastRead = Playback.now()
    private var running = true

    init(master: Int32) { self.master = master }

    var total: Int { lock.withLock { count } }

    func start() {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while lock.withLock({ running }) {
                var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 20) > 0 else { continue }
                let got = read(master, &buffer, buffer.count)
                if got <= 0 { break }
                lock.withLock {
                    count += got
                    lastRead = Playback.now()
                }
            }
        }
    }

    /// Waits until nothing has arrived for 60 ms.
    func quiet() {
        // Bytes just written may not have been read yet: give the reader a moment first.
        usleep(60_000)
        while Playback.now() - lock.withLock({ lastRead }) < 0.06 { usleep(5000) }
    }

    func stop() { lock.withLock { running = false } }
}
