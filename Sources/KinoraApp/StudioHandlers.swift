import CursesTerminal
import Foundation
import KinoraCore
import KinoraStudio

/// Where a handler sends its results: the runtime's inbox, read by the event loop.
public typealias PostMessage = @Sendable (StudioMsg) -> Void

/// Saves the storyboard: the one writer of `storyboard.json` while the studio is open. A person's
/// edits are merged with the take records the jobs saved (``Project/mergingTakes(from:)``), so
/// neither is lost.
public protocol StoryboardWriting: Sendable {
    /// Saves `project` as the person left it, keeping the takes on disk; says `.saved` or
    /// `.saveFailed`.
    func save(_ project: Project) async
    /// Copies `file` into the project's assets.
    func importAsset(_ file: URL, kind: ShotSource.Kind) async throws -> ShotSource
    /// Gives up the storyboard's lock; nothing is saved afterwards.
    func close() async
}

/// Makes takes: plans them in the storyboard, queues them on their backends, follows them and
/// cancels them.
public protocol GenerationHandling: Sendable {
    /// Plans takes of `shot` with `seeds` and queues them; says what was queued, cached or refused.
    func generate(shot: ShotID, seeds: [UInt64]) async
    /// Plans a take of `shot` that is `take` followed by `seconds` more, made from its last frame, and
    /// queues it; says what was queued, cached or refused.
    func extend(shot: ShotID, take: TakeID, by seconds: Double) async
    /// Cancels the take job `job`, if it still runs or waits.
    func cancel(_ job: JobIdentity) async
    /// Queues the takes whose remote jobs a Kinora that stopped left on servers, to collect them.
    func collectLeftovers() async
    /// Stops every job as the studio closes and returns once they have stopped (or `seconds` have
    /// passed): jobs running on remote engines are left there, to be collected next time.
    func stopAll(waitingAtMost seconds: Double) async
}

/// Writes exports in the background, with progress rows and cancel.
public protocol ExportHandling: Sendable {
    /// Plans the export now, from the storyboard as saved so far, and writes it in the background.
    func export(_ request: ExportRequest) async
    /// Cancels the export `job`; its partial file is removed.
    func cancel(_ job: JobIdentity) async
    /// Cancels every export and returns once each has removed its partial file, or `seconds` passed.
    func stopAll(waitingAtMost seconds: Double) async
}

/// Folders and files the person points at: listings for the file picker, imports of sources.
public protocol FileHandling: Sendable {
    /// Lists the folder `path` (as typed: `~`, relative or absolute) for the file picker.
    func list(_ path: String) async
    /// Imports the file at `path` as the source of `shot`.
    func importSource(shot: ShotID, path: String) async
    /// Imports the picture at `path` as the end picture of `shot` (refused when it is not a still).
    func importEndImage(shot: ShotID, path: String) async
    /// Imports the picture at `path` as a reference picture of the cast entry `name` (refused when it is
    /// not a still).
    func importCastImage(name: String, path: String) async
    /// Imports the sound file at `path` to attach to `shot` (refused when it has no sound).
    func importSound(shot: ShotID, path: String) async
    /// Reads the script at `path`, merges it into `project` and posts the result (or why it cannot).
    func importScript(path: String, project: Project) async
}

/// Pictures: decoded into cells for every pane, and encoded as sixel or kitty for the preview.
public protocol PictureHandling: AnyObject, Sendable {
    /// Decodes `key` in the background; `.pictureLoaded`, `.pictureFailed` or `.pictureDropped` follows.
    func load(_ key: PictureKey)
    /// Terminal bytes for the pixel pictures on screen that are ready, the ones whose pixels were let
    /// go (to be loaded again), and whether some are still being encoded (`.picturesReady` follows).
    /// Never blocks: encoding happens elsewhere.
    func writes(for placements: [PicturePlacement]) -> PictureWrites
}

/// What ``PictureHandling/writes(for:)`` answers.
public struct PictureWrites: Sendable {
    /// Bytes to write after the frame, with where.
    public var writes: [PictureWrite]
    /// Pictures whose pixels are gone: load them again.
    public var missing: [PictureKey]
    /// Whether some are still being encoded.
    public var encoding: Bool
}

/// Sound while the animatic or a take plays: planned, mixed and played off the event loop.
public protocol SoundHandling: Sendable {
    /// Plays `request` from its start point, stopping what played before. Returns at once.
    func play(_ request: SoundRequest)
    /// Stops the sound. Returns at once.
    func stop()
}

/// The handlers a runtime uses, one per kind of work; tests may swap any of them.
public struct StudioHandlers: Sendable {
    /// Saves and imports into the project.
    public var writer: any StoryboardWriting
    /// Takes.
    public var generation: any GenerationHandling
    /// Exports.
    public var exports: any ExportHandling
    /// Listings and imports.
    public var files: any FileHandling
    /// Pictures.
    public var pictures: any PictureHandling
    /// Sound.
    public var sound: any SoundHandling

    /// A set of handlers.
    public init(
        writer: any StoryboardWriting, generation: any GenerationHandling, exports: any ExportHandling,
        files: any FileHandling, pictures: any PictureHandling, sound: any SoundHandling
    ) {
        self.writer = writer
        self.generation = generation
        self.exports = exports
        self.files = files
        self.pictures = pictures
        self.sound = sound
    }
}
