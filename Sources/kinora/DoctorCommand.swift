import ArgumentParser
import Foundation
import KinoraCore
import KinoraMedia
import KinoraPreview

/// `kinora doctor`: checks the tools, fonts and terminal Kinora relies on and says what to install.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Check ffmpeg, chafa, fonts and the terminal; say what to install.")

    @Flag(help: "Print the checks as JSON.")
    var json = false

    /// One line of the report.
    struct Check: Encodable {
        /// What was checked.
        var name: String
        /// Whether it is fine.
        var ok: Bool
        /// Whether Kinora cannot work without it.
        var required: Bool
        /// What was found, or what to do.
        var detail: String
    }

    func run() throws {
        let checks = DoctorCommand.checks()
        if json {
            try Output.json(checks)
        } else {
            for check in checks {
                let mark = check.ok ? "ok  " : (check.required ? "FAIL" : "warn")
                Output.line("\(mark)  \(TerminalText.padded(check.name, toWidth: 10)) \(check.detail)")
            }
        }
        if checks.contains(where: { $0.required && !$0.ok }) {
            throw ExitCode(1)
        }
    }

    /// Runs every check.
    static func checks() -> [Check] {
        var checks: [Check] = []
        for tool in MediaTool.allCases {
            if let version = FFmpegTools.version(of: tool) {
                checks.append(Check(name: tool.rawValue, ok: true, required: true, detail: version))
            } else {
                checks.append(
                    Check(
                        name: tool.rawValue, ok: false, required: true,
                        detail: "not found. Install it with `sudo apt-get install ffmpeg` "
                            + "(or set \(tool.environmentKey) to its path)."))
            }
        }
        if FFmpegTools.version(of: .ffmpeg) != nil {
            let x264 = FFmpegTools.hasEncoder("libx264")
            checks.append(
                Check(
                    name: "libx264", ok: x264, required: true,
                    detail: x264
                        ? "H.264 encoder available"
                        : "this ffmpeg cannot encode H.264; install Debian's ffmpeg"))
        }
        let chafa = ExternalProgram.firstLine(of: ["chafa", "--version"])
        checks.append(
            Check(
                name: "chafa", ok: chafa != nil, required: false,
                detail: chafa
                    ?? "not found: pictures fall back to plain blocks. `sudo apt-get install chafa libchafa-dev`"
            ))
        let cjk = ExternalProgram.firstLine(of: ["fc-list", ":lang=zh", "family"])
        checks.append(
            Check(
                name: "fonts", ok: cjk != nil, required: false,
                detail: cjk.map { "CJK font for slates: \($0)" }
                    ?? "no CJK font: Chinese prompts on slates show as boxes. `sudo apt-get install fonts-noto-cjk`"
            ))
        checks.append(terminalCheck())
        return checks
    }

    private static func terminalCheck() -> Check {
        let environment = ProcessInfo.processInfo.environment
        let term = environment["TERM"] ?? ""
        guard isatty(STDOUT_FILENO) == 1 else {
            return Check(
                name: "terminal", ok: true, required: false, detail: "stdout is not a terminal (TERM=\(term))"
            )
        }
        var notes = ["TERM=\(term.isEmpty ? "unset" : term)", "\(Output.columns) columns"]
        if let colour = environment["COLORTERM"], ["truecolor", "24bit"].contains(colour) {
            notes.append("truecolor")
        }
        if environment["TMUX"] != nil { notes.append("inside tmux") }
        if environment["SSH_CONNECTION"] != nil { notes.append("over SSH") }
        let session = TerminalSession(readKeys: false)
        let pictures = TerminalDetection.capabilities(
            replies: session?.probe(insideTmux: environment["TMUX"] != nil), graphics: nil)
        session?.end()
        notes.append(
            "pictures: \(pictures.graphics.rawValue) (\(pictures.reason)), "
                + "cells of \(pictures.cell.width)x\(pictures.cell.height) px")
        let usable = !term.isEmpty && term != "dumb"
        let detail =
            notes.joined(separator: ", ") + (usable ? "" : ": the studio needs a real terminal (set TERM)")
        return Check(name: "terminal", ok: usable, required: false, detail: detail)
    }
}
