import Foundation
import Testing

@testable import KinoraMedia

/// A program running in a real terminal: a tmux window on Kinora's own tmux server, driven with
/// send-keys and read with capture-pane.
struct TmuxSession {
    /// The session's name.
    let name: String

    /// Runs tmux on its own server. Through KinoraMedia's Subprocess, which starts children with no
    /// signal blocked: Foundation's Process passes on the test runner's blocked signals, and a tmux
    /// server that cannot receive SIGCHLD never finishes its panes.
    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        let output = try Subprocess.run(
            executable: URL(fileURLWithPath: "/usr/bin/tmux"),
            arguments: ["-L", "kinora-tests", "-u"] + arguments)
        return String(decoding: output.stdout, as: UTF8.self)
    }

    /// Starts `command` in a `width` × `height` window; after it ends the window shows the terminal's
    /// echo setting and `DONE <status>`.
    init(_ command: String, width: Int, height: Int, environment: [String: String] = [:]) throws {
        name = "kinora-\(UUID().uuidString.prefix(8))"
        let exports = environment.map { "export \($0.key)='\($0.value)'; " }.joined()
        try Self.tmux([
            "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "sh", "-c",
            exports + command + "; status=$?; stty -a | tr ' ' '\\n' | grep -x -e echo -e -echo; "
                + "echo DONE $status; sleep 60",
        ])
    }

    /// Presses keys by tmux's names (`Enter`, `Tab`, `C-z`, `q`).
    func press(_ keys: String...) throws {
        try Self.tmux(["send-keys", "-t", name] + keys)
    }

    /// Types `text` literally (any characters, Chinese included).
    func type(_ text: String) throws {
        try Self.tmux(["send-keys", "-t", name, "-l", text])
    }

    /// Changes the window's size.
    func resize(width: Int, height: Int) throws {
        try Self.tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The screen as text.
    func screen() throws -> String {
        try Self.tmux(["capture-pane", "-p", "-t", name])
    }

    /// The screen once `text` shows, or after `seconds`; records an issue when it never shows.
    @discardableResult
    func wait(for text: String, seconds: Double = 15, sourceLocation: SourceLocation = #_sourceLocation)
        throws
        -> String
    {
        try wait(seconds: seconds, until: { $0.contains(text) }, sourceLocation: sourceLocation, what: text)
    }

    /// The screen once `done` holds, or after `seconds`.
    @discardableResult
    func wait(
        seconds: Double = 15, until done: (String) -> Bool, sourceLocation: SourceLocation = #_sourceLocation,
        what: String = "the expected screen"
    ) throws -> String {
        var captured = try screen()
        let deadline = Date().addingTimeInterval(seconds)
        while !done(captured) && Date() < deadline {
            usleep(50_000)
            captured = try screen()
        }
        if !done(captured) {
            Issue.record("never saw \(what):\n\(captured)", sourceLocation: sourceLocation)
        }
        return captured
    }

    /// Ends the window.
    func kill() {
        _ = try? Self.tmux(["kill-session", "-t", name])
    }
}
