import Foundation
import KinoraCore

/// The one JSON object Kinora writes on a plug-in's stdin: "Kinora plug-in protocol", version 1 or 2.
///
/// Everything a program needs to make the take without reading the storyboard: absolute paths, the
/// frame count worked out, the engine parameters as text. `Plugins/README.md` documents every field.
/// A version 1 plug-in gets exactly version 1's fields; version 2 adds `first_frame`, `last_frame` and
/// `references`, and text-to-video.
struct PluginRequest: Encodable, Equatable {
    /// The protocol versions this Kinora speaks; a plug-in refuses a version it does not know.
    static let protocolVersions: ClosedRange<Int> = 1...2

    /// The version this request is written in.
    var protocolVersion: Int
    /// `text-to-video` (version 2), `image-to-video` or `video-to-video`.
    var mode: String
    /// The shot's prompt, exactly as written (any Unicode).
    var prompt: String
    /// What the picture should avoid.
    var negativePrompt: String
    /// The seed; the same seed should give the same take where the engine can promise it.
    var seed: UInt64
    /// The source picture or video, as an absolute path; `nil` when the shot has none.
    var source: String?
    /// For a video source: the first second used.
    var sourceIn: Double?
    /// For a video source: the last second used.
    var sourceOut: Double?
    /// The take's width in pixels (even).
    var width: Int
    /// The take's height in pixels (even).
    var height: Int
    /// Frames per second as a number (23.976… for 24000/1001).
    var fps: Double
    /// The same rate as an exact fraction ("24000/1001"), for plug-ins that pass it on to ffmpeg.
    var fpsFraction: String
    /// How many frames the video must have.
    var frames: Int
    /// The take's length in seconds.
    var duration: Double
    /// How strongly a video-to-video engine may change the source (diffusion denoising strength), 0–1.
    var strength: Double
    /// The absolute path of the MP4 to write.
    var output: String
    /// A folder the plug-in may write preview pictures to (Kinora removes it afterwards).
    var previewDir: String
    /// The shot's engine parameters (`param.NAME=VALUE`), as text.
    var parameters: [String: String]
    /// Version 2: the picture the take starts on, as an absolute path (the source picture of an
    /// image-to-video shot, or the frame a continuing shot takes from the shot before); `nil` otherwise.
    var firstFrame: String?
    /// Version 2: the picture the take ends on, as an absolute path; `nil` when the shot has none.
    var lastFrame: String?
    /// Version 2: the cast entries the prompt names (`@Mimi`), each with its reference pictures as
    /// absolute paths; empty when it names none.
    var references: [PluginReference]

    /// The request for `job` in `protocolVersion`, with previews going to `previewFolder`.
    init(job: GenerationJob, previewFolder: URL, protocolVersion: Int = 1) {
        let request = job.request
        self.protocolVersion = protocolVersion
        firstFrame =
            request.mode == .imageToVideo ? job.sourceURL?.standardizedFileURL.path : nil
        lastFrame = job.endImageURL?.standardizedFileURL.path
        references = job.references.map(PluginReference.init)
        mode = request.mode.rawValue
        // Each `@Name` reads as its description, as every engine gets it; the names are in `references`.
        prompt = request.enginePrompt
        negativePrompt = request.negativePrompt
        seed = request.seed
        source = job.sourceURL?.standardizedFileURL.path
        sourceIn = request.inPoint
        sourceOut = request.outPoint
        width = request.size.width
        height = request.size.height
        fps = request.fps.framesPerSecond
        fpsFraction = request.fps.description
        frames = job.frameCount
        duration = request.duration
        strength = request.settings.strength
        output = job.outputURL.standardizedFileURL.path
        previewDir = previewFolder.standardizedFileURL.path
        parameters = request.settings.parameters
    }

    private enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol"
        case mode, prompt, seed, source, width, height, fps, frames, duration, strength, output, parameters
        case negativePrompt = "negative_prompt"
        case sourceIn = "source_in"
        case sourceOut = "source_out"
        case fpsFraction = "fps_fraction"
        case previewDir = "preview_dir"
        case firstFrame = "first_frame"
        case lastFrame = "last_frame"
        case references
    }

    /// Writes `null` for a missing source or range, so every field is always present.
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(protocolVersion, forKey: .protocolVersion)
        try container.encode(mode, forKey: .mode)
        try container.encode(prompt, forKey: .prompt)
        try container.encode(negativePrompt, forKey: .negativePrompt)
        try container.encode(seed, forKey: .seed)
        try container.encode(source, forKey: .source)
        try container.encode(sourceIn, forKey: .sourceIn)
        try container.encode(sourceOut, forKey: .sourceOut)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(fps, forKey: .fps)
        try container.encode(fpsFraction, forKey: .fpsFraction)
        try container.encode(frames, forKey: .frames)
        try container.encode(duration, forKey: .duration)
        try container.encode(strength, forKey: .strength)
        try container.encode(output, forKey: .output)
        try container.encode(previewDir, forKey: .previewDir)
        try container.encode(parameters, forKey: .parameters)
        guard protocolVersion >= 2 else { return }
        try container.encode(firstFrame, forKey: .firstFrame)
        try container.encode(lastFrame, forKey: .lastFrame)
        try container.encode(references, forKey: .references)
    }

    /// One entry of `references`, as plug-ins read it.
    struct PluginReference: Encodable, Equatable {
        /// The entry's name (without `@`).
        var name: String
        /// `character`, `location` or `prop`.
        var kind: String
        /// What it looks like, in words.
        var description: String
        /// Its reference pictures, as absolute paths.
        var images: [String]

        /// The plug-in's view of a job's reference.
        init(_ job: JobReference) {
            name = job.reference.name
            kind = job.reference.kind.rawValue
            description = job.reference.description
            images = job.imageURLs.map { $0.standardizedFileURL.path }
        }
    }

    /// The request as one line of JSON (sorted keys, no slashes escaped) followed by a line break.
    func encodedLine() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
