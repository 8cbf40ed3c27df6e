import Foundation
import KinoraCore
import KinoraEngine
import KinoraMedia

/// One conversation with a plug-in program for one take: start it, send the request, follow its messages
/// until it exits, then judge how it went.
///
/// `@unchecked Sendable`: ``run()`` runs on one thread; ``cancel()`` may come from any other, and the
/// state they share (`process`, `cancelled`) is guarded by `lock`.
final class PluginRun: @unchecked Sendable {
    /// Seconds a program may take to exit after its result or error, before its group is killed.
    static let exitGrace = 10.0
    /// The largest preview picture passed on, in bytes.
    static let largestPreview = 16 << 20
    /// The longest stdout line read whole, in bytes (a longer one is cut: it is garbage anyway).
    static let longestLine = 1 << 20

    private let backend: PluginBackend
    private let job: GenerationJob
    private let progress: @Sendable (GenerationProgress) -> Void
    private let lock = NSLock()
    private var process: ChildProcess?
    private var cancelled = false

    /// A run of `backend`'s program for `job`, reporting to `progress`.
    init(
        backend: PluginBackend, job: GenerationJob, progress: @escaping @Sendable (GenerationProgress) -> Void
    ) {
        self.backend = backend
        self.job = job
        self.progress = progress
    }

    /// Kills the program's process group; the run then ends with ``GenerationError/cancelled``.
    func cancel() {
        let running = lock.withLock {
            cancelled = true
            return process
        }
        running?.terminate()
    }

