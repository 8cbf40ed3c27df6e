import CNCurses
import TermGrid

#if canImport(Glibc)
    import Glibc
#endif

/// The studio's terminal, through ncurses: cells go into curses' virtual screen (`draw`), one
/// `present` sends a frame with curses' own diff (plus sixel or kitty pictures after it), keys and
/// mouse come back from `readKey`, and the terminal is always given back — by `stop`, at exit, and
/// from the signals that end or stop the process.
///
/// Curses keeps global state and is not thread-safe: one screen at a time, used from one thread.
public final class CursesScreen {
    /// Where keys come from.
    let input: Int32
    /// Where frames go.
    let output: Int32
    /// The curses screen (newterm's SCREEN).
    let screen: OpaquePointer
    /// Its standard window, where cells are drawn.
    let window: UnsafeMutablePointer<WINDOW>
    /// The stdio streams curses was given (duplicates of `input` and `output`, closed at stop).
    let inputFile: UnsafeMutablePointer<FILE>
    /// See ``inputFile``.
    let outputFile: UnsafeMutablePointer<FILE>
    /// How many colours cells are drawn with.
    public let colorDepth: ColorDepth
    /// How theme colours become curses colour numbers.
    let mapping: ColorMapping
    /// The colour pairs handed out so far.
    var pairs: ColorPairTable
    /// The curses look (attributes and pair) of each style seen, so a style is mapped once.
    var looks: [CellStyle: Look] = [:]
    /// The character shown for one curses cannot show in its width (U+FFFD, or `?` outside UTF-8).
    let replacement: wchar_t
    /// The cells of the run being written, kept to avoid allocating per run.
    var lineBuffer: [cchar_t] = []
    /// The characters of one cell (NUL-terminated), kept to avoid allocating per cell.
    var characterBuffer: [wchar_t] = Array(repeating: 0, count: Int(CCHARW_MAX) + 1)
    /// Whether the window changed size (or the process resumed) since `takeResize` last said so.
    var resizePending = false
    /// The size the kernel reported when `takeResize` found a change before curses' KEY_RESIZE for
    /// it arrived (that KEY_RESIZE is then not a second change).
    var resizeAlreadyReported: (rows: Int, columns: Int)?
    /// The style of the last cell drawn and its look (neighbouring cells mostly share one).
    var lastLook: (style: CellStyle, look: Look)?
    /// Whether the cursor is shown.
    var cursorShown = false
    /// Whether the next frame repaints everything (then it is sent as one synchronized update).
    var repaintingAll = true
    /// Whether `stop` ran.
    var stopped = false

    /// Whether a screen holds the terminal in this process. Curses has one set of globals, so only
    /// one screen may exist at a time; this is only read and written by `init` and `stop`, which the
    /// owning thread calls.
    nonisolated(unsafe) static var taken = false

    /// A style as curses draws it.
    struct Look: Hashable {
        /// Curses attributes (A_BOLD ...).
        var attributes: attr_t
        /// The colour pair.
        var pair: Int32
    }

    /// Takes the terminal (standard input and output, which must both be terminals): raw keys
    /// (Ctrl-C, Ctrl-Z and Ctrl-S arrive as keys), no echo, the cursor hidden, the alternate screen,
    /// mouse clicks and wheel, and colours when the terminal has them.
    public convenience init() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw Failure.notATerminal }
        var environment: [String: String] = [:]
        for name in ["TERM", "COLORTERM", "KINORA_COLORS", "NO_COLOR"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        try self.init(input: STDIN_FILENO, output: STDOUT_FILENO, environment: environment)
    }

    /// Takes the terminal on `input` and `output` as terminal type `environment["TERM"]` (tests
    /// pass a pseudo-terminal).
    init(input: Int32, output: Int32, environment: [String: String]) throws {
        guard !Self.taken else { throw Failure.alreadyActive }
        var shell = termios()
        guard isatty(input) == 1, isatty(output) == 1, tcgetattr(input, &shell) == 0 else {
            throw Failure.notATerminal
        }
        Self.setUpLocale()
        TerminalRestore.capturePreviousHandlers()
        // The window size from the kernel wins over LINES and COLUMNS in the environment.
        use_tioctl(true)
        let (screen, window, inputFile, outputFile) = try Self.open(
            input: input, output: output, environment: environment)
        self.input = input
        self.output = output
        self.screen = screen
        self.window = window
        self.inputFile = inputFile
        self.outputFile = outputFile
        Self.taken = true

        raw()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        intrflush(window, false)
        meta(window, true)
        scrollok(window, false)
        idlok(window, false)
        leaveok(window, true)
        curs_set(0)
        set_escdelay(25)
        let mouse = mousemask(CursesKeyMap.mouseEvents, nil) != 0
        mouseinterval(0)

        // Only the environment can make a 256-colour terminal monochrome: then colours stay off.
        var depth = ColorMapping.depth(colors: 0, environment: environment)
        var defaultColors = false
        var colors = 0
        if ColorMapping.depth(colors: 256, environment: environment) != .monochrome, has_colors() {
            start_color()
            defaultColors = use_default_colors() == OK
            colors = Int(kinora_colors())
            depth = ColorMapping.depth(colors: colors, environment: environment)
        }
        colorDepth = depth
        mapping = ColorMapping(colors: colors, depth: depth, defaultColors: defaultColors)
        pairs = ColorPairTable(capacity: mapping.usesColor ? max(0, Int(kinora_color_pairs()) - 1) : 0)
        replacement = kinora_wcwidth(0xFFFD) == 1 ? 0xFFFD : wchar_t(UInt8(ascii: "?"))

        var program = termios()
        tcgetattr(input, &program)
        let sequences = Self.sequences(mouse: mouse)
        TerminalRestore.install(
            input: input, output: output, shell: shell, program: program, reset: sequences.reset,
            enterHidden: sequences.enter + sequences.hideCursor,
            enterShown: sequences.enter + sequences.showCursor)
    }

    /// Rows on screen.
    public var rows: Int { size.rows }

    /// Columns on screen.
    public var columns: Int { size.columns }

    /// The descriptor keys arrive on, for poll() in the app's loop. When it is readable, call
    /// ``readKey()`` until it returns nil: curses may hold several keys read at once.
    public var inputDescriptor: Int32 { input }

    /// Rows and columns of the standard window.
    var size: (rows: Int, columns: Int) {
        var rows: Int32 = 0
        var columns: Int32 = 0
        kinora_getmaxyx(window, &rows, &columns)
        return (Int(rows), Int(columns))
    }

    deinit { stop() }
}

