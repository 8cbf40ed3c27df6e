import Foundation
import KinoraCore

/// What every engine running ComfyUI workflows (a ComfyUI server, a RunPod worker) says and checks the
/// same way: its capabilities, named by its templates, and the shot's `param.NAME` settings.
extension ComfyUITemplates {
    /// The largest frame these workflows are asked for.
    static let maximumSize: FrameSize = {
        guard let size = FrameSize(width: 1920, height: 1080) else { preconditionFailure("a valid size") }
        return size
    }()

    /// Text-to-video, image-to-video (with or without an end picture) and video-to-video, up to 30 s and
    /// 1920x1080, similar (not identical) takes per seed; the engine version is `kind:` and the default
    /// templates with a hash of their content, so an edited template is never mistaken for the same engine.
    func capabilities(kind: String) -> BackendCapabilities {
        let names =
            [ShotMode.imageToVideo, .videoToVideo, .textToVideo].compactMap { defaults[$0] } + [
                firstLast, reference,
            ]
        let hashes = names.map { templates[$0]?.contentHash ?? "missing" }.joined()
        let version =
            "\(kind):" + names.joined(separator: "+") + "@"
            + String(ContentHash.sha256(of: Data(hashes.utf8)).prefix(8))
        return BackendCapabilities(
            modes: [.textToVideo, .imageToVideo, .videoToVideo], maximumDuration: 30,
            maximumSize: Self.maximumSize, exactSeeds: false, engineVersion: version)
    }

    /// Refuses, for `backend`, a shot whose template is missing or does not fit its mode, and a
    /// `param.NAME` the template does not read or needs and lacks (`param.template` picks the template).
    func checkParameters(_ request: TakeRequest, backend: String) throws {
        let template = try self.template(for: request)
        let known = ["template"] + template.parameterNames.sorted()
        if let unknown = request.settings.parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw GenerationError.unsupported(
                backend: backend,
                reason: "it has no parameter \"\(unknown)\"; with the template \(template.name) it reads "
                    + known.map { "param.\($0)" }.joined(separator: ", "))
        }
        if let missing = template.parameterNames.sorted().first(where: {
            request.settings.parameters[$0] == nil
        }) {
            throw GenerationError.unsupported(
                backend: backend,
                reason:
                    "the template \(template.name) (\(template.file.path)) needs param.\(missing); set it with "
                    + "`kinora shot set DIR SHOT param.\(missing)=VALUE`")
        }
    }
}
