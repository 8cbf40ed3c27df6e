#if canImport(Glibc)
    import Glibc
#endif

/// What gives the terminal back when the process ends in a way no `deinit` sees: a signal that
/// terminates (SIGTERM, SIGHUP, SIGINT, SIGQUIT), a crash (SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE,
/// SIGTRAP), `exit`, and a stop sent from outside (SIGTSTP, SIGSTOP then SIGCONT).
///
/// Signal handlers cannot capture, allocate or take locks, so everything they need lives in memory
/// set up before they are installed: the terminal's settings from before curses and while curses
/// runs, and the bytes that leave (reset) and re-enter (smcup, keypad, mouse) curses' screen mode,
/// captured from terminfo at start. The handlers use only write, tcsetattr, sigaction, sigprocmask
/// and raise, which are async-signal-safe.
enum TerminalRestore {
    /// A byte string in memory that is never freed while a handler may read it.
    struct Bytes {
        /// The first byte; nil when empty.
        var start: UnsafeMutablePointer<UInt8>?
        /// How many bytes.
        var count: Int

        /// No bytes.
        static var empty: Bytes { Bytes(start: nil, count: 0) }

        /// A copy of `bytes` in memory of its own.
        init(copying bytes: [UInt8]) {
            let start = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
            start.initialize(from: bytes, count: bytes.count)
            self.start = start
            self.count = bytes.count
        }

        private init(start: UnsafeMutablePointer<UInt8>?, count: Int) {
            self.start = start
            self.count = count
        }

        /// Frees the memory (only once no handler can read it).
        func free() { start?.deallocate() }
    }

    /// Everything the handlers read.
    struct State {
        /// Where keys come from (its settings are the ones changed and restored).
        var input: Int32 = -1
        /// Where the screen goes.
        var output: Int32 = -1
        /// 1 while a screen holds the terminal.
        var active: sig_atomic_t = 0
        /// 1 while the process stops itself (its own handler or `CursesScreen.suspend`).
        var stopping: sig_atomic_t = 0
        /// 1 after the terminal was taken back from a stop: everything must be drawn again.
        var repaint: sig_atomic_t = 0
        /// 1 while the cursor is shown (so re-entering shows it again).
        var cursorShown: sig_atomic_t = 0
        /// The settings from before curses.
        var shell = termios()
        /// The settings curses runs with.
        var program = termios()
        /// Leaves curses' screen mode: end any picture, mouse off, colours off, cursor shown,
        /// keypad off, main screen.
        var reset = Bytes.empty
        /// Re-enters it with the cursor hidden.
        var enterHidden = Bytes.empty
        /// Re-enters it with the cursor shown.
        var enterShown = Bytes.empty
    }

    /// The handlers' state, at a fixed address.
    nonisolated(unsafe) static let state: UnsafeMutablePointer<State> = {
        let state = UnsafeMutablePointer<State>.allocate(capacity: 1)
        state.initialize(to: State())
        return state
    }()

