import CursesTerminal
import Foundation
import KinoraCore
import KinoraExport
import KinoraGenerate
import KinoraMedia
import KinoraPreview
import KinoraStudio
import TermGrid

/// Carries out the studio's effects away from the event loop: saves through the take ledger (the
/// storyboard's one writer), generation through the job queue, picture decoding, folder listing,
/// imports and exports. Results come back to the loop as messages.
final class StudioWork: @unchecked Sendable {
    /// The storyboard's one writer: saves and take records go through it.
    let ledger: TakeLedger
    /// Where the project lives; relative paths start here.
    let folder: URL
    /// Runs generation jobs within the backends' limits.
    let queue: JobQueue
    /// How pictures are drawn, which decides what gets decoded.
    let options: StudioOptions
    /// Where results go: the event loop's inbox.
    let inbox: Inbox
    private let pictures: PictureLoader
    /// Saves and generation requests run one after another, in the order the studio asked.
    private let serial: AsyncStream<@Sendable () async -> Void>.Continuation
    private let serialTask: Task<Void, Never>
    private var follower: Task<Void, Never>?
    private let lock = NSLock()
    private var generationRows: [Int: JobRow] = [:]
    private var exportRows: [Int: JobRow] = [:]
    private var exports: [Int: ExportJob] = [:]
    private var nextExportID = 1_000_000
    /// The backends known when the studio opened, told to the studio once the inbox exists.
    let backendNames: [String]
    /// Encodes sixel and kitty pictures one at a time, off the event loop.
    private let encoder = DispatchQueue(label: "kinora.studio.pictures")
    /// Pictures encoded, the newest last in `encodedOrder`.
    private var encoded: [EncodedPicture: [UInt8]] = [:]
    private var encodedOrder: [EncodedPicture] = []
    /// Pictures being encoded.
    private var encoding: Set<EncodedPicture> = []
    /// Where pixel pictures were last drawn.
    private var lastRects: [Rect] = []

    /// Work for `store`'s project, posting results to `inbox`; throws when the backends cannot be read.
    init(store: sending ProjectStore, options: StudioOptions, colorDepth: ColorDepth, inbox: Inbox) throws {
        self.inbox = inbox
        // chafa picks the symbols and colours for the terminal's palette: far better than mapping
        // 24-bit cells to 16 colours afterwards.
        self.pictures = PictureLoader(
            depth: colorDepth >= .trueColor
                ? .truecolor : colorDepth >= .indexed256 ? .indexed256 : .indexed16)
        let folder = store.folder
        let (registry, limits) = try BackendRegistry.configured(projectFolder: folder)
        self.folder = folder
        self.ledger = TakeLedger(store: store)
        self.queue = JobQueue(limits: limits)
        self.backendNames = registry.names
        self.options = options
        let (stream, continuation) = AsyncStream<@Sendable () async -> Void>.makeStream()
        self.serial = continuation
        self.serialTask = Task {
            for await job in stream { await job() }
        }
        let queue = self.queue
        let ledger = self.ledger
        follower = Task { [weak self] in
            var started: Set<Int> = []
            for await status in await queue.updates() {
                guard let self else { return }
                // In order, on this one task: a take's status in the studio never goes backwards. The
                // queue says "running" just before the ledger records it, so the first progress reads
                // the ledger again.
                let changed = self.jobChanged(status)
                let firstProgress =
                    status.state == .running && status.framesDone > 0
                    && started.insert(status.id.value).inserted
                if changed || firstProgress { self.post(.takesChanged(await ledger.project)) }
            }
        }
    }

    /// Waits for every save asked for so far, then cancels running jobs and exports (waiting up to 10 s
    /// for them to stop) and gives up the storyboard's lock.
    func shutdown() {
        // Saves first, however long an import before them takes: an edit is never lost by quitting.
        let saved = DispatchSemaphore(value: 0)
        serial.yield { saved.signal() }
        saved.wait()
        for job in lock.withLock({ Array(exports.values) }) { job.cancel() }
        let stopped = DispatchSemaphore(value: 0)
        let queue = self.queue
        serial.yield {
            await queue.cancelAll()
            await queue.waitUntilIdle()
            stopped.signal()
        }
        _ = stopped.wait(timeout: .now() + 10)
        // An export being cancelled removes its partial file before it ends.
        let deadline = Date().addingTimeInterval(5)
        while lock.withLock({ !exports.isEmpty }) && Date() < deadline { usleep(20_000) }
        let closed = DispatchSemaphore(value: 0)
        let ledger = self.ledger
        Task {
            await ledger.close()
            closed.signal()
        }
        _ = closed.wait(timeout: .now() + 5)
        serial.finish()
        follower?.cancel()
    }