extension CursesScreen {
    /// Uses the environment's locale, so wide characters work; when that is not UTF-8 (often plain
    /// `C` in containers and over SSH), C.UTF-8 for characters: Kinora's text is Unicode.
    static func setUpLocale() {
        setlocale(LC_ALL, "")
        guard let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" else { return }
        setlocale(LC_CTYPE, "C.UTF-8")
    }

    /// Starts curses on duplicates of `input` and `output` (so closing its streams leaves them open),
    /// as TERM, or, when terminfo does not know TERM (or it is unset), as xterm-256color or xterm.
    static func open(input: Int32, output: Int32, environment: [String: String]) throws -> (
        screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>, input: UnsafeMutablePointer<FILE>,
        output: UnsafeMutablePointer<FILE>
    ) {
        let name = environment["TERM"] ?? ""
        guard name != "dumb" else { throw Failure.unusableTerminal(name) }
        let fallbacks = ["xterm-256color", "xterm"]
        for type in name.isEmpty ? fallbacks : [name] + fallbacks {
            switch kinora_probe_terminal(type, output) {
            case 0: continue
            case 1: break
            default: throw Failure.unusableTerminal(type)
            }
            // Copies closed on exec: programs Kinora starts (ffmpeg, plugins) get no extra handles.
            let outputCopy = fcntl(output, F_DUPFD_CLOEXEC, 0)
            let inputCopy = fcntl(input, F_DUPFD_CLOEXEC, 0)
            guard outputCopy >= 0, inputCopy >= 0, let outputFile = fdopen(outputCopy, "w") else {
                if outputCopy >= 0 { close(outputCopy) }
                if inputCopy >= 0 { close(inputCopy) }
                throw Failure.notATerminal
            }
            guard let inputFile = fdopen(inputCopy, "r") else {
                fclose(outputFile)
                close(inputCopy)
                throw Failure.notATerminal
            }
            guard let screen = newterm(type, outputFile, inputFile) else {
                fclose(outputFile)
                fclose(inputFile)
                throw Failure.unknownTerminal(type)
            }
            guard let window = kinora_stdscr() else {
                endwin()
                delscreen(screen)
                fclose(outputFile)
                fclose(inputFile)
                throw Failure.unknownTerminal(type)
            }
            return (screen, window, inputFile, outputFile)
        }
        throw Failure.unknownTerminal(name)
    }

    /// The byte strings the signal handlers write, from terminfo: leaving curses' screen mode
    /// (`reset`) and entering it again after a stop (`enter`, plus the cursor's state).
    static func sequences(mouse: Bool) -> (
        reset: [UInt8], enter: [UInt8], hideCursor: [UInt8], showCursor: [UInt8]
    ) {
        let mouseFormat = tigetstr("XM").flatMap { kinora_is_absent_string($0) == 0 ? $0 : nil }
        let mouseOn = mouse ? (mouseFormat.map { parameterized($0, 1) } ?? Array("\u{1B}[?1000h".utf8)) : []
        let mouseOff =
            mouse ? (mouseFormat.map { parameterized($0, 0) } ?? []) + Array("\u{1B}[?1000l".utf8) : []
        // CAN and ST end a picture cut off half way; then synchronized output ends.
        let reset =
            Array("\u{18}\u{1B}\\\u{1B}[?2026l".utf8) + mouseOff + capability("sgr0") + capability("cnorm")
            + capability("rmkx") + capability("rmcup")
        let enter = capability("smcup") + capability("smkx") + mouseOn
        return (reset, enter, capability("civis"), capability("cnorm"))
    }

    /// A terminfo string capability's bytes, padding removed; empty when the terminal has none.
    static func capability(_ name: String) -> [UInt8] {
        guard let value = tigetstr(name), kinora_is_absent_string(value) == 0 else { return [] }
        return TerminalRestore.withoutPadding(Array(String(cString: value).utf8))
    }

    /// `format` (a terminfo string with one parameter) filled in with `value`.
    static func parameterized(_ format: UnsafeMutablePointer<CChar>, _ value: Int) -> [UInt8] {
        guard let filled = kinora_tparm1(format, value) else { return [] }
        return TerminalRestore.withoutPadding(Array(String(cString: filled).utf8))
    }
}
