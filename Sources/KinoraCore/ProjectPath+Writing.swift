import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The one way into a project folder for writing: every folder Kinora writes into is a real folder inside
/// the project, made here when missing, and a symbolic link anywhere below the project folder is refused
/// with a message naming it. (The project folder itself may be reached through links.)
extension ProjectPath {
    /// The folder `relative` (`takes/s2`, `cache/previews`) inside `project`, each missing level made as a
    /// real folder. Throws ``ProjectPathError`` when a level is a link (wherever it leads), a file, or
    /// cannot be made; nothing is made outside the project.
    @discardableResult
    public static func writableFolder(_ relative: String, in project: URL) throws -> URL {
        guard isContained(relative) else {
            throw ProjectPathError.outside(path: relative, project: project.path)
        }
        var folder = project
        var levels: [Substring] = []
        for name in relative.split(separator: "/") {
            folder = folder.appendingPathComponent(String(name), isDirectory: true)
            levels.append(name)
            let place = levels.joined(separator: "/")
            var found = entry(at: folder)
            if found == .missing {
                if mkdir(folder.path, 0o777) == 0 { continue }
                let code = errno
                guard code == EEXIST else {
                    throw ProjectPathError.cannotMake(
                        path: place, reason: String(cString: strerror(code)), project: project.path)
                }
                found = entry(at: folder)  // made by someone else meanwhile: look again
            }
            switch found {
            case .folder:
                continue
            case .link(let target):
                throw ProjectPathError.linkedFolder(path: place, target: target, project: project.path)
            default:
                throw ProjectPathError.notAFolder(
                    path: place, found: found.description, project: project.path)
            }
        }
        return folder
    }

    /// Where to write the file `relative` (`takes/s2/t1.json`) inside `project`: its folder made through
    /// ``writableFolder(_:in:)``, and nothing but a regular file (to be replaced) already at its name.
    public static func writableFile(_ relative: String, in project: URL) throws -> URL {
        guard isContained(relative), let name = relative.split(separator: "/").last else {
            throw ProjectPathError.outside(path: relative, project: project.path)
        }
        let parent = relative.dropLast(name.count + 1)
        let folder = parent.isEmpty ? project : try writableFolder(String(parent), in: project)
        let file = folder.appendingPathComponent(String(name), isDirectory: false)
        switch entry(at: file) {
        case .missing, .file:
            return file
        case .link(let target):
            throw ProjectPathError.linkedFile(path: relative, target: target, project: project.path)
        case let found:
            throw ProjectPathError.notAFile(path: relative, found: found.description, project: project.path)
        }
    }

    /// Refuses anything but a regular file at `url` in `project` (a link above all, wherever it leads):
    /// what a backend hands over as a take must be a file it wrote there. Nothing at all is left for the
    /// caller to report, as it reports a file that cannot be read.
    public static func requireFile(at url: URL, in project: URL) throws {
        let found = entry(at: url)
        guard found != .file, found != .missing else { return }
        let prefix = project.standardizedFileURL.path + "/"
        let full = url.standardizedFileURL.path
        let path = full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full
        throw ProjectPathError.notKept(path: path, found: found.description, project: project.path)
    }
}
