import Foundation
import Logging

/// A storyboard's home on disk: opens and validates it, holds the writer's lock, and saves atomically
/// with a backup of the previous version.
public final class ProjectStore {
    /// The project folder.
    public let folder: URL
    /// Whether this store may save; a read-only store takes no lock.
    public let isReadOnly: Bool
    /// The storyboard as last loaded or saved.
    public private(set) var project: Project
    private var lock: ProjectLock?

    /// The storyboard file.
    public var storyboardURL: URL { folder.appendingPathComponent(ProjectLayout.storyboardFile) }

    /// Makes a new project in `folder` (created if needed) holding `project`; refuses a folder that
    /// already has a storyboard.
    public static func create(at folder: URL, project: Project) throws -> ProjectStore {
        let file = folder.appendingPathComponent(ProjectLayout.storyboardFile)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw StoryboardError.notAFolder(path: folder.path)
        }
        if FileManager.default.fileExists(atPath: file.path) {
            throw StoryboardError.alreadyExists(folder: folder.path)
        }
        do {
            for name in ProjectLayout.folders {
                try FileManager.default.createDirectory(
                    at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
            }
        } catch {
            throw StoryboardError.saveFailed(file: folder.path, reason: ProjectStore.reason(error))
        }
        let store = try ProjectStore(
            folder: folder, project: project, lock: ProjectLock(folder: folder, wait: 0))
        // A project is meant to live in git: keep the lock, caches and half-written files out of it.
        try? Data(ProjectLayout.gitignore.utf8).write(to: folder.appendingPathComponent(".gitignore"))
        try store.save(project)
        return store
    }

