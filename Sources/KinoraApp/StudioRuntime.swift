import CursesTerminal
import Foundation
import KinoraCore
import KinoraGenerate
import KinoraPreview
import KinoraStudio
import TermGrid

/// The studio's event loop: keys and results in, `update`, effects out to the handlers, and the view
/// diffed against the last frame so only changed cells reach the terminal. The loop runs on the main
/// actor and only ever waits in poll(), on the terminal and the inbox; every piece of background work
/// is a child task of one task group, which ``finish()`` winds down after the last save.
@MainActor
public final class StudioRuntime {
    /// The studio's state.
    public private(set) var studio: Studio
    /// The screen the studio draws on and reads keys from.
    let terminal: StudioTerminal
    /// Where handlers leave their results for the loop.
    let inbox: Inbox
    /// The work each kind of effect goes to.
    let handlers: StudioHandlers
    private let work: WorkGroup
    private let background: Task<Void, Never>
    /// Saves, generation, imports and export planning, one after another in the order asked: a take
    /// is planned on the storyboard that has its shot, an export sees every edit before it.
    private let ordered: AsyncStream<OrderedWork>.Continuation
    private var previous: Grid?
    private var previousPictures: [PicturePlacement] = []
    private var ticking = false
    private var lastTick = 0.0
    private var quitting = false
    private var dirty = true
    /// Ordered effects handed over so far (to see whether winding down asked for more).
    private var orderedSent = 0
    /// Winding down, once started: every caller of ``finish()`` waits for the same one.
    private var shutdown: Task<Void, Never>?
    /// Seconds from reading a key to the frame being flushed, per key (for the benchmark).
    public private(set) var keyLatencies: [Double] = []

    /// Work taken in order.
    private enum OrderedWork: Sendable {
        /// An effect for a handler.
        case effect(StudioEffect)
        /// Everything before it is done.
        case barrier(CheckedContinuation<Void, Never>)
    }

    /// Opens the project in `folder` for the studio: the writer's lock; takes a killed run left queued
    /// or running are shown as interrupted (the store marks them), and the next save records it.
    public nonisolated static func open(_ folder: URL) throws -> ProjectStore {
        try ProjectStore(opening: folder)
    }

    /// A runtime on `store` (see ``open(_:)``) drawing on `terminal`, with the standard handlers.
    public convenience init(
        store: sending ProjectStore, terminal: StudioTerminal, options: StudioOptions, theme: Theme,
        keymap: Keymap = .standard, colorDepth: ColorDepth, audio: StudioAudio = .system
    ) async throws {
        let folder = store.folder
        let project = store.project
        let (registry, limits) = try BackendRegistry.configured(projectFolder: folder)
        let inbox = Inbox()
        let post: PostMessage = { inbox.post($0) }
        let work = WorkGroup()
        let ledger = TakeLedger(store: store)
        let writer = StoryboardWriter(ledger: ledger, post: post)
        let files = FileHandler(writer: writer, post: post)
        // chafa picks the symbols and colours for the terminal's palette: far better than mapping
        // 24-bit cells to 16 colours afterwards.
        let depth: PictureRenderer.ColorDepth =
            colorDepth >= .trueColor ? .truecolor : colorDepth >= .indexed256 ? .indexed256 : .indexed16
        let handlers = StudioHandlers(
            writer: writer,
            generation: await GenerationHandler(
                ledger: ledger, queue: JobQueue(limits: limits), post: post, work: work),
            exports: ExportHandler(ledger: ledger, post: post, work: work, files: files),
            files: files,
            pictures: PictureHandler(folder: folder, options: options, depth: depth, post: post, work: work),
            sound: SoundHandler(folder: folder, audio: audio, post: post, work: work))
        let studio = Studio(
            project: project, folderName: folder.lastPathComponent,
            size: ScreenSize(rows: terminal.rows, columns: terminal.columns), keymap: keymap,
            theme: theme.mapped(to: colorDepth), pixelPictures: options.pictures != .cells,
            randomSeed: UInt64.random(in: 0...UInt64.max))
        self.init(studio: studio, terminal: terminal, handlers: handlers, inbox: inbox, work: work)
        send(.backends(registry.names))
        if !project.takesToCollect.isEmpty {
            let generation = handlers.generation
            work.start { await generation.collectLeftovers() }
        }
    }

