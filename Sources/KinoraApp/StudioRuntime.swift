import CursesTerminal
import Foundation
import KinoraCore
import KinoraGenerate
import KinoraPreview
import KinoraStudio
import TermGrid

/// The studio's event loop: keys and results in, `update`, effects out, and the view diffed against
/// the last frame so only changed cells reach the terminal. Everything slow runs elsewhere and comes
/// back through the inbox; the loop itself only waits in poll().
public final class StudioRuntime {
    /// The studio's state.
    public private(set) var studio: Studio
    /// The screen the studio draws on and reads keys from.
    let terminal: StudioTerminal
    /// Where background work leaves its results for the loop.
    let inbox: Inbox
    /// Carries out the effects that are not the loop's own.
    let work: StudioWork
    private var previous: Grid?
    private var previousPictures: [PicturePlacement] = []
    private var ticking = false
    private var lastTick = 0.0
    private var quitting = false
    private var dirty = true
    /// Seconds from reading a key to the frame being flushed, per key (for the benchmark).
    public private(set) var keyLatencies: [Double] = []

    /// A runtime for `studio` drawing on `terminal`, with `work` doing the effects.
    private init(studio: Studio, terminal: StudioTerminal, work: StudioWork, inbox: Inbox) {
        self.studio = studio
        self.terminal = terminal
        self.work = work
        self.inbox = inbox
    }

    /// Opens the project in `folder` for the studio: the writer's lock, and takes a killed run left
    /// queued or running marked as interrupted (they will not finish).
    public static func open(_ folder: URL) throws -> ProjectStore {
        let store = try ProjectStore(opening: folder)
        if store.project.shots.contains(where: {
            $0.takes.contains { [.queued, .running].contains($0.status) }
        }) {
            try store.update { TakePlanner.markInterrupted(&$0) }
        }
        return store
    }

    /// A runtime on `store` (see ``open(_:)``) drawing on `terminal`.
    public convenience init(
        store: sending ProjectStore, terminal: StudioTerminal, options: StudioOptions, theme: Theme,
        keymap: Keymap = .standard, colorDepth: ColorDepth
    ) throws {
        let folder = store.folder
        let project = store.project
        let inbox = Inbox()
        let work = try StudioWork(store: store, options: options, colorDepth: colorDepth, inbox: inbox)
        let studio = Studio(
            project: project, folderName: folder.lastPathComponent,
            size: ScreenSize(rows: terminal.rows, columns: terminal.columns), keymap: keymap,
            theme: theme.mapped(to: colorDepth), pixelPictures: options.pictures != .cells,
            randomSeed: UInt64.random(in: 0...UInt64.max))
        self.init(studio: studio, terminal: terminal, work: work, inbox: inbox)
        send(.backends(work.backendNames))
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

    /// Handles messages from background work until `done` holds or `timeout` seconds pass; true when
    /// it held.
    @discardableResult
    public func settle(timeout: Double, until done: (Studio) -> Bool) -> Bool {
        let deadline = Playback.now() + timeout
        while !done(studio) && Playback.now() < deadline {
            var descriptor = pollfd(fd: inbox.readDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 20)
            for message in inbox.drain() { send(message) }
            if dirty { render() }
        }
        return done(studio)
    }

    /// Stops background work and saves (what quitting does).
    public func finish() {
        work.shutdown()
    }

    /// Runs until the person quits.
    public func run() {
        render()
        while !quitting {
            waitForInput()
            step()
        }
        work.shutdown()
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
        default:
            work.perform(effect)
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
            let (writes, missing, encoding) = work.pictureWrites(for: screen.pictures)
            pictures = writes
            // Pixels let go are loaded again, pictures still being encoded follow: either way they
            // are written on a later frame.
            previousPictures = missing.isEmpty && !encoding ? screen.pictures : []
            for key in missing { inbox.post(.pictureDropped(key)) }
        }
        terminal.present(cursor: screen.cursor, pictures: pictures)
        previous = screen.grid
    }
}
