import ArgumentParser
import Foundation
import KinoraCore

/// The `kinora` command: storyboard editing from the shell, and the studio.
@main
struct Kinora: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinora",
        abstract: "A terminal studio for storyboarding films with video generation.",
        discussion: """
            Exit codes: 0 success, 1 a problem with what was asked (the message says what to do), \
            2 or more any other failure.
            """,
        version: "0.1.0",
        subcommands: [
            OpenCommand.self, NewCommand.self, ImportCommand.self, ShotCommand.self, CastCommand.self,
            SoundCommand.self, MusicCommand.self, VoiceCommand.self,
            GenCommand.self,
            TakesCommand.self, PickCommand.self, NoteCommand.self, NotesCommand.self, CircleCommand.self,
            RejectCommand.self, UnmarkCommand.self, ExtendCommand.self,
            RegenCommand.self, PreviewCommand.self, ExportCommand.self, BackendsCommand.self,
            DoctorCommand.self,
            SaveLoopCommand.self,
        ],
        defaultSubcommand: OpenCommand.self
    )

    /// Runs the command line, turning every error into a clear message and the documented exit code.
    static func main() async {
        // A parent may have left signals blocked (some test runners and process spawners do); Ctrl-C
        // and a plain `kill` must still stop kinora.
        var nothingBlocked = sigset_t()
        sigemptyset(&nothingBlocked)
        sigprocmask(SIG_SETMASK, &nothingBlocked, nil)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as UserFacingError {
            Output.error(error.userMessage)
            Foundation.exit(error.isUserError ? 1 : 2)
        } catch let code as ExitCode {
            // A command that already said what it had to (like `doctor`) chose its own status.
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            Output.error(fullMessage(for: error))
            // Usage mistakes are the person's to fix: exit 1, as documented, rather than sysexits' 64.
            Foundation.exit(code == .validationFailure ? 1 : max(code.rawValue, 2))
        }
    }
}