    /// The dispositions from before the screen (indexed by signal number), restored when it stops.
    nonisolated(unsafe) static let previous: UnsafeMutablePointer<sigaction> = {
        let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: Int(signalLimit))
        actions.initialize(repeating: sigaction(), count: Int(signalLimit))
        return actions
    }()

    /// One past the highest signal number kept.
    static let signalLimit: Int32 = 65
    /// Signals that end the process: the terminal is given back, then the default action runs.
    static let terminating: [Int32] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT]
    /// Crashes: the terminal is given back, then whatever handled them before (the Swift runtime's
    /// backtracer, or the default action) runs.
    static let crashing: [Int32] = [SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE, SIGTRAP]
    /// Every signal handled here.
    static var handled: [Int32] { terminating + crashing + [SIGTSTP, SIGCONT] }

    nonisolated(unsafe) private static var exitHandlerRegistered = false

    /// Remembers the current dispositions; call before curses starts (it installs handlers of its own
    /// where it finds the defaults).
    static func capturePreviousHandlers() {
        for number in handled {
            sigaction(number, nil, previous + Int(number))
        }
    }

    /// Arms the handlers for a screen on `input` and `output`: `shell` and `program` are the
    /// terminal's settings before and under curses, the byte strings leave and re-enter curses' mode.
    static func install(
        input: Int32, output: Int32, shell: termios, program: termios, reset: [UInt8], enterHidden: [UInt8],
        enterShown: [UInt8]
    ) {
        _ = state
        state.pointee.active = 0
        let old = state.pointee
        state.pointee.input = input
        state.pointee.output = output
        state.pointee.shell = shell
        state.pointee.program = program
        state.pointee.reset = Bytes(copying: reset)
        state.pointee.enterHidden = Bytes(copying: enterHidden)
        state.pointee.enterShown = Bytes(copying: enterShown)
        state.pointee.stopping = 0
        state.pointee.repaint = 0
        state.pointee.cursorShown = 0
        old.reset.free()
        old.enterHidden.free()
        old.enterShown.free()
        state.pointee.active = 1
        for number in terminating where !isIgnored(previous[Int(number)]) {
            setHandler(number, terminationHandler)
        }
        for number in crashing {
            setHandler(number, crashHandler, flags: SA_ONSTACK)
        }
        if !isIgnored(previous[Int(SIGTSTP)]) {
            setHandler(SIGTSTP, stopHandler, flags: SA_RESTART)
        }
        setHandler(SIGCONT, continueHandler, flags: SA_RESTART)
        if !exitHandlerRegistered {
            exitHandlerRegistered = true
            atexit { TerminalRestore.release() }
        }
    }

    /// Puts back the dispositions from before the screen; the terminal itself is given back by the
    /// caller.
    static func uninstall() {
        state.pointee.active = 0
        for number in handled {
            sigaction(number, previous + Int(number), nil)
        }
    }

    /// Whether stopping with SIGTSTP makes sense (a shell with job control is there to resume us).
    static var canStop: Bool { !isIgnored(previous[Int(SIGTSTP)]) }

    /// Whether a stop and resume happened since the last look (the screen must be drawn again).
    static func takeRepaint() -> Bool {
        guard state.pointee.repaint != 0 else { return false }
        state.pointee.repaint = 0
        return true
    }

    /// Gives the terminal back once, if a screen holds it (async-signal-safe).
    static func release() {
        guard state.pointee.active != 0 else { return }
        state.pointee.active = 0
        giveBack()
    }

    /// Writes the reset bytes and restores the shell's settings (async-signal-safe).
    static func giveBack() {
        writeAll(state.pointee.output, state.pointee.reset)
        tcsetattr(state.pointee.input, TCSANOW, &state.pointee.shell)
    }

    /// Takes the terminal again after a stop (async-signal-safe).
    static func takeBack() {
        tcsetattr(state.pointee.input, TCSANOW, &state.pointee.program)
        let enter = state.pointee.cursorShown != 0 ? state.pointee.enterShown : state.pointee.enterHidden
        writeAll(state.pointee.output, enter)
        state.pointee.repaint = 1
    }

    /// Writes all of `bytes` to `descriptor`, retrying when interrupted (async-signal-safe).
    static func writeAll(_ descriptor: Int32, _ bytes: Bytes) {
        guard descriptor >= 0, let start = bytes.start else { return }
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, start + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Sets `handler` for signal `number` (async-signal-safe).
    static func setHandler(_ number: Int32, _ handler: __sighandler_t?, flags: Int32 = 0) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = flags
        sigaction(number, &action, nil)
    }

    /// Whether `action` ignores its signal.
    static func isIgnored(_ action: sigaction) -> Bool {
        unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) == 1
    }

    /// SIGTERM and friends: terminal back, then the default action.
    private static let terminationHandler: __sighandler_t = { number in
        TerminalRestore.release()
        TerminalRestore.setHandler(number, nil)
        raise(number)
    }

    /// A crash: terminal back, then what handled it before.
    private static let crashHandler: __sighandler_t = { number in
        TerminalRestore.release()
        sigaction(number, TerminalRestore.previous + Int(number), nil)
        raise(number)
    }

    /// SIGTSTP from outside (`kill -TSTP`; Ctrl-Z arrives as a key): terminal back, stop, and on
    /// SIGCONT take it again and ask for a repaint.
    private static let stopHandler: __sighandler_t = { number in
        guard TerminalRestore.state.pointee.active != 0 else {
            TerminalRestore.setHandler(number, nil)
            raise(number)
            return
        }
        TerminalRestore.state.pointee.stopping = 1
        TerminalRestore.giveBack()
        TerminalRestore.stopHere()
        TerminalRestore.setHandler(number, TerminalRestore.stopHandler, flags: SA_RESTART)
        TerminalRestore.takeBack()
        TerminalRestore.state.pointee.stopping = 0
    }

    /// SIGCONT after a stop nobody could catch (SIGSTOP): take the terminal again, ask for a repaint.
    private static let continueHandler: __sighandler_t = { _ in
        guard TerminalRestore.state.pointee.active != 0, TerminalRestore.state.pointee.stopping == 0 else {
            return
        }
        TerminalRestore.takeBack()
    }

    /// Handles SIGTSTP here again (after a stop).
    static func armStopHandler() {
        setHandler(SIGTSTP, stopHandler, flags: SA_RESTART)
    }

    /// Stops the process with SIGTSTP's default action; returns once it is continued
    /// (async-signal-safe).
    static func stopHere() {
        setHandler(SIGTSTP, nil)
        var stop = sigset_t()
        sigemptyset(&stop)
        sigaddset(&stop, SIGTSTP)
        sigprocmask(SIG_UNBLOCK, &stop, nil)
        raise(SIGTSTP)
    }

    /// Removes `$<…>` padding from a terminfo string (a delay the terminal does not need).
    static func withoutPadding(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count,
                bytes[index + 1] == UInt8(ascii: "<"),
                let end = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: ">")),
                bytes[(index + 2)..<end].allSatisfy({
                    $0 == 0x2A || $0 == 0x2F || $0 == 0x2E || (0x30...0x39).contains($0)
                })
            {
                index = end + 1
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }
}