    /// Hands a result to the event loop.
    func post(_ message: StudioMsg) { inbox.post(message) }

    /// Starts the work for `effect`; never blocks.
    func perform(_ effect: StudioEffect) {
        switch effect {
        case .save(let project): save(project)
        case .generate(let shot, let seeds): generate(shot: shot, seeds: seeds)
        case .cancelJob(let id): cancel(id)
        case .loadPicture(let key):
            pictures.load(key, folder: folder, pixels: options.pictures != .cells ? options.cell : nil) {
                [weak self] message in self?.post(message)
            }
        case .listDirectory(let path): list(path)
        case .importSource(let shot, let path): importSource(shot: shot, path: path)
        case .export(let request): export(request)
        case .ticking, .redraw, .suspend, .quit: break
        }
    }

    // MARK: Saving and generating

    private func save(_ project: Project) {
        let ledger = self.ledger
        serial.yield { [weak self] in
            do {
                try await ledger.update { saved in saved = project.mergingTakes(from: saved) }
                self?.post(.saved)
            } catch {
                self?.post(.saveFailed(StudioWork.describe(error)))
            }
        }
    }

    private func generate(shot: ShotID, seeds: [UInt64]) {
        let ledger = self.ledger
        let queue = self.queue
        let folder = self.folder
        serial.yield { [weak self] in
            do {
                // Read the backends again: a backends.json written while the studio is open counts.
                let (registry, _) = try BackendRegistry.configured(projectFolder: folder)
                self?.post(.backends(registry.names))
                let runner = TakeRunner(ledger: ledger, queue: queue, backends: registry)
                let outcomes = try await ledger.update { project -> [TakePlanner.Outcome] in
                    guard let index = project.shots.firstIndex(where: { $0.id == shot }) else {
                        throw StoryboardError.unknownShot(
                            reference: shot.rawValue, file: "storyboard.json", count: project.shots.count)
                    }
                    return try TakePlanner.planShot(
                        &project, shot: index, seeds: seeds, backend: nil, registry: registry, folder: folder)
                }
                self?.post(.takesChanged(await ledger.project))
                var cached: [String] = []
                for outcome in outcomes {
                    switch outcome {
                    case .queued(let shot, let take, _):
                        try await runner.enqueue(shot: shot, take: take)
                    case .cached(_, let take, let seed):
                        cached.append("seed \(seed) is already \(take)")
                    }
                }
                if !cached.isEmpty {
                    self?.post(.info("\(shot): " + cached.joined(separator: ", ") + " (nothing to generate)"))
                }
            } catch {
                self?.post(.failed("Cannot generate \(shot): " + StudioWork.describe(error)))
            }
        }
    }

    /// Updates the job's row; true when its state changed (not just its progress).
    private func jobChanged(_ status: JobQueue.Status) -> Bool {
        let state: JobRow.State
        switch status.state {
        case .queued: state = .waiting
        case .running: state = .running
        case .done: state = .done
        case .failed(let reason): state = .failed(reason)
        case .cancelled: state = .cancelled
        }
        let progress = status.framesTotal > 0 ? Double(status.framesDone) / Double(status.framesTotal) : nil
        // The runner labels jobs "s3 t2 seed 1207": the shot comes first.
        let shot = status.label.split(separator: " ").first.flatMap { ShotID(rawValue: String($0)) }
        let row = JobRow(
            id: status.id.value, label: status.label, state: state, progress: progress, shot: shot)
        let changedState = lock.withLock { () -> Bool in
            let before = generationRows[status.id.value]?.state
            generationRows[status.id.value] = row
            return before != state
        }
        postRows()
        return changedState
    }

    private func postRows() {
        // Running jobs first, then waiting ones, then the finished, newest first: what is going on
        // stays in view in a small panel.
        func rank(_ row: JobRow) -> Int {
            switch row.state {
            case .running: 0
            case .waiting: 1
            default: 2
            }
        }
        let rows = lock.withLock {
            (Array(generationRows.values) + Array(exportRows.values)).sorted {
                rank($0) != rank($1) ? rank($0) < rank($1) : rank($0) == 2 ? $0.id > $1.id : $0.id < $1.id
            }.prefix(50)
        }
        post(.jobs(Array(rows)))
    }

