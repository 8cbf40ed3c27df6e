import Foundation

/// Where things live inside a project folder.
public enum ProjectLayout {
    /// The storyboard document.
    public static let storyboardFile = "storyboard.json"
    /// The previous version of the storyboard, kept by every save.
    public static let backupFile = "storyboard.json.bak"
    /// The lock that keeps a second writer out.
    public static let lockFile = ".kinora.lock"
    /// Imported sources under content-addressed names.
    public static let assetsFolder = "assets"
    /// Take videos and their sidecars, one folder per shot.
    public static let takesFolder = "takes"
    /// Where exports go by default.
    public static let exportsFolder = "exports"
    /// Thumbnails and encoded pictures; may be deleted at any time.
    public static let cacheFolder = "cache"

    /// What a project's own `.gitignore` keeps out of version control.
    public static let gitignore =
        "\(lockFile)\n\(backupFile)\n\(cacheFolder)/\n.*.tmp.*\n*.importing\n*\(partialSuffix)\n"

    /// The folders every project has.
    public static let folders = [assetsFolder, takesFolder, exportsFolder, cacheFolder]

    /// The ending of a take video still being written; it is renamed into place only when complete.
    public static let partialSuffix = ".mp4.partial"

    /// `takes/<shot>/.<take>.mp4.partial`: where a take is written until it is complete.
    public static func partialTakeVideo(shot: ShotID, take: TakeID) -> String {
        "\(takesFolder)/\(shot)/.\(take)\(partialSuffix)"
    }

    /// `takes/<shot>/<take>.mp4`, relative to the project folder.
    public static func takeVideo(shot: ShotID, take: TakeID) -> String {
        "\(takesFolder)/\(shot)/\(take).mp4"
    }

    /// The latest picture an engine sent while making the take (ComfyUI's previews, a plug-in's), for
    /// the studio and `kinora preview` to show while it runs; a cache file, PNG or JPEG.
    public static func livePreview(shot: ShotID, take: TakeID) -> String {
        "\(cacheFolder)/previews/\(shot.rawValue)-\(take.rawValue).img"
    }

    /// `takes/<shot>/<take>.json`, the take's sidecar, relative to the project folder.
    public static func takeSidecar(shot: ShotID, take: TakeID) -> String {
        "\(takesFolder)/\(shot)/\(take).json"
    }
}
