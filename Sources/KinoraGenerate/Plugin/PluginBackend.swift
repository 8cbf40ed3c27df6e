import Foundation
import KinoraCore

/// Any program as a generation engine: Kinora starts it from an argv, hands it one JSON request on stdin
/// and reads JSON lines back (progress, logs, previews, then a result or an error) — "Kinora plug-in
/// protocol", version 1 or 2 as configured, documented in `Plugins/README.md`.
///
/// The program runs in its own process group, which is killed on timeout and on task cancellation; a
/// result is trusted only after the video has been probed (size and frame count), and nothing a failed
/// run wrote is kept.
public struct PluginBackend: GenerationBackend {
    /// The configured name, as recorded in take requests.
    public let name: String
    /// The program and its arguments (never run through a shell).
    public let command: [String]
    /// Seconds the program may take to report a result (or an error) before it is stopped.
    public let timeout: Double
    /// Variables set for the program on top of Kinora's own environment (with this backend's own token,
    /// when it has one).
    public let environment: [String: String]
    /// Variables that may hold other backends' tokens (`tokenEnv`), kept from the program like every
    /// `KINORA_TOKEN_*`.
    public let withheldVariables: Set<String>
    /// The folder the program starts in; `nil` keeps Kinora's.
    public let workingDirectory: URL?
    /// What the configuration says the program can do.
    public let capabilities: BackendCapabilities

    /// Values (tokens) that must never appear in a message, whatever the plug-in prints.
    public let secrets: [String]
    /// The protocol version the program speaks: 1 gets exactly version 1's request, 2 adds text-to-video,
    /// `first_frame`, `last_frame` and `references`.
    public let protocolVersion: Int
    /// Whether the program takes an end picture (`last_frame`, protocol 2).
    public let takesLastFrame: Bool

    /// A plug-in backend; `capabilities` defaults to ``defaultCapabilities(command:)``; `secrets` are
    /// blanked out of anything the plug-in says that Kinora repeats; `withheldVariables` are removed from
    /// the environment it inherits, as every `KINORA_TOKEN_*` is.
    public init(
        name: String, command: [String], timeout: Double, environment: [String: String] = [:],
        workingDirectory: URL? = nil, capabilities: BackendCapabilities? = nil, secrets: [String] = [],
        withheldVariables: Set<String> = [], protocolVersion: Int = 1, takesLastFrame: Bool = false
    ) {
        self.protocolVersion = protocolVersion
        self.takesLastFrame = takesLastFrame && protocolVersion >= 2
        self.secrets = secrets.filter { !$0.isEmpty }
        self.name = name
        self.command = command
        self.timeout = timeout
        self.environment = environment
        self.withheldVariables = withheldVariables
        self.workingDirectory = workingDirectory
        self.capabilities =
            capabilities
            ?? PluginBackend.defaultCapabilities(command: command, protocolVersion: protocolVersion)
    }

    /// What a plug-in is assumed to do unless configured otherwise: both source modes (and text-to-video
    /// for protocol 2), up to 60 s at up to 1920x1080, seeds not promised to be exact, engine version
    /// `plugin:<program name>`.
    public static func defaultCapabilities(command: [String], protocolVersion: Int = 1) -> BackendCapabilities
    {
        guard let fullHD = FrameSize(width: 1920, height: 1080) else {
            preconditionFailure("1920x1080 is a valid frame size")
        }
        let modes: Set<ShotMode> =
            protocolVersion >= 2
            ? [.textToVideo, .imageToVideo, .videoToVideo] : [.imageToVideo, .videoToVideo]
        return BackendCapabilities(
            modes: modes, maximumDuration: 60, maximumSize: fullHD,
            exactSeeds: false,
            engineVersion: "plugin:\(programName(of: command))")
    }

    /// Interpreters that run a script named by their first other argument.
    private static let interpreters: Set<String> = [
        "python", "python3", "node", "ruby", "perl", "bash", "sh", "env", "uv", "deno", "bun",
    ]

    /// The name that identifies the plug-in: the program's file name, or the script's when the program is
    /// an interpreter (`python3 /opt/x/kinora_diffusers_plugin.py` → `kinora_diffusers_plugin.py`).
    public static func programName(of command: [String]) -> String {
        let names = command.map { URL(fileURLWithPath: $0).lastPathComponent }
        guard let program = names.first else { return "unknown" }
        let isInterpreter =
            interpreters.contains(program) || program.hasPrefix("python3.") || program.hasPrefix("node")
        guard isInterpreter, let script = names.dropFirst().first(where: { !$0.hasPrefix("-") }) else {
            return program
        }
        return script
    }

    /// The environment the program starts with: `inherited` without any token (every
    /// `KINORA_TOKEN_*`, every ``withheldVariables``), then ``environment`` on top, so the only token it
    /// can see is the one its configuration gives it.
    public func programEnvironment(inheriting inherited: [String: String]) -> [String: String] {
        inherited.filter { name, _ in
            !name.hasPrefix(BackendEntry.tokenPrefix) && !withheldVariables.contains(name)
        }.merging(environment) { $1 }
    }

    /// The command as it appears in messages: made safe for the terminal and kept short.
    var commandDescription: String {
        let joined = command.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        return TerminalText.truncated(TerminalText.sanitized(joined), toWidth: 120)
    }

    /// Checks the declared capabilities, and that the configuration can run anything at all.
    public func check(_ request: TakeRequest) throws {
        guard command.first.map({ !$0.isEmpty }) ?? false else {
            throw GenerationError.unsupported(backend: name, reason: "its command is empty")
        }
        guard timeout.isFinite, timeout > 0 else {
            throw GenerationError.unsupported(
                backend: name, reason: "its timeout \(timeout) is not a positive number of seconds")
        }
        try checkCapabilities(request)
        if request.endImage != nil, !takesLastFrame {
            let how =
                protocolVersion >= 2
                ? "add \"lastFrame\": true to its backend entry if the program reads last_frame"
                : "it speaks plug-in protocol 1, which has no last_frame"
            throw GenerationError.unsupported(
                backend: name,
                reason:
                    "it cannot take the shot's end picture (\(how)); remove the end picture with "
                    + "`kinora shot set DIR SHOT end-image=` or choose another backend")
        }
    }

    /// Runs the program on a thread of its own; cancelling the task kills its process group.
    public func generate(_ job: GenerationJob, progress: @escaping @Sendable (GenerationProgress) -> Void)
        async throws -> GenerationResult
    {
        try check(job.request)
        let run = PluginRun(backend: self, job: job, progress: progress)
        do {
            return try await withTaskCancellationHandler {
                try await BlockingWork.run { _ in try run.run() }
            } onCancel: {
                run.cancel()
            }
        } catch GenerationError.failed(let reason) {
            // A traceback or a `set -x` could print the token the plug-in was given.
            throw GenerationError.failed(
                reason: secrets.reduce(reason) { $0.replacingOccurrences(of: $1, with: "[token]") })
        }
    }
}
