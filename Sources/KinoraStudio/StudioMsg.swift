import KinoraCore
import TermGrid

/// Everything that can happen to the studio: keys, the window, and results of work the app did.
public enum StudioMsg: Sendable {
    /// A key or mouse action.
    case key(Key)
    /// A command run by name, as its key or the palette runs it.
    case command(Command)
    /// The window changed size.
    case resized(ScreenSize)
    /// Time passed while something plays (seconds since the last tick).
    case tick(Double)
    /// The storyboard was saved.
    case saved
    /// Saving failed: why, and the storyboard as it still is on disk (what the screen goes back to).
    case saveFailed(String, saved: Project)
    /// A take's record was saved (queued, running, done, failed ...).
    case takeChanged(TakeChange)
    /// A job started, moved on or ended.
    case jobChanged(JobRow)
    /// Frames for a picture were loaded.
    case pictureLoaded(PictureKey, FrameStrip)
    /// A picture was dropped before it was read, or its pixels were let go: ask again when needed.
    case pictureDropped(PictureKey)
    /// Pixel pictures finished encoding: the next frame can show them.
    case picturesReady
    /// A picture's file could not be read (it vanished or is not a picture).
    case pictureFailed(PictureKey, String)
    /// A folder's entries, for the file picker.
    case directoryListed(path: String, entries: [PathCompletion.Entry])
    /// A folder could not be listed.
    case directoryFailed(path: String, reason: String)
    /// A file was imported as a shot's source.
    case sourceImported(shot: ShotID, source: ShotSource)
    /// A picture was imported as a shot's end picture.
    case endImageImported(shot: ShotID, source: ShotSource)
    /// A picture was imported as a reference picture of the cast entry `name`.
    case castImageImported(name: String, source: ShotSource)
    /// A script was read and merged into `base` (the storyboard as it was when the import was asked for),
    /// giving `merged`; `summary` says what changed.
    case scriptImported(base: Project, merged: Project, summary: String)
    /// The backends the project and the user define (for the inspector's choices).
    case backends([String])
    /// A shot's dialogue was timed (by its scratch voice, or by its words without one).
    case subtitlesTimed(ShotSubtitles)
    /// A sound file was imported, to be attached to a shot as a clip.
    case soundImported(shot: ShotID, file: SoundFile)
    /// Something the app was asked to do failed; the message says what and what to do.
    case failed(String)
    /// Something the app finished, worth a word in the status line.
    case info(String)
}

/// Work the studio asks the app to do. Equatable, so tests assert on it without running anything.
public enum StudioEffect: Sendable, Equatable {
    /// Save this storyboard (autosave after every edit).
    case save(Project)
    /// Generate takes of a shot with the given seeds.
    case generate(shot: ShotID, seeds: [UInt64])
    /// Make a take that is `take` followed by `seconds` more, generated from its last frame.
    case extend(shot: ShotID, take: TakeID, seconds: Double)
    /// Cancel a job.
    case cancelJob(JobIdentity)
    /// Load a picture's frames.
    case loadPicture(PictureKey)
    /// List a folder for the file picker.
    case listDirectory(String)
    /// Import a file as a shot's source.
    case importSource(shot: ShotID, path: String)
    /// Import a picture as a shot's end picture.
    case importEndImage(shot: ShotID, path: String)
    /// Import a still picture as a reference picture of the cast entry `name`.
    case importCastImage(name: String, path: String)
    /// Read the script at `path` and merge it into `project` (the storyboard as it is now).
    case importScript(path: String, project: Project)
    /// Export the storyboard.
    case export(ExportRequest)
    /// Play the sound of the animatic or of a take from a point (stopping what played before).
    case playSound(SoundRequest)
    /// Stop the sound.
    case stopSound
    /// Import a sound file to attach to a shot as a clip.
    case importSound(shot: ShotID, path: String)
    /// Start or stop the clock that sends ticks (playback).
    case ticking(Bool)
    /// Repaint every cell (pictures included).
    case redraw
    /// Stop the process until the shell resumes it.
    case suspend
    /// Leave the studio.
    case quit
}

/// What the export dialog asks for.
public struct ExportRequest: Sendable, Equatable {
    /// What to write.
    public var format: ExportFormat
    /// Where to write, as typed (relative to the project folder unless absolute).
    public var output: String
    /// What a shot without a usable take becomes.
    public var missing: MissingTakePolicy
    /// Panels a page, for a PDF storyboard.
    public var panelsPerPage: PanelsPerPage

    /// A request to write `format` to `output`.
    public init(
        format: ExportFormat, output: String, missing: MissingTakePolicy, panelsPerPage: PanelsPerPage = .six
    ) {
        self.format = format
        self.output = output
        self.missing = missing
        self.panelsPerPage = panelsPerPage
    }
}
