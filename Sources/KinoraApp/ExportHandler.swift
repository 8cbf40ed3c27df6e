import Foundation
import KinoraCore
import KinoraExport
import KinoraGenerate
import KinoraStudio

/// Writes the studio's exports in the background: planned from the storyboard as saved, rendered on a
/// thread that may block (ffmpeg), with a progress row each and cancel.
public actor ExportHandler: ExportHandling {
    private let folder: URL
    private let ledger: TakeLedger
    private let post: PostMessage
    private let work: WorkGroup
    private let files: FileHandler
    private let renderer = BlockingExecutor(label: "kinora.studio.exports", concurrent: true)
    private var running: [JobIdentity: ExportJob] = [:]
    private var finished: [JobIdentity: CheckedContinuation<Void, Never>] = [:]
    /// Whether shutting down stopped waiting for exports.
    private var gaveUp = false
    private var serial = 0

    /// A handler writing exports of the storyboard `ledger` saves, its work started in `work`.
    init(ledger: TakeLedger, post: @escaping PostMessage, work: WorkGroup, files: FileHandler) {
        self.ledger = ledger
        self.folder = ledger.folder
        self.post = post
        self.work = work
        self.files = files
    }

    /// Where the export goes: relative paths land in the project, `~` and absolute paths where they say.
    func destination(of output: String) -> URL {
        output.hasPrefix("/") || output.hasPrefix("~")
            ? files.resolve(output) : folder.appendingPathComponent(output)
    }

    /// Plans the export now and renders it in the background.
    public func export(_ request: ExportRequest) async {
        let project = await ledger.project
        let output = destination(of: request.output)
        serial += 1
        let id = JobIdentity.export(serial: serial, file: output.lastPathComponent)
        let label = id.description
        do {
            // The project's exports folder is made on demand (a real folder, never a link); any other
            // folder must exist.
            let exports = folder.appendingPathComponent(ProjectLayout.exportsFolder)
            if output.deletingLastPathComponent().standardizedFileURL == exports.standardizedFileURL {
                try ProjectPath.writableFolder(ProjectLayout.exportsFolder, in: folder)
            }
            let job = try ExportJob(
                project: project, folder: folder, output: output, format: request.format,
                missing: request.missing, panelsPerPage: request.panelsPerPage)
            running[id] = job
            post(.jobChanged(JobRow(id: id, label: label, state: .running, progress: 0)))
            let renderer = self.renderer
            work.start { [post, folder] in
                let outcome = await withTaskExecutorPreference(renderer) {
                    Self.render(job, id: id, label: label, folder: folder, post: post)
                }
                post(outcome)
                await self.ended(id)
            }
        } catch {
            post(.jobChanged(JobRow(id: id, label: label, state: .failed(ErrorText.describe(error)))))
            post(.failed("Export failed: " + ErrorText.describe(error)))
        }
    }

    /// Runs `job` (blocking), posting progress by the percent; returns the message that ends it.
    private nonisolated static func render(
        _ job: ExportJob, id: JobIdentity, label: String, folder: URL, post: @escaping PostMessage
    ) -> StudioMsg {
        var shown = -1
        do {
            let written = try job.run { fraction in
                let percent = Int(fraction * 100)
                guard percent != shown else { return }
                shown = percent
                post(.jobChanged(JobRow(id: id, label: label, state: .running, progress: fraction)))
            }
            post(.jobChanged(JobRow(id: id, label: label, state: .done, progress: 1)))
            let names = written.map {
                $0.path.hasPrefix(folder.path + "/")
                    ? String($0.path.dropFirst(folder.path.count + 1)) : $0.path
            }
            let exported = "Exported " + names.joined(separator: ", ")
            // A shot that became a slate (its take missing or broken) must not go unnoticed.
            let warnings = job.plan.warningSummary
            return warnings.isEmpty
                ? .info(exported) : .failed(exported + ", but: " + warnings.joined(separator: "; "))
        } catch {
            let cancelled =
                (error as? ExportError).map { if case .cancelled = $0 { true } else { false } } ?? false
            let reason = ErrorText.describe(error)
            post(.jobChanged(JobRow(id: id, label: label, state: cancelled ? .cancelled : .failed(reason))))
            return cancelled
                ? .info("Export cancelled; no file was left") : .failed("Export failed: " + reason)
        }
    }

    private func ended(_ id: JobIdentity) {
        running[id] = nil
        finished.removeValue(forKey: id)?.resume()
    }

    /// Cancels the export `job`.
    public func cancel(_ job: JobIdentity) async {
        running[job]?.cancel()
    }

    /// Cancels every export and waits until each has removed its partial file, or `seconds` have
    /// passed (a contact sheet cannot be stopped half-way; it finishes or is left to the next writable
    /// open to clean).
    public func stopAll(waitingAtMost seconds: Double) async {
        for job in running.values { job.cancel() }
        let deadline = Task {
            try? await Task.sleep(for: .seconds(seconds))
            await self.stopWaiting()
        }
        // The live dictionary, checked and waited on in one step on the actor: an export that ends
        // while another is awaited is simply gone from it, and no wake-up is lost.
        while !gaveUp, let id = running.keys.first {
            await withCheckedContinuation { finished[id] = $0 }
        }
        deadline.cancel()
    }

    /// Stops ``stopAll(waitingAtMost:)`` waiting.
    private func stopWaiting() {
        gaveUp = true
        for waiter in finished.values { waiter.resume() }
        finished = [:]
    }
}
