import ArgumentParser
import Foundation
import KinoraCore
import KinoraGenerate
import KinoraMedia

/// `kinora shot add`: appends (or inserts) a shot, importing its source into the project.
struct ShotAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a shot; prints its id.")

    @OptionGroup var project: ProjectFolder

    @Option(help: "What the shot shows (any language).")
    var prompt: String

    @Option(name: .customLong("negative-prompt"), help: "What the shot should not show.")
    var negativePrompt: String = ""

    @Option(help: "A still image to animate (image-to-video).")
    var image: String?

    @Option(help: "A video to restyle or re-shoot (video-to-video).")
    var video: String?

    @Option(
        name: .customLong("end-image"),
        help: "With --image: the picture the take ends on (first and last frames).")
    var endImage: String?

    @Option(
        help: ArgumentHelp(
            "What takes are made from: \(ShotMode.allCases.map(\.rawValue).joined(separator: ", ")) "
                + "(default: from the source; slate without one)."))
    var mode: String?

    @Option(name: .customLong("in"), help: "For --video: where the used range starts, in seconds.")
    var inPoint: Double?

    @Option(name: .customLong("out"), help: "For --video: where the used range ends, in seconds.")
    var outPoint: Double?

    @Option(help: "Length in seconds (default 4, or the video range's length).")
    var duration: Double?

    @Option(help: "The seed, locked (default: a new random one, redrawn when the prompt changes).")
    var seed: UInt64?

    @Option(help: "Camera move: \(CameraMotion.allCases.map(\.rawValue).joined(separator: ", ")).")
    var motion: String?

    @Option(help: "Look: \(VisualStyle.allCases.map(\.rawValue).joined(separator: ", ")).")
    var style: String?

    @Option(help: "Style strength, 0–1.")
    var strength: Double?

    @Option(help: "The scene heading it belongs to (INT. KITCHEN - NIGHT).")
    var scene: String?

    @Option(help: "Shot size: \(ShotSize.allCases.map(\.rawValue).joined(separator: ", ")).")
    var size: String?

    @Option(help: "Camera angle: eye-level, high, low, overhead, dutch.")
    var angle: String?

    @Option(help: "Lens in millimetres (35, 50mm).")
    var lens: String?

    @Option(help: "The location: a cast entry's name.")
    var location: String?

    @Option(help: "The crew's label (default: the next number).")
    var label: String?

    @Option(help: "Insert after this shot (id or position) instead of at the end.")
    var after: String?

    @Flag(
        name: .customLong("continue"),
        help: "Start on the last frame of the previous shot's chosen take (continue=previous).")
    var continuePrevious = false

    @Flag(help: "Print the new shot as JSON.")
    var json = false

    func validate() throws {
        if image != nil && video != nil {
            throw ValidationError("Give --image or --video, not both.")
        }
        if video == nil && (inPoint != nil || outPoint != nil) {
            throw ValidationError("--in and --out only apply to a --video source.")
        }
        if endImage != nil && image == nil && !continuePrevious {
            throw ValidationError(
                "--end-image needs --image or --continue: the take starts on that picture and ends on the --end-image one."
            )
        }
        if continuePrevious, let mode, mode.lowercased() != ShotMode.imageToVideo.rawValue {
            throw ValidationError(
                "--continue makes an image-to-video shot from the previous shot's last frame; give it without --mode \(mode)."
            )
        }
        if continuePrevious && (image != nil || video != nil) {
            throw ValidationError(
                "--continue starts the shot on the previous shot's last frame; give it without --image or --video."
            )
        }
    }

    func run() throws {
        let store = try project.openForWriting()
        defer { store.close() }
        let file = store.storyboardURL.path
        let afterIndex = try after.map { try store.project.shotIndex($0, file: file) }

        var shot = Shot(
            id: ShotID(serial: 1), label: label ?? "", prompt: prompt, mode: .slate, duration: 4,
            seed: seed ?? Seed.random())
        shot.negativePrompt = negativePrompt
        // A seed given by hand is one the person wants to keep.
        shot.seedLocked = seed != nil
        if let motion { try shot.set(.motion, to: motion) }
        if let style { try shot.set(.style, to: style) }
        if let strength { try shot.set(.strength, to: String(strength)) }
        for (field, value) in [(ShotField.scene, scene), (.shotSize, size), (.angle, angle), (.lens, lens)] {
            if let value { try shot.set(field, to: value) }
        }
        if let location { try shot.set(.location, to: location) }
        // Each option answers for its own names.
        try CastEditing.checkNames(of: &shot, in: store.project, field: "--prompt", fields: [.prompt])
        try CastEditing.checkNames(of: &shot, in: store.project, field: "--location", fields: [.location])

        // Check everything about the source before copying anything into the project.
        var pendingImport: (URL, ShotSource.Kind)?
        if let image {
            let (url, info) = try Self.probePicture(image)
            guard info.isStillImage else {
                throw StoryboardError.badValue(
                    field: "--image", value: image, rule: "it is a video; give it with --video instead")
            }
            shot.mode = .imageToVideo
            pendingImport = (url, .image)
            // A stand-in until the import, so --mode is checked against the source it will have.
            shot.source = ShotSource(kind: .image, asset: "", sha256: "", originalName: "")
        } else if let video {
            let (url, info) = try Self.probePicture(video)
            guard !info.isStillImage, let length = info.duration, length > 0 else {
                throw StoryboardError.badValue(
                    field: "--video", value: video,
                    rule: "it has no moving picture; give a still with --image")
            }
            if let problem = ShotSource.rangeProblem(
                inPoint: inPoint, outPoint: outPoint, mediaDuration: length)
            {
                throw StoryboardError.badValue(field: "--in/--out", value: video, rule: problem)
            }
            shot.mode = .videoToVideo
            shot.duration = (outPoint ?? length) - (inPoint ?? 0)
            pendingImport = (url, .video)
            shot.source = ShotSource(
                kind: .video, asset: "", sha256: "", originalName: "", inPoint: inPoint, outPoint: outPoint,
                mediaDuration: length)
        }
        if let duration {
            try shot.set(.duration, to: String(duration))
        }
        if continuePrevious {
            // The first shot, or a shot inserted first, has nothing before it to continue.
            let position = afterIndex.map { $0 + 1 } ?? store.project.shots.count
            guard position > 0 else {
                throw ContinuityError.firstShot(ShotID(serial: store.project.nextShotNumber))
            }
            try shot.set(.continuation, to: ShotContinuation.previous.rawValue)
        }
        if let mode {
            try shot.set(.mode, to: mode)
        }
        let endURL = endImage.map { URL(fileURLWithPath: $0) }
        if let endImage, let endURL {
            try StillPictureError.check(endURL, path: endImage, field: "--end-image", role: .endPicture)
        }

        if let (url, kind) = pendingImport {
            var source = try store.importAsset(url, kind: kind)
            source.inPoint = shot.source?.inPoint
            source.outPoint = shot.source?.outPoint
            source.mediaDuration = shot.source?.mediaDuration
            shot.source = source
        }
        if let endURL {
            shot.endImage = try store.importAsset(endURL, kind: .image)
        }
        let added = try store.update { $0.addShot(shot, afterIndex: afterIndex) }
        if json {
            try Output.json(added)
        } else {
            Output.line(added.id.rawValue)
        }
    }

    /// Probes the source file at `path`, refusing one with no picture in it (an audio file) in the
    /// same words whichever option gave it: neither `--image` nor `--video` can use it.
    private static func probePicture(_ path: String) throws -> (URL, MediaInfo) {
        let url = URL(fileURLWithPath: path)
        let info = try MediaProbe.probe(url)
        guard info.video != nil else { throw SourcePictureError(path: path, hasAudio: info.hasAudio) }
        return (url, info)
    }
}