    /// Opens the storyboard in `folder`. A writer takes the lock (waiting up to `lockWait` seconds for
    /// another writer to finish); a reader never waits and never writes, so it works on a full disk.
    /// Takes recorded as queued or running while no process holds the lock are shown as interrupted
    /// (nobody is making them); a writer records that with its first save.
    public convenience init(opening folder: URL, readOnly: Bool = false, lockWait: Double = 2) throws {
        let file = folder.appendingPathComponent(ProjectLayout.storyboardFile)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder) else {
            throw StoryboardError.notFound(folder: folder.path)
        }
        if isFolder.boolValue {
            throw StoryboardError.unreadable(file: file.path, detail: "it is a folder, not a file")
        }
        let lock = readOnly ? nil : try ProjectLock(folder: folder, wait: lockWait)
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw StoryboardError.unreadable(file: file.path, detail: ProjectStore.reason(error))
        }
        var project = try StoryboardCodec.decode(data, file: file.path)
        try ProjectStore.checkFilesStayInside(project, folder: folder, file: file.path)
        if lock != nil || !ProjectLock.isHeld(folder: folder) {
            project.markLeftoversInterrupted()
        }
        if lock != nil {
            AtomicFile.removeLeftovers(besides: file)
            ProjectStore.removeLeftovers(in: folder)
            // git keeps no empty folders, so a cloned project may lack them.
            for name in ProjectLayout.folders {
                try? FileManager.default.createDirectory(
                    at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
            }
        }
        self.init(folder: folder, project: project, lock: lock, readOnly: readOnly)
    }

    private init(folder: URL, project: Project, lock: ProjectLock?, readOnly: Bool = false) {
        self.folder = folder
        self.project = project
        self.lock = lock
        self.isReadOnly = readOnly
    }

    /// Validates `project` and writes it atomically, keeping the previous file as `storyboard.json.bak`.
    /// Nothing is written when a rule is broken, or when the lock was taken from under this store.
    public func save(_ project: Project) throws {
        guard !isReadOnly, let lock else { throw StoryboardError.openedReadOnly(folder: folder.path) }
        let problems = project.validationProblems()
        guard problems.isEmpty else {
            throw StoryboardError.invalid(file: storyboardURL.path, problems: problems)
        }
        let data = try StoryboardCodec.encode(project)
        do {
            try lock.verify()
            try AtomicFile.write(
                data, to: storyboardURL, backup: folder.appendingPathComponent(ProjectLayout.backupFile))
        } catch {
            KinoraLog.logger.error(
                "save failed", metadata: ["file": "\(storyboardURL.path)", "reason": "\(error)"])
            throw error
        }
        KinoraLog.logger.info(
            "saved",
            metadata: [
                "file": "\(storyboardURL.path)", "shots": "\(project.shots.count)", "bytes": "\(data.count)",
            ])
        self.project = project
    }

    /// Applies `change` to a copy of the storyboard and saves it; on any error the storyboard on disk and
    /// in memory stays as it was.
    @discardableResult
    public func update<Result>(_ change: (inout Project) throws -> Result) throws -> Result {
        var copy = project
        let result = try change(&copy)
        try save(copy)
        return result
    }

    /// The absolute location of a path stored in the storyboard.
    public func url(for relativePath: String) -> URL {
        folder.appendingPathComponent(relativePath)
    }

    /// Copies `file` into `assets/` under its SHA-256 (once, however often it is imported) and describes it.
    public func importAsset(_ file: URL, kind: ShotSource.Kind) throws -> ShotSource {
        guard !isReadOnly else { throw StoryboardError.openedReadOnly(folder: folder.path) }
        let hash: String
        do {
            hash = try ContentHash.sha256(of: file)
        } catch {
            throw StoryboardError.importFailed(file: file.path, reason: ProjectStore.reason(error))
        }
        let suffix = file.pathExtension.lowercased()
        let safeSuffix =
            suffix.count <= 5 && suffix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
            ? suffix : ""
        let name = safeSuffix.isEmpty ? hash : "\(hash).\(safeSuffix)"
        let relative = "\(ProjectLayout.assetsFolder)/\(name)"
        let assets = try ProjectPath.writableFolder(ProjectLayout.assetsFolder, in: folder)
        let destination = assets.appendingPathComponent(name)
        // A link under the asset's name (wherever it leads) is replaced by the real copy.
        if ProjectPath.entry(at: destination) != .file {
            let staging = assets.appendingPathComponent(".\(name).importing")
            try? FileManager.default.removeItem(at: staging)
            do {
                // The picture itself, not a link to it (copyItem copies a link as a link).
                try FileManager.default.copyItem(at: file.resolvingSymlinksInPath(), to: staging)
            } catch {
                try? FileManager.default.removeItem(at: staging)
                throw StoryboardError.importFailed(file: file.path, reason: ProjectStore.reason(error))
            }
            // Imported copies are plain files whatever the original's mode (a read-only original
            // would otherwise give read-only assets next to writable ones).
            chmod(staging.path, 0o644)
            // rename(2) so the asset appears whole or not at all.
            guard rename(staging.path, destination.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: staging)
                throw StoryboardError.importFailed(file: file.path, reason: reason)
            }
        }
        return ShotSource(kind: kind, asset: relative, sha256: hash, originalName: file.lastPathComponent)
    }

    /// Gives up the writer's lock; the store can no longer save.
    public func close() {
        lock?.release()
        lock = nil
    }

    /// Deletes what killed runs left half-done: take videos (`takes/<shot>/.<take>.mp4.partial`), and
    /// exports' work folders in `cache/work` with the hidden files beside their outputs (see
    /// `WorkFolder`). Only the lock holder calls this, and the lock is held on the project folder itself
    /// (which deleting `.kinora.lock` does not undo), so no take is being written; exports
    /// (which only read the project) still running elsewhere hold their work folders and are left alone.
    private static func removeLeftovers(in folder: URL) {
        WorkFolder.removeAbandoned(in: folder)
        let takes = folder.appendingPathComponent(ProjectLayout.takesFolder)
        // Never through a link: what a linked `takes/` leads to is not the project's to clean.
        guard ProjectPath.entry(at: takes) == .folder else { return }
        for shot in (try? FileManager.default.contentsOfDirectory(atPath: takes.path)) ?? [] {
            let shotFolder = takes.appendingPathComponent(shot)
            guard ProjectPath.entry(at: shotFolder) == .folder else { continue }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: shotFolder.path)) ?? []
            where name.hasSuffix(ProjectLayout.partialSuffix) {
                try? FileManager.default.removeItem(at: shotFolder.appendingPathComponent(name))
            }
        }
    }

    /// Refuses storyboards whose files, once symbolic links are followed, lie outside the folder.
    private static func checkFilesStayInside(_ project: Project, folder: URL, file: String) throws {
        let root = folder.resolvingSymlinksInPath().standardizedFileURL.path + "/"
        var problems: [ValidationProblem] = []
        var resolver = PathResolver(folder: folder)
        var castPaths: [(String, String)] = []
        for (index, entry) in project.cast.enumerated() {
            for (imageIndex, image) in entry.images.enumerated() {
                castPaths.append(("$.cast[\(index)].images[\(imageIndex)].asset", image.asset))
            }
        }
        for (path, relative) in castPaths where !resolver.resolve(relative).hasPrefix(root) {
            problems.append(
                ValidationProblem(path: path, message: "\"\(relative)\" leads outside the project folder"))
        }
        for (index, shot) in project.shots.enumerated() {
            var paths: [(String, String)] = []
            if let source = shot.source { paths.append(("$.shots[\(index)].source.asset", source.asset)) }
            if let end = shot.endImage { paths.append(("$.shots[\(index)].endImage.asset", end.asset)) }
            for (takeIndex, take) in shot.takes.enumerated() {
                if let output = take.output {
                    paths.append(("$.shots[\(index)].takes[\(takeIndex)].output", output))
                }
            }
            for (path, relative) in paths {
                let resolved = resolver.resolve(relative)
                if !resolved.hasPrefix(root) {
                    problems.append(
                        ValidationProblem(
                            path: path, message: "\"\(relative)\" leads outside the project folder"))
                }
            }
        }
        if !problems.isEmpty {
            throw StoryboardError.invalid(file: file, problems: problems)
        }
    }

    private static func reason(_ error: Error) -> String {
        if let error = error as? CocoaError {
            if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError,
                underlying.domain == NSPOSIXErrorDomain
            {
                return String(cString: strerror(Int32(underlying.code)))
            }
            switch error.code {
            case .fileReadNoPermission, .fileWriteNoPermission:
                return "permission denied (check its permissions)"
            case .fileNoSuchFile, .fileReadNoSuchFile: return "it does not exist"
            case .fileWriteOutOfSpace: return "the disk is full"
            default: break
            }
        }
        return (error as NSError).localizedDescription
    }
}

/// Resolves paths inside a project, following symbolic links, with each folder resolved once: a
/// storyboard of thousands of shots keeps its assets in a few folders, and a full resolution per file
/// (five stat calls) was most of the time it took to open.
private struct PathResolver {
    let folder: URL
    private var folders: [String: String] = [:]

    init(folder: URL) { self.folder = folder }

    /// The real path of `relative` inside the folder, symbolic links followed.
    mutating func resolve(_ relative: String) -> String {
        // isDirectory: false, or Foundation stats the file to find out.
        let url = folder.appendingPathComponent(relative, isDirectory: false)
        let name = url.lastPathComponent
        var status = stat()
        let isLink = lstat(url.path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK
        guard !isLink, name != "..", name != "." else {
            return url.resolvingSymlinksInPath().standardizedFileURL.path
        }
        let parent = url.deletingLastPathComponent().path
        if let known = folders[parent] { return known + "/" + name }
        let real = URL(fileURLWithPath: parent).resolvingSymlinksInPath().standardizedFileURL.path
        folders[parent] = real
        return real + "/" + name
    }
}
