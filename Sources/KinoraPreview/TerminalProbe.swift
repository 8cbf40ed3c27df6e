import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Asks the terminal about itself: one batch of queries in raw mode, answered or not within a short
/// overall timeout, with the terminal's settings always restored and unread replies flushed.
public enum TerminalProbe {
    /// The kitty graphics query (an APC string).
    static let kittyQuery = "\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\"

    /// The queries, DA1 last: every terminal answers DA1, and in order, so its reply ends the wait.
    /// Inside tmux the kitty query is left out: tmux takes an APC string for the pane's title.
    static func queries(insideTmux: Bool) -> [UInt8] {
        Array(
            ("\u{1B}[>0q" + (insideTmux ? "" : kittyQuery) + "\u{1B}[?1;1;0S" + "\u{1B}[16t" + "\u{1B}[14t"
                + "\u{1B}[?2026$p" + "\u{1B}[c").utf8)
    }

    /// Queries the terminal on `descriptor`; `nil` when it is not a terminal. Returns whatever was
    /// answered within `timeout` seconds in all (a silent terminal gives empty replies, never a hang).
    public static func query(_ descriptor: Int32, timeout: Double = 0.15, insideTmux: Bool = false)
        -> TerminalReplies?
    {
        var saved = termios()
        guard isatty(descriptor) == 1, tcgetattr(descriptor, &saved) == 0 else { return nil }
        var raw = rawMode(from: saved)
        guard tcsetattr(descriptor, TCSANOW, &raw) == 0 else { return nil }
        defer {
            // Replies that came too late must not reach the shell or the screen.
            tcflush(descriptor, TCIFLUSH)
            tcsetattr(descriptor, TCSANOW, &saved)
        }
        _ = queries(insideTmux: insideTmux).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1e9)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while DispatchTime.now().uptimeNanoseconds < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let left = Int32((deadline - min(deadline, DispatchTime.now().uptimeNanoseconds)) / 1_000_000)
            guard poll(&poller, 1, max(left, 1)) > 0 else { continue }
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 { received += buffer[0..<count] }
            if TerminalReplies(parsing: received).answered { break }
        }
        var replies = TerminalReplies(parsing: received)
        var window = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &window) == 0 {
            replies.kernelWindow = (
                Int(window.ws_col), Int(window.ws_row), Int(window.ws_xpixel), Int(window.ws_ypixel)
            )
        }
        return replies
    }

    /// `settings` changed for reading replies and keys: no echo, no line editing, no signals from
    /// keys (Ctrl-C arrives as a byte), reads return at once with what is there.
    public static func rawMode(from settings: termios) -> termios {
        var raw = settings
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        return raw
    }
}
