import Foundation

/// One generation run of a shot: its request, its seed, where the video went and how it ended.
public struct Take: Codable, Sendable, Hashable {
    /// Where a take is in its life.
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Waiting in the queue.
        case queued
        /// Being generated.
        case running
        /// Finished; the output file is complete.
        case done
        /// The backend failed; `error` says why.
        case failed
        /// Stopped by the user.
        case cancelled
        /// Was queued or running when Kinora stopped; can be run again.
        case interrupted
    }

    /// The take's id within its shot.
    public var id: TakeID
    /// The seed it was made with.
    public var seed: UInt64
    /// Everything needed to make it again.
    public var request: TakeRequest
    /// Where it is in its life.
    public var status: Status
    /// The video, relative to the project folder (`takes/s3/t2.mp4`); set once done.
    public var output: String?
    /// Why it failed, when it did.
    public var error: String?
    /// When it was requested.
    public var createdAt: Date
    /// How long generation took, in seconds.
    public var generationSeconds: Double?
    /// SHA-256 of the output file.
    public var outputHash: String?
    /// Which machine or endpoint made it, for engines that run on several.
    public var worker: String?
    /// What the engine wants the person to know about this take (the built-in engine made a slate for
    /// a text-to-video shot because it cannot read prompts).
    public var warning: String?
    /// The framing the engine used and why (set, a face, the upper third).
    public var framing: Framing?
    /// The frames the model made before retiming to the project's rate, when they differ.
    public var modelTiming: ModelTiming?
    /// The person's verdict and review notes; `nil` when there are none.
    public var review: TakeReview?
    /// The job on a remote engine (a ComfyUI prompt, a RunPod job, a Replicate prediction) making or
    /// having made this take: recorded as soon as its id is known, so a take whose job outlives Kinora
    /// is collected from the server instead of being made again.
    public var remoteJob: RemoteJob?

    /// A take with the given fields; a new take starts queued with no output.
    public init(
        id: TakeID, seed: UInt64, request: TakeRequest, status: Status = .queued, output: String? = nil,
        error: String? = nil, createdAt: Date, generationSeconds: Double? = nil, outputHash: String? = nil,
        worker: String? = nil
    ) {
        self.id = id
        self.seed = seed
        self.request = request
        self.status = status
        self.output = output
        self.error = error
        self.createdAt = createdAt
        self.generationSeconds = generationSeconds
        self.outputHash = outputHash
        self.worker = worker
    }
}
