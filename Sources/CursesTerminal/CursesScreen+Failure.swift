extension CursesScreen {
    /// Why the terminal could not be taken.
    public enum Failure: Error, Hashable, CustomStringConvertible {
        /// Standard input or output is not a terminal (a pipe, a file, no terminal at all).
        case notATerminal
        /// terminfo has no entry for the terminal type (TERM), nor for the fallbacks tried.
        case unknownTerminal(String)
        /// The terminal type cannot move the cursor, so a full-screen program cannot run on it.
        case unusableTerminal(String)
        /// Another screen already holds the terminal in this process.
        case alreadyActive

        /// What went wrong, for a person.
        public var description: String {
            switch self {
            case .notATerminal:
                "the studio needs a terminal: standard input and output must both be one (not a pipe or a file)"
            case .unknownTerminal(let name):
                "terminal type '\(name)' is not in the terminfo database, nor are xterm-256color and xterm; "
                    + "install the terminfo database (Debian: ncurses-base) or set TERM to a type it has"
            case .unusableTerminal(let name):
                "terminal type '\(name)' cannot move the cursor, so the studio cannot draw on it; "
                    + "set TERM to your terminal's type (xterm-256color works for most terminals)"
            case .alreadyActive:
                "the terminal is already in use by another screen of this process"
            }
        }
    }
}