    /// A runtime for `studio` drawing on `terminal`, with `handlers` doing the effects and posting to
    /// `inbox`; their background work runs in `work`.
    init(studio: Studio, terminal: StudioTerminal, handlers: StudioHandlers, inbox: Inbox, work: WorkGroup) {
        self.studio = studio
        self.terminal = terminal
        self.handlers = handlers
        self.inbox = inbox
        self.work = work
        // Detached: the loop keeps the main actor busy in poll(), so the work must not start there.
        background = Task.detached { await work.run() }
        let (stream, continuation) = AsyncStream<OrderedWork>.makeStream()
        ordered = continuation
        work.start { [handlers] in
            for await item in stream {
                switch item {
                case .effect(let effect): await Self.carryOut(effect, with: handlers)
                case .barrier(let continuation): continuation.resume()
                }
            }
        }
        // The first message asks for the pictures on screen.
        send(.resized(studio.size))
    }

    /// Presses `key` as a person would and draws the result (for benchmarks and tests); with
    /// `repaintAll`, every cell is sent again as a UI without a diff would.
    public func press(_ key: Key, repaintAll: Bool = false) {
        send(.key(key))
        if repaintAll {
            previous = nil
            terminal.invalidate()
        }
        render()
    }

    /// Sends every cell again, as a UI without a diff would (for the benchmark's reference).
    public func repaintAll() {
        previous = nil
        terminal.invalidate()
        render()
    }

    /// Handles messages from the handlers until `done` holds or `timeout` seconds pass; true when it
    /// held. The loop sleeps in poll() on the inbox, so a message wakes it at once.
    @discardableResult
    public func settle(timeout: Double, until done: (Studio) -> Bool) -> Bool {
        let deadline = Playback.now() + timeout
        while !done(studio) && Playback.now() < deadline {
            var descriptor = pollfd(fd: inbox.readDescriptor, events: Int16(POLLIN), revents: 0)
            let wait = Int32(max(1, (deadline - Playback.now()) * 1000))
            _ = poll(&descriptor, 1, min(wait, 100))
            for message in inbox.drain() { send(message) }
            if dirty { render() }
        }
        return done(studio)
    }

    /// Returns once every save, generation plan, import and export plan asked for so far is done.
    public func waitForOrderedWork() async {
        await withCheckedContinuation { continuation in
            // Once wound down nothing is left to wait for.
            if case .terminated = ordered.yield(.barrier(continuation)) { continuation.resume() }
        }
    }

    /// Runs until the person quits, then winds down (see ``finish()``).
    public func run() async {
        render()
        while !quitting {
            waitForInput()
            step()
        }
        await finish()
    }

    /// What quitting does: waits for every save asked for (and for the saves that work finishing
    /// meanwhile asks for, such as an import's edit), stops the exports (each removes its partial file)
    /// and the jobs, gives up the storyboard's lock, and returns once no background work is left.
    public func finish() async {
        if shutdown == nil { shutdown = Task { await self.windDown() } }
        await shutdown?.value
    }

    private func windDown() async {
        while true {
            let sent = orderedSent
            await waitForOrderedWork()
            for message in inbox.drain() { send(message) }
            if orderedSent == sent { break }
        }
        ordered.finish()
        handlers.sound.stop()
        await handlers.exports.stopAll(waitingAtMost: 10)
        await handlers.generation.stopAll(waitingAtMost: 10)
        await handlers.writer.close()
        work.close()
        background.cancel()
        await background.value
        for message in inbox.drain() { _ = studio.update(message) }
    }

    /// Handles whatever is waiting (keys, a resize, messages, a tick) and draws once.
    func step() {
        if terminal.takeResize() {
            previous = nil
            terminal.invalidate()
            send(.resized(ScreenSize(rows: terminal.rows, columns: terminal.columns)))
        }
        var keyStart: Double?
        while let key = terminal.readKey() {
            keyStart = keyStart ?? Playback.now()
            send(.key(key))
            if quitting { return }
        }
        for message in inbox.drain() { send(message) }
        if ticking {
            let now = Playback.now()
            if now - lastTick >= frameInterval {
                send(.tick(min(now - lastTick, 0.25)))
                lastTick = now
            }
        }
        if dirty && !quitting {
            render()
            if let keyStart { keyLatencies.append(Playback.now() - keyStart) }
        }
    }

