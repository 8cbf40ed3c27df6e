import CNCurses
import TermGrid

#if canImport(Glibc)
    import Glibc
#endif

extension CursesScreen {
    /// Ctrl-Z: gives the terminal back (endwin: cursor shown, main screen), stops the process with
    /// SIGTSTP's default action, and on `fg` takes it back and invalidates (``takeResize()`` then
    /// reports a change, as the window may have changed size meanwhile). Does nothing when the
    /// process runs without job control (SIGTSTP ignored): nothing could resume it.
    public func suspend() {
        guard !stopped, TerminalRestore.canStop else { return }
        TerminalRestore.state.pointee.stopping = 1
        endwin()
        TerminalRestore.stopHere()
        TerminalRestore.armStopHandler()
        TerminalRestore.state.pointee.stopping = 0
        // The first refresh after endwin puts curses' terminal modes and screen back.
        invalidate()
        wnoutrefresh(window)
        doupdate()
        resizePending = true
    }

    /// Gives the terminal back: endwin (main screen, cursor shown, mouse and keypad off, colours
    /// reset), the settings from before, unread input dropped, signal handlers as they were. Safe to
    /// call twice. The signal handlers and an atexit hook do the same with async-signal-safe calls
    /// when the process ends without calling it.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        endwin()
        TerminalRestore.uninstall()
        tcsetattr(input, TCSADRAIN, &TerminalRestore.state.pointee.shell)
        tcflush(input, TCIFLUSH)
        delscreen(screen)
        fclose(outputFile)
        fclose(inputFile)
        Self.taken = false
    }
}