    /// Makes the take, or throws a ``GenerationError`` that names the plug-in and what went wrong; on any
    /// failure the output file is removed.
    func run() throws -> GenerationResult {
        let previewFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kinora-plugin-previews-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: previewFolder) }
        do {
            try FileManager.default.createDirectory(at: previewFolder, withIntermediateDirectories: true)
            // A file left from before must never pass for the plug-in's work.
            try? FileManager.default.removeItem(at: job.outputURL)
            return try converse(previewFolder: previewFolder)
        } catch {
            try? FileManager.default.removeItem(at: job.outputURL)
            throw error
        }
    }

    /// Protocol 2's first and last frames framed to the take's size by the shot's framing (the crop the
    /// built-in engine uses, so a portrait keeps its head), written next to the previews; `nil` when
    /// the request has no such picture or speaks protocol 1 (which gets the source as it is).
    private func framedKeyframes(in folder: URL) throws -> (first: URL?, last: URL?, framing: Framing?) {
        guard backend.protocolVersion >= 2, job.request.mode == .imageToVideo else { return (nil, nil, nil) }
        let size = PixelSize(width: job.request.size.width, height: job.request.size.height)
        func frame(_ url: URL?, _ name: String) throws -> (URL, Framing)? {
            guard let url else { return nil }
            let destination = folder.appendingPathComponent(name)
            do {
                let used = try FramedStill.write(
                    url, framing: job.request.framing, size: size, to: destination)
                return (destination, used)
            } catch let error as EngineError {
                throw GenerationError(error, backend: backend.name)
            }
        }
        let first = try frame(job.sourceURL, "kinora-first-frame.png")
        let last = try frame(job.endImageURL, "kinora-last-frame.png")
        return (first?.0, last?.0, first?.1)
    }

    /// "the plug-in python3 plugin.py (backend wan)": how messages name the program.
    private var pluginName: String {
        "the plug-in \(backend.commandDescription) (backend \(TerminalText.sanitized(backend.name)))"
    }

    private func converse(previewFolder: URL) throws -> GenerationResult {
        let framed = try framedKeyframes(in: previewFolder)
        var pluginRequest = PluginRequest(
            job: job, previewFolder: previewFolder, protocolVersion: backend.protocolVersion)
        if let first = framed.first { pluginRequest.firstFrame = first.standardizedFileURL.path }
        if let last = framed.last { pluginRequest.lastFrame = last.standardizedFileURL.path }
        let request = try pluginRequest.encodedLine()
        let process = try start()
        KinoraLog.logger.info(
            "plug-in started",
            metadata: ["backend": "\(backend.name)", "program": "\(backend.commandDescription)"])
        let deadline = PluginDeadline { process.terminate() }
        deadline.set(seconds: backend.timeout, reason: .noResult)
        // A program that exits without reading its request is judged by how it ended, below.
        try? process.write(request)
        process.closeStandardInput()

        var transcript = PluginTranscript(frameCount: job.frameCount)
        var readFailure: Error?
        do {
            while let line = try process.readLine(maximumBytes: Self.longestLine) {
                guard let message = transcript.record(line) else { continue }
                switch message {
                case .progress:
                    progress(transcript.progress())
                case .preview(let path):
                    if let picture = previewPicture(at: path, previewFolder: previewFolder) {
                        progress(transcript.progress(preview: picture))
                    }
                case .result, .error:
                    deadline.set(seconds: Self.exitGrace, reason: .lingered)
                case .log:
                    break
                }
            }
        } catch {
            readFailure = error
            process.terminate()
        }
        let ending = process.wait()
        let expiry = deadline.stop()
        KinoraLog.logger.info(
            "plug-in ended", metadata: ["backend": "\(backend.name)", "ending": "\(ending)"])
        var result = try judge(
            transcript: transcript, ending: ending, expiry: expiry, readFailure: readFailure,
            standardError: process.standardErrorTail)
        result.framing = framed.framing
        return result
    }

    /// Starts the program with Kinora's environment (without other backends' tokens) plus the configured
    /// variables, unless already cancelled.
    private func start() throws -> ChildProcess {
        let environment = backend.programEnvironment(inheriting: ProcessInfo.processInfo.environment)
        return try lock.withLock {
            guard !cancelled else { throw GenerationError.cancelled }
            do {
                let started = try ChildProcess(
                    arguments: backend.command, environment: environment,
                    workingDirectory: backend.workingDirectory)
                process = started
                return started
            } catch let error as ChildProcessError {
                throw GenerationError.failed(
                    reason: "\(pluginName) could not be started: \(error.userMessage)")
            }
        }
    }

    /// The bytes of a preview the plug-in wrote, when it is a PNG or JPEG of a sensible size; `nil`
    /// otherwise (a bad preview is not worth failing a take for). A relative path is in the preview folder.
    private func previewPicture(at path: String, previewFolder: URL) -> Data? {
        let url =
            path.hasPrefix("/") ? URL(fileURLWithPath: path) : previewFolder.appendingPathComponent(path)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            attributes[.type] as? FileAttributeType == .typeRegular,
            let size = attributes[.size] as? Int, size > 0, size <= Self.largestPreview,
            let data = try? Data(contentsOf: url)
        else { return nil }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47]
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF]
        guard data.starts(with: png) || data.starts(with: jpeg) else { return nil }
        return data
    }

    /// The take, or the reason there is none, from everything the run saw.
    private func judge(
        transcript: PluginTranscript, ending: ChildProcess.Ending, expiry: PluginDeadline.Expiry?,
        readFailure: Error?, standardError: String
    ) throws -> GenerationResult {
        if lock.withLock({ cancelled }) { throw GenerationError.cancelled }
        if expiry == .noResult {
            throw GenerationError.failed(
                reason:
                    "\(pluginName) gave no result within its timeout of \(Self.seconds(backend.timeout)) and was stopped"
            )
        }
        switch transcript.finalMessage {
        case .error(let message):
            throw GenerationError.failed(
                reason: "\(pluginName) reported an error: \(PluginText.quoted(message, width: 300))")
        case .result(let output, _):
            guard ending.isSuccess || expiry == .lingered else {
                throw GenerationError.failed(
                    reason: "\(pluginName) reported a result but then ended with \(ending)")
            }
            return try checkedResult(reportedOutput: output)
        default:
            if let readFailure {
                let reason = (readFailure as? UserFacingError)?.userMessage ?? "\(readFailure)"
                throw GenerationError.failed(reason: "\(pluginName)'s messages could not be read: \(reason)")
            }
            let how =
                ending.isSuccess
                ? "exited without a result" : "crashed (\(ending)) before finishing the take"
            throw GenerationError.failed(
                reason: "\(pluginName) \(how); \(transcript.clues(standardError: standardError))")
        }
    }

    /// The result, once the video is a file (never a link) where it was asked for, readable, of the
    /// take's size, and within one frame of its length.
    private func checkedResult(reportedOutput: String) throws -> GenerationResult {
        let expected = Self.comparable(job.outputURL)
        guard Self.comparable(URL(fileURLWithPath: reportedOutput)) == expected else {
            throw GenerationError.failed(
                reason:
                    "\(pluginName) reported its video at \(PluginText.quoted(reportedOutput)), "
                    + "not at the requested \(PluginText.quoted(expected))")
        }
        // lstat, not stat: a link to a video elsewhere would pass every check below and then be kept as
        // the take, pointing outside the project.
        switch ProjectPath.entry(at: job.outputURL) {
        case .file:
            break
        case .missing:
            throw GenerationError.failed(
                reason: "\(pluginName) reported a result but wrote no video at \(PluginText.quoted(expected))"
            )
        case let found:
            throw GenerationError.failed(
                reason:
                    "\(pluginName) made its output \(PluginText.shown(found.description)) instead of writing the "
                    + "video at \(PluginText.quoted(expected)); a take must be a file the plug-in writes there, "
                    + "so nothing was kept")
        }
        let info: MediaInfo
        do {
            info = try MediaProbe.probe(job.outputURL)
        } catch {
            let reason = (error as? UserFacingError)?.userMessage ?? "\(error)"
            throw GenerationError.failed(reason: "\(pluginName) wrote a video that cannot be read: \(reason)")
        }
        guard let video = info.video, !info.isStillImage else {
            throw GenerationError.failed(reason: "\(pluginName) wrote a file with no video in it")
        }
        let size = job.request.size
        guard video.width == size.width, video.height == size.height else {
            throw GenerationError.failed(
                reason: "\(pluginName) wrote a \(video.width)x\(video.height) video; the take is \(size)")
        }
        let estimated = info.duration.map { Int(($0 * job.request.fps.framesPerSecond).rounded()) }
        guard let frames = video.frameCount ?? estimated else {
            throw GenerationError.failed(reason: "\(pluginName) wrote a video whose length cannot be read")
        }
        guard abs(frames - job.frameCount) <= 1 else {
            throw GenerationError.failed(
                reason: "\(pluginName) wrote \(frames) frames; the take has \(job.frameCount)")
        }
        return GenerationResult(frames: frames)
    }

    /// The path of `url` with its folder's links followed but not a link at its own name, so the
    /// requested output and the reported one compare equal however the folder is spelt.
    private static func comparable(_ url: URL) -> String {
        let file = url.standardizedFileURL
        return file.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(
            file.lastPathComponent
        ).path
    }

    /// "1800 s" or "0.5 s".
    private static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? "\(Int(value)) s" : "\(value) s"
    }
}