    /// Seconds between playback ticks: the project's frame rate, at most 30 a second.
    private var frameInterval: Double { 1 / min(30, max(1, studio.project.fps.framesPerSecond)) }

    private func waitForInput() {
        var descriptors = [
            pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: inbox.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        // Wake for the next tick while playing; otherwise now and then, so a resize is never missed.
        let timeout = ticking ? max(1, Int32((lastTick + frameInterval - Playback.now()) * 1000)) : 500
        _ = poll(&descriptors, 2, timeout)
    }

    /// Feeds one message to the studio and carries out the effects.
    func send(_ message: StudioMsg) {
        let effects = studio.update(message)
        dirty = true
        for effect in effects { perform(effect) }
    }

    private func perform(_ effect: StudioEffect) {
        switch effect {
        case .quit:
            quitting = true
        case .suspend:
            terminal.suspend()
            previous = nil
            terminal.invalidate()
            send(.resized(ScreenSize(rows: terminal.rows, columns: terminal.columns)))
        case .redraw:
            previous = nil
            previousPictures = []
            terminal.invalidate()
        case .ticking(let on):
            if on && !ticking { lastTick = Playback.now() }
            ticking = on
        case .loadPicture(let key):
            handlers.pictures.load(key)
        case .playSound(let request):
            handlers.sound.play(request)
        case .stopSound:
            handlers.sound.stop()
        case .listDirectory(let path):
            work.start { [handlers] in await handlers.files.list(path) }
        case .cancelJob(let job):
            work.start { [handlers] in
                switch job {
                case .take: await handlers.generation.cancel(job)
                case .export: await handlers.exports.cancel(job)
                }
            }
        case .save, .generate, .extend, .importSource, .importEndImage, .importCastImage, .importScript,
            .importSound, .export:
            orderedSent += 1
            ordered.yield(.effect(effect))
        }
    }

    /// The handler call for an effect taken in order.
    private nonisolated static func carryOut(_ effect: StudioEffect, with handlers: StudioHandlers) async {
        switch effect {
        case .save(let project): await handlers.writer.save(project)
        case .generate(let shot, let seeds): await handlers.generation.generate(shot: shot, seeds: seeds)
        case .extend(let shot, let take, let seconds):
            await handlers.generation.extend(shot: shot, take: take, by: seconds)
        case .importSource(let shot, let path): await handlers.files.importSource(shot: shot, path: path)
        case .importEndImage(let shot, let path): await handlers.files.importEndImage(shot: shot, path: path)
        case .importCastImage(let name, let path):
            await handlers.files.importCastImage(name: name, path: path)
        case .importScript(let path, let project):
            await handlers.files.importScript(path: path, project: project)
        case .importSound(let shot, let path): await handlers.files.importSound(shot: shot, path: path)
        case .export(let request): await handlers.exports.export(request)
        case .quit, .suspend, .redraw, .ticking, .loadPicture, .listDirectory, .cancelJob, .playSound,
            .stopSound:
            break
        }
    }

    /// Draws the studio: only the cells that changed, then pictures that changed.
    public func render() {
        dirty = false
        let screen = StudioView.render(studio)
        if !previousPictures.isEmpty && screen.pictures.map(\.rect) != previousPictures.map(\.rect) {
            // A pixel picture moved or went: only repainting the text under it removes it.
            previous = nil
            terminal.invalidate()
        }
        let repaintAll = previous == nil
        let runs = screen.grid.changes(from: previous)
        terminal.draw(runs)
        var pictures: [PictureWrite] = []
        if repaintAll || screen.pictures != previousPictures {
            // A full repaint covers the pictures with text: they are drawn again on top.
            let answer = handlers.pictures.writes(for: screen.pictures)
            pictures = answer.writes
            // Pixels let go are loaded again, pictures still being encoded follow: either way they
            // are written on a later frame.
            previousPictures = answer.missing.isEmpty && !answer.encoding ? screen.pictures : []
            for key in answer.missing { inbox.post(.pictureDropped(key)) }
        }
        terminal.present(cursor: screen.cursor, pictures: pictures)
        previous = screen.grid
    }
}
