import Foundation
import KinoraCore
import KinoraMedia

extension TakePlanner {
    /// Gives a continuing shot its first frame: exactly the last played frame of the previous shot's chosen
    /// take, stored as a lossless PNG in `assets/` under its hash and made the shot's source, with where
    /// it came from. Does nothing for a shot that does not continue, or whose source already is that frame.
    ///
    /// - Throws: ``ContinuityError/firstShot(_:)`` for the first shot, ``ContinuityError/waiting(shot:previous:)``
    ///   while the previous shot has no finished chosen take, ``ContinuityError/frameUnreadable(shot:take:reason:)``.
    public static func prepareContinuation(_ project: inout Project, shot index: Int, folder: URL) throws {
        let shot = project.shots[index]
        guard shot.continuation == .previous else { return }
        guard index > 0 else { throw ContinuityError.firstShot(shot.id) }
        let previous = project.shots[index - 1]
        guard let origin = project.lastPlayedFrame(of: previous), let take = previous.chosen,
            let output = take.output
        else {
            throw ContinuityError.waiting(shot: shot.id, previous: previous.id)
        }
        if let source = shot.source, source.origin == origin,
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(source.asset).path)
        {
            return
        }
        var source = try frameAsset(
            of: take, in: previous.id, index: origin.frame, video: folder.appendingPathComponent(output),
            folder: folder)
        source.origin = origin
        project.shots[index].source = source
        project.shots[index].mode = .imageToVideo
    }

    /// Frame `index` of `take` (of shot `shot`) as a PNG asset of the project at `folder`.
    static func frameAsset(of take: Take, in shot: ShotID, index: Int, video: URL, folder: URL) throws
        -> ShotSource
    {
        let frame: RGBFrame
        do {
            frame = try FrameDecoder.frame(at: index, of: video, frameRate: take.request.fps)
        } catch {
            let reason = (error as? UserFacingError)?.userMessage ?? "\(error)"
            throw ContinuityError.frameUnreadable(shot: shot, take: take.id, reason: reason)
        }
        let name = "\(shot)-\(take.id)-frame\(index).png"
        let assets = try ProjectPath.writableFolder(ProjectLayout.assetsFolder, in: folder)
        // Written whole under a hidden name the project ignores, then renamed to its hash: the asset
        // appears complete or not at all.
        let staging = assets.appendingPathComponent(".\(UUID().uuidString).\(name).importing")
        defer { try? FileManager.default.removeItem(at: staging) }
        try PictureFile.writePNG(frame, to: staging)
        let hash = try ContentHash.sha256(of: staging)
        let asset = "\(ProjectLayout.assetsFolder)/\(hash).png"
        let destination = folder.appendingPathComponent(asset)
        if ProjectPath.entry(at: destination) != .file {
            chmod(staging.path, 0o644)
            guard rename(staging.path, destination.path) == 0 else {
                throw StoryboardError.importFailed(file: name, reason: String(cString: strerror(errno)))
            }
        }
        return ShotSource(kind: .image, asset: asset, sha256: hash, originalName: name)
    }

    /// Plans a take of shot `index` that is take `reference` (else the chosen take) followed by `seconds`
    /// more, generated on the same backend from its last frame (see ``TakeRequest/engineRequest``). An
    /// identical extension already made answers at once. Nothing changes when it throws.
    public static func planExtension(
        _ project: inout Project, shot index: Int, take reference: TakeID?, by seconds: Double, seed: UInt64?,
        registry: BackendRegistry, folder: URL, now: Date = Date()
    ) throws -> Outcome {
        guard seconds.isFinite, seconds > 0 else { throw ContinuityError.badExtension(seconds: seconds) }
        var copy = project
        let shot = copy.shots[index]
        guard let baseID = reference ?? shot.chosenTake else {
            throw ContinuityError.nothingToExtend(shot.id)
        }
        guard let base = shot.takes.first(where: { $0.id == baseID }) else {
            throw StoryboardError.unknownTake(reference: baseID.rawValue, shot: shot.id.rawValue)
        }
        guard base.status == .done, let output = base.output, let hash = base.outputHash else {
            let why =
                base.status == .failed
                ? "it failed (\(base.error ?? "no reason recorded"))"
                : "it is \(base.status.rawValue), not finished"
            throw ContinuityError.notExtendable(shot: shot.id, take: base.id, why: why)
        }
        let video = folder.appendingPathComponent(output)
        guard FileManager.default.fileExists(atPath: video.path) else {
            throw ContinuityError.notExtendable(
                shot: shot.id, take: base.id, why: "its file \(output) is missing")
        }
        guard base.request.fps.frames(in: seconds) >= 1 else {
            let frame = 1 / base.request.fps.framesPerSecond
            throw StoryboardError.badValue(
                field: "--by", value: "\(seconds)",
                rule: "it adds less than one frame at \(base.request.fps) fps; give at least "
                    + String(format: "%.3f", frame) + " s")
        }
        let total = Shot.durationProblem(base.request.duration + seconds)
        if let total {
            throw StoryboardError.badValue(
                field: "--by", value: "\(seconds)", rule: "the extended take " + total)
        }
        let engine = try registry.backend(named: base.request.backend)
        let last = max(1, base.request.fps.frames(in: base.request.duration)) - 1
        let frame = try frameAsset(of: base, in: shot.id, index: last, video: video, folder: folder)
        var request = base.request
        request.engineVersion = engine.capabilities.engineVersion
        request.mode = .imageToVideo
        request.source = frame.asset
        request.sourceHash = frame.sha256
        request.inPoint = nil
        request.outPoint = nil
        request.endImage = nil
        request.endImageHash = nil
        request.framing = nil
        request.settings.parameters["label"] = nil
        request.seed = seed ?? base.seed
        // The base's last frame already has the take's style and grain: moving it without them again is
        // what makes the join seamless.
        request.sourceHasLook = base.request.settings.carriesLook(of: base.request.settings) ? true : nil
        request.opensOnSource = true
        request.extends = TakeExtension(
            base: base.id, baseHash: hash, baseDuration: base.request.duration, by: seconds)
        request.duration = base.request.duration + seconds
        try engine.check(request.engineRequest)
        if let existing = shot.takes.first(where: { take in
            take.status == .done && take.request == request
                && take.output.map {
                    FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
                }
                    == true
        }) {
            return .cached(shot: shot.id, take: existing.id, seed: request.seed)
        }
        let id = TakeID(serial: shot.nextTakeNumber)
        copy.shots[index].nextTakeNumber += 1
        copy.shots[index].takes.append(Take(id: id, seed: request.seed, request: request, createdAt: now))
        project = copy
        return .queued(shot: shot.id, take: id, seed: request.seed)
    }
}
