import Foundation
import KinoraCore
import KinoraMedia
import KinoraScript
import KinoraSound
import KinoraStudio

/// Folder listings for the file picker and imports of sources, off the event loop.
public struct FileHandler: FileHandling {
    private let writer: any StoryboardWriting
    private let post: PostMessage
    private let environment: [String: String]

    /// A handler importing through `writer` and telling the studio through `post`; `~` is the
    /// `HOME` of `environment`.
    public init(
        writer: any StoryboardWriting, post: @escaping PostMessage,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.writer = writer
        self.post = post
        self.environment = environment
    }

    /// Where a typed path points: `~` is the home folder, relative paths start at the working folder.
    func resolve(_ path: String) -> URL {
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: PathCompletion.resolved(path, home: home))
    }

    /// Lists `path` and posts the entries (or why it cannot be listed).
    public func list(_ path: String) async {
        let url = resolve(path)
        do {
            let names = try FileManager.default.contentsOfDirectory(atPath: url.path)
            let entries = names.map { name -> PathCompletion.Entry in
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(
                    atPath: url.appendingPathComponent(name).path, isDirectory: &isFolder)
                return PathCompletion.Entry(name: name, isDirectory: isFolder.boolValue)
            }
            post(.directoryListed(path: path, entries: entries))
        } catch {
            post(
                .directoryFailed(
                    path: path, reason: "\(url.path) cannot be listed: " + ErrorText.describe(error)))
        }
    }

    /// Probes the file, copies it into the project and posts the new source.
    public func importSource(shot: ShotID, path: String) async {
        let url = resolve(path)
        do {
            let info = try MediaProbe.probe(url)
            var source: ShotSource
            if info.isStillImage {
                source = try await writer.importAsset(url, kind: .image)
            } else if info.video != nil, let length = info.duration, length > 0 {
                source = try await writer.importAsset(url, kind: .video)
                source.mediaDuration = length
            } else {
                throw StudioConfigError(message: "\(url.path) has no picture: import an image or a video")
            }
            post(.sourceImported(shot: shot, source: source))
        } catch {
            post(.failed("Cannot import \(url.lastPathComponent): " + ErrorText.describe(error)))
        }
    }

    /// Checks that the file has sound (a video's sound counts) as `kinora sound add` does, copies it into
    /// the project by content and posts it for the studio to attach to `shot`.
    public func importSound(shot: ShotID, path: String) async {
        let url = resolve(path)
        do {
            let checked = try SoundImport.check(url.path, field: "the sound for \(shot)")
            let copy = try await writer.importAsset(checked.url, kind: .video)
            let file = SoundFile(
                asset: copy.asset, sha256: copy.sha256, originalName: copy.originalName,
                duration: checked.duration)
            post(.soundImported(shot: shot, file: file))
        } catch {
            post(.failed("Cannot attach \(url.lastPathComponent): " + ErrorText.describe(error)))
        }
    }

    /// Checks that the file is a still picture, copies it into the project and posts it as the shot's
    /// end picture.
    public func importEndImage(shot: ShotID, path: String) async {
        await importStill(path, field: "end picture", role: .endPicture) {
            .endImageImported(shot: shot, source: $0)
        }
    }

    /// Checks that the file is a still picture, copies it into the project and posts it as a reference
    /// picture of the cast entry `name`.
    public func importCastImage(name: String, path: String) async {
        await importStill(path, field: "@\(name)", role: .reference) {
            .castImageImported(name: name, source: $0)
        }
    }

    /// Checks that the file at `path` is a still picture, copies it into the project by content and posts
    /// what `imported` makes of it; a failure names the file and says why.
    private func importStill(
        _ path: String, field: String, role: StillPictureError.Role, imported: (ShotSource) -> StudioMsg
    ) async {
        let url = resolve(path)
        do {
            try StillPictureError.check(url, path: url.lastPathComponent, field: field, role: role)
            let source = try await writer.importAsset(url, kind: .image)
            post(imported(source))
        } catch {
            post(.failed("Cannot import \(url.lastPathComponent): " + ErrorText.describe(error)))
        }
    }

    /// Reads the script at `path`, merges it into `project` and posts the merged storyboard for the studio
    /// to apply as one undoable edit (or why the script cannot be read, naming the file and line).
    public func importScript(path: String, project: Project) async {
        let url = resolve(path)
        do {
            let merged = try LoadedScript(url, file: url.lastPathComponent).merge(into: project)
            let counts = [ScriptChange.Kind.added, .updated, .moved, .removed].map { kind in
                "\(merged.changes(kind).count) \(kind.rawValue)"
            }
            // The status line has room for one warning: the first says the most (the wrong script, say).
            let warning = merged.warnings.first.map { " — " + $0 } ?? ""
            post(
                .scriptImported(
                    base: project, merged: merged.project,
                    summary: "Imported \(url.lastPathComponent): shots " + counts.joined(separator: ", ")
                        + warning))
        } catch {
            post(.failed(ErrorText.describe(error)))
        }
    }
}