    private func cancel(_ id: Int) {
        if let job = lock.withLock({ exports[id] }) {
            job.cancel()
            return
        }
        let queue = self.queue
        Task {
            let jobs = await queue.snapshot()
            if let match = jobs.first(where: { $0.id.value == id }) { await queue.cancel(match.id) }
        }
    }

    // MARK: Files

    /// Where a typed path points: `~` is the home folder, relative paths start at the working folder.
    static func resolve(_ path: String) -> URL {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: PathCompletion.resolved(path, home: home))
    }

    private func list(_ path: String) {
        DispatchQueue.global(qos: .userInitiated).async { [weak self] in
            let url = StudioWork.resolve(path)
            do {
                let names = try FileManager.default.contentsOfDirectory(atPath: url.path)
                let entries = names.map { name -> PathCompletion.Entry in
                    var isFolder: ObjCBool = false
                    _ = FileManager.default.fileExists(
                        atPath: url.appendingPathComponent(name).path, isDirectory: &isFolder)
                    return PathCompletion.Entry(name: name, isDirectory: isFolder.boolValue)
                }
                self?.post(.directoryListed(path: path, entries: entries))
            } catch {
                self?.post(
                    .directoryFailed(
                        path: path, reason: "\(url.path) cannot be listed: " + StudioWork.describe(error)))
            }
        }
    }

    private func importSource(shot: ShotID, path: String) {
        let ledger = self.ledger
        serial.yield { [weak self] in
            let url = StudioWork.resolve(path)
            do {
                let info = try MediaProbe.probe(url)
                var source: ShotSource
                if info.isStillImage {
                    source = try await ledger.importAsset(url, kind: .image)
                } else if info.video != nil, let length = info.duration, length > 0 {
                    source = try await ledger.importAsset(url, kind: .video)
                    source.mediaDuration = length
                } else {
                    throw StudioConfigError(message: "\(url.path) has no picture: import an image or a video")
                }
                self?.post(.sourceImported(shot: shot, source: source))
            } catch {
                self?.post(.failed("Cannot import \(url.lastPathComponent): " + StudioWork.describe(error)))
            }
        }
    }

    private func export(_ request: ExportRequest) {
        let output =
            request.output.hasPrefix("/") || request.output.hasPrefix("~")
            ? StudioWork.resolve(request.output) : folder.appendingPathComponent(request.output)
        let id = lock.withLock { () -> Int in
            nextExportID += 1
            return nextExportID
        }
        let label = "export \(output.lastPathComponent)"
        let ledger = self.ledger
        let folder = self.folder
        serial.yield { [weak self] in
            let project = await ledger.project
            guard let self else { return }
            do {
                // The project's exports folder is made on demand; any other folder must exist.
                let exports = folder.appendingPathComponent(ProjectLayout.exportsFolder)
                if output.deletingLastPathComponent().standardizedFileURL == exports.standardizedFileURL {
                    try? FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
                }
                let job = try ExportJob(
                    project: project, folder: folder, output: output,
                    format: ExportFormat(rawValue: request.format) ?? .mp4,
                    missing: FilmPlanner.MissingTake(rawValue: request.missing) ?? .slate)
                self.setExport(id, job: job, row: JobRow(id: id, label: label, state: .running, progress: 0))
                let warnings = job.plan.warnings
                Thread.detachNewThread { self.runExport(job, id: id, label: label, warnings: warnings) }
            } catch {
                self.setExport(
                    id, job: nil,
                    row: JobRow(id: id, label: label, state: .failed(StudioWork.describe(error))))
                self.post(.failed("Export failed: " + StudioWork.describe(error)))
            }
        }
    }

    private func runExport(_ job: ExportJob, id: Int, label: String, warnings: [String]) {
        var shown = -1
        do {
            let written = try job.run { [weak self] fraction in
                let percent = Int(fraction * 100)
                guard percent != shown else { return }
                shown = percent
                self?.setExport(
                    id, job: job, row: JobRow(id: id, label: label, state: .running, progress: fraction))
            }
            setExport(id, job: nil, row: JobRow(id: id, label: label, state: .done, progress: 1))
            let names = written.map {
                $0.path.hasPrefix(folder.path + "/")
                    ? String($0.path.dropFirst(folder.path.count + 1)) : $0.path
            }
            let exported = "Exported " + names.joined(separator: ", ")
            // A shot that became a slate (its take missing or broken) must not go unnoticed.
            post(
                warnings.isEmpty
                    ? .info(exported) : .failed(exported + ", but: " + warnings.joined(separator: "; ")))
        } catch {
            let cancelled =
                (error as? ExportError).map { if case .cancelled = $0 { true } else { false } } ?? false
            setExport(
                id, job: nil,
                row: JobRow(
                    id: id, label: label, state: cancelled ? .cancelled : .failed(StudioWork.describe(error)))
            )
            post(
                cancelled
                    ? .info("Export cancelled; no file was left")
                    : .failed("Export failed: " + StudioWork.describe(error)))
        }
    }

    private func setExport(_ id: Int, job: ExportJob?, row: JobRow) {
        lock.withLock {
            exports[id] = job
            exportRows[id] = row
        }
        postRows()
    }

    /// One sentence for any error.
    static func describe(_ error: Error) -> String {
        if let error = error as? UserFacingError { return error.userMessage }
        if let error = error as? CocoaError, let path = error.filePath {
            return "\(path): " + (error.underlying?.localizedDescription ?? error.localizedDescription)
        }
        return (error as NSError).localizedDescription
    }

    // MARK: Pixel pictures

    /// Sixel or kitty bytes for the pictures on screen that are encoded already, the placements whose
    /// pixels were let go (to be loaded again), and whether some are still being encoded (a
    /// `.picturesReady` message follows). Encoding takes 10–20 ms a picture, so it never runs on the
    /// event loop: a key is answered at once and the picture follows.
    func pictureWrites(for placements: [PicturePlacement]) -> (
        writes: [PictureWrite], missing: [PictureKey], encoding: Bool
    ) {
        guard options.pictures != .cells else { return ([], [], false) }
        var missing: [PictureKey] = []
        var writes: [PictureWrite] = []
        var encoding = false
        let rects = placements.map(\.rect)
        if options.pictures == .kitty && rects != lastRects {
            // Pictures that moved or went away must not stay on screen.
            writes.append(
                PictureWrite(row: 0, column: 0, bytes: wrapped(Array("\u{1B}_Ga=d,q=2\u{1B}\\".utf8))))
        }
        lastRects = rects
        for (index, placement) in placements.enumerated() {
            let key = EncodedPicture(placement: placement, slot: index)
            if let bytes = lock.withLock({ encoded[key] }) {
                writes.append(
                    PictureWrite(row: placement.rect.row, column: placement.rect.column, bytes: bytes))
                continue
            }
            guard
                let frame = pictures.pixelFrame(
                    path: placement.path, columns: placement.rect.width, rows: placement.rect.height,
                    index: placement.frame)
            else {
                missing.append(
                    PictureKey(
                        path: placement.path, columns: placement.rect.width, rows: placement.rect.height,
                        allFrames: true))
                continue
            }
            encoding = true
            encode(frame, as: key)
        }
        return (writes, missing, encoding)
    }

    /// Encodes `frame` for `key` on the encoder's queue (once), keeps the last few results and tells
    /// the loop.
    private func encode(_ frame: RGBFrame, as key: EncodedPicture) {
        guard lock.withLock({ encoding.insert(key).inserted }) else { return }
        let options = self.options
        encoder.async { [weak self] in
            let rect = key.placement.rect
            let bytes: [UInt8] =
                switch options.pictures {
                case .sixel:
                    PictureRenderer.sixel(frame, columns: rect.width, rows: rect.height, cell: options.cell)
                case .kitty:
                    PictureRenderer.kitty(
                        frame, columns: rect.width, rows: rect.height, id: UInt32(90 + key.slot))
                case .cells: []
                }
            guard let self else { return }
            let ready = self.wrapped(bytes)
            self.lock.withLock {
                self.encoding.remove(key)
                self.encoded[key] = ready
                self.encodedOrder.append(key)
                // A second of playback at most: older frames are encoded again if they come back.
                while self.encodedOrder.count > 24 { self.encoded[self.encodedOrder.removeFirst()] = nil }
            }
            self.post(.picturesReady)
        }
    }

    private func wrapped(_ bytes: [UInt8]) -> [UInt8] {
        options.insideTmux ? TmuxPassthrough.wrap(bytes) : bytes
    }
}

/// A picture as encoded for the terminal: which frame, where, and its slot (the kitty image id).
struct EncodedPicture: Hashable, Sendable {
    /// The frame and the cells it covers.
    var placement: PicturePlacement
    /// Its position among the pictures on screen.
    var slot: Int
}
