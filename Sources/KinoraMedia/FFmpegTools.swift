import Foundation

/// Finds ffmpeg and ffprobe, reports their versions, and starts them for the rest of the module.
///
/// `KINORA_FFMPEG` / `KINORA_FFPROBE` override where each tool is found (a path, or a name to
/// look up on `PATH`); otherwise `PATH` is searched.
public enum FFmpegTools {
    /// Where `tool` would be run from, or `nil` when it cannot be found.
    ///
    /// - Parameter environment: the variables to consult (injectable for tests).
    public static func locate(
        _ tool: MediaTool, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL? {
        try? require(tool, environment: environment)
    }

    /// Where `tool` would be run from; throws ``MediaError/toolMissing(tool:configuredPath:)``
    /// (with the install hint) when it cannot be found.
    public static func require(
        _ tool: MediaTool, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> URL {
        if let configured = environment[tool.environmentKey], !configured.isEmpty {
            guard let url = Subprocess.findExecutable(named: configured, environment: environment) else {
                throw MediaError.toolMissing(tool: tool, configuredPath: configured)
            }
            return url
        }
        guard let url = Subprocess.findExecutable(named: tool.rawValue, environment: environment) else {
            throw MediaError.toolMissing(tool: tool, configuredPath: nil)
        }
        return url
    }

    /// The first line of `tool -version` (for example "ffmpeg version 5.1.4 ..."), or `nil`
    /// when the tool is missing or fails.
    public static func version(
        of tool: MediaTool, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        guard let output = try? run(tool, arguments: ["-version"], environment: environment),
            output.status.isSuccess
        else { return nil }
        let text = String(decoding: output.stdout, as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).first else { return nil }
        return String(line)
    }

    /// `true` when ffmpeg lists `encoder` (default `libx264`, which takes are written with).
    public static func hasEncoder(
        _ encoder: String = "libx264", environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        guard
            let output = try? run(
                .ffmpeg, arguments: ["-hide_banner", "-encoders"], environment: environment),
            output.status.isSuccess
        else { return false }
        let text = String(decoding: output.stdout, as: UTF8.self)
        // Lines look like " V....D libx264              libx264 H.264 / AVC ...".
        return text.split(whereSeparator: \.isNewline).contains { line in
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            return words.count >= 2 && words[1] == Substring(encoder)
        }
    }

    /// Runs `tool` to completion, collecting stdout; maps start-up failures to ``MediaError``.
    static func run(
        _ tool: MediaTool, arguments: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Subprocess.Output {
        let url = try require(tool, environment: environment)
        do {
            return try Subprocess.run(executable: url, arguments: arguments)
        } catch let error as SubprocessError {
            throw mapStartError(error, tool: tool, url: url)
        }
    }

    /// Starts `tool` with pipes; maps start-up failures to ``MediaError``.
    static func start(
        _ tool: MediaTool, arguments: [String], streams: Subprocess.Streams,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Subprocess {
        let url = try require(tool, environment: environment)
        do {
            return try Subprocess(executable: url, arguments: arguments, streams: streams)
        } catch let error as SubprocessError {
            throw mapStartError(error, tool: tool, url: url)
        }
    }

    private static func mapStartError(_ error: SubprocessError, tool: MediaTool, url: URL) -> Error {
        switch error {
        case .spawnFailed(let path, let code):
            return MediaError.toolFailed(tool: tool, path: path, reason: SubprocessError.describe(code))
        case .io, .brokenPipe:
            return error
        }
    }
}
