import Foundation
import KinoraCore

/// Decides what a generation run makes: the request for each seed, which requests an existing take already
/// answers, and the new takes to queue. Pure: it changes a `Project` value and touches no files.
public enum TakePlanner {
    /// What running a shot will do for one seed.
    public enum Outcome: Sendable, Hashable {
        /// A new take was queued.
        case queued(shot: ShotID, take: TakeID, seed: UInt64)
        /// An identical request was already made: this take answers it, and nothing runs.
        case cached(shot: ShotID, take: TakeID, seed: UInt64)
    }

    /// The full request shot `shot` of `project` makes with `seed` on a backend.
    public static func request(
        for shot: Shot, in project: Project, backend: String, capabilities: BackendCapabilities, seed: UInt64
    ) -> TakeRequest {
        var settings = shot.settings
        let drawsSlate =
            shot.mode == .slate
            || (shot.mode == .textToVideo && capabilities.engineVersion == BuiltinBackend.engineVersion)
        if drawsSlate {
            // The label is drawn on a slate (and on the built-in engine's text-to-video slate), so it is
            // part of what makes the picture; engines that make pictures from the prompt never see it.
            settings.parameters["label"] = shot.label
        }
        let usesSource = shot.mode == .imageToVideo || shot.mode == .videoToVideo
        var request = TakeRequest(
            backend: backend, engineVersion: capabilities.engineVersion, mode: shot.mode, prompt: shot.prompt,
            negativePrompt: shot.negativePrompt, source: usesSource ? shot.source?.asset : nil,
            sourceHash: usesSource ? shot.source?.sha256 : nil,
            inPoint: usesSource ? shot.source?.inPoint : nil,
            outPoint: usesSource ? shot.source?.outPoint : nil, duration: shot.duration, fps: project.fps,
            size: project.size, seed: seed, settings: settings)
        let references = project.references(in: shot.prompt)
        request.references = references.isEmpty ? nil : references
        if shot.mode == .imageToVideo {
            request.endImage = shot.endImage?.asset
            request.endImageHash = shot.endImage?.sha256
            request.framing = shot.framing
            if shot.continuation != nil, let origin = shot.source?.origin {
                request.firstFrame = origin
                request.opensOnSource = true
                let before = project.shots.first { $0.id == origin.shot }?.takes.first {
                    $0.id == origin.take
                }
                if let look = before?.request.settings, look.carriesLook(of: settings) {
                    request.sourceHasLook = true
                }
            }
        }
        return request
    }

    /// The seeds a run uses: `base`, `base + 1`, ... one per variation, as documented, so "take 3 was seed
    /// 1207" can be made again.
    public static func seeds(base: UInt64, variations: Int) -> [UInt64] {
        (0..<UInt64(max(1, variations))).map { base &+ $0 }
    }

    /// Queues takes on shot `index` for every seed, answering repeats from done takes whose files still
    /// exist (`fileExists` checks a take's relative output path) and from takes whose remote job is being
    /// collected (the engine already has that request). Returns what happened per seed.
    public static func plan(
        _ project: inout Project, shot index: Int, seeds: [UInt64], backend: String,
        capabilities: BackendCapabilities,
        now: Date, fileExists: (String) -> Bool
    ) -> [Outcome] {
        var outcomes: [Outcome] = []
        for seed in seeds {
            let shot = project.shots[index]
            let request = request(
                for: shot, in: project, backend: backend, capabilities: capabilities, seed: seed)
            if let existing = shot.takes.first(where: { take in
                take.request == request
                    && (take.status == .done && take.output.map(fileExists) == true
                        || take.hasRemoteJobUnderWay)
            }) {
                outcomes.append(.cached(shot: shot.id, take: existing.id, seed: seed))
                continue
            }
            let id = TakeID(serial: shot.nextTakeNumber)
            project.shots[index].nextTakeNumber += 1
            project.shots[index].takes.append(Take(id: id, seed: seed, request: request, createdAt: now))
            outcomes.append(.queued(shot: shot.id, take: id, seed: seed))
        }
        return outcomes
    }

    /// Marks takes left queued or running by a process that is gone as interrupted, so they show up as
    /// such and can be run again. Returns how many were marked.
    @discardableResult
    public static func markInterrupted(_ project: inout Project) -> Int {
        project.markLeftoversInterrupted()
    }
}

extension Take {
    /// Queued or running with its job on a remote engine (made now, or collected after Kinora stopped).
    public var hasRemoteJobUnderWay: Bool { remoteJob != nil && (status == .queued || status == .running) }
}
