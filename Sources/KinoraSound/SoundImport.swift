import Foundation
import KinoraCore
import KinoraMedia

/// Brings a sound file into a project: checks with ffprobe that it holds sound, then copies it into
/// `assets/` by content, as it came. A video with sound is accepted (its sound is what plays); any
/// sample rate, channel count and length ffmpeg reads is kept, since exports and playback mix it down.
public enum SoundImport {
    /// A file found to hold sound, ready to import.
    public struct Checked: Sendable, Hashable {
        /// The file.
        public var url: URL
        /// Its sound's length in seconds.
        public var duration: Double
        /// Whether it is a video whose sound is used (the pictures are ignored).
        public var isVideo: Bool
    }

    /// Checks that `path` is a file with sound, naming it as `field` in the refusal.
    ///
    /// - Throws: ``SoundImportError`` for a missing file, a folder, a file ffmpeg cannot read, or one
    ///   with no sound in it (a picture, a silent video); ``MediaError`` when ffprobe cannot run.
    public static func check(_ path: String, field: String) throws -> Checked {
        let url = URL(fileURLWithPath: path)
        func refuse(_ reason: String) -> SoundImportError {
            SoundImportError(path: path, field: field, reason: reason)
        }
        let info: MediaInfo
        do {
            info = try MediaProbe.probe(url)
        } catch MediaError.fileMissing {
            throw refuse("there is no such file")
        } catch MediaError.emptyFile {
            throw refuse("the file is empty")
        } catch MediaError.unreadable(_, let reason) {
            throw refuse(
                reason.contains("folder") ? reason : "ffmpeg cannot read it (\(reason))")
        }
        // Anything else (ffprobe missing, the machine) is no fault of the file and goes up as it is.
        guard let audio = info.streams.first(where: { $0.kind == .audio }) else {
            if info.isStillImage { throw refuse("it has no sound (it is a picture)") }
            if info.video != nil { throw refuse("it has no sound (it is a video without a sound track)") }
            throw refuse("it has no sound")
        }
        guard let duration = audio.duration ?? info.duration, duration.isFinite else {
            throw refuse("its length cannot be read")
        }
        guard duration > 0 else { throw refuse("it has no sound (its sound lasts 0 seconds)") }
        // Cover art in a music file is no video; ``MediaInfo/video`` leaves it out.
        return Checked(url: url, duration: duration, isVideo: info.video != nil)
    }

    /// Copies a checked file into the project's `assets/` (once, by content) and describes it.
    ///
    /// - Throws: ``StoryboardError`` when the copy cannot be made.
    public static func importFile(_ checked: Checked, into store: ProjectStore) throws -> SoundFile {
        let copy = try store.importAsset(checked.url, kind: .video)
        return SoundFile(
            asset: copy.asset, sha256: copy.sha256, originalName: copy.originalName,
            duration: checked.duration)
    }

    /// Checks `path` and copies it into the project: ``check(_:field:)`` then ``importFile(_:into:)``.
    public static func importFile(_ path: String, field: String, into store: ProjectStore) throws -> SoundFile
    {
        try importFile(try check(path, field: field), into: store)
    }
}
