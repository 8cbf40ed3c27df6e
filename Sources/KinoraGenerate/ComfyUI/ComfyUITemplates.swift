import Foundation
import KinoraCore

/// The ComfyUI workflow templates a backend can use, by name: Kinora's own, the user's
/// (`$XDG_CONFIG_HOME/kinora/templates/comfyui/*.json`, default `~/.config/...`) and the project's
/// (`<project>/templates/comfyui/*.json`), a project's overriding the user's overriding Kinora's, so a
/// film can pin the exact workflow its takes were made with.
public struct ComfyUITemplates: Sendable {
    /// Every template by name, after overrides.
    let templates: [String: ComfyUITemplate]
    /// The template used for each shot mode when a shot does not name one with `param.template`.
    let defaults: [ShotMode: String]
    /// Where Kinora's own templates were looked for, for messages when they are missing.
    let builtInFolder: URL?

    /// The default template names: Wan 2.1 text-to-video (1.3B), image-to-video and video-to-video.
    public static let defaultNames: [ShotMode: String] = [
        .textToVideo: "wan-t2v", .imageToVideo: "wan-i2v", .videoToVideo: "wan-v2v",
    ]

    /// The key in a backend's `templates` that names the template for image-to-video shots with an end
    /// picture.
    public static let firstLastKey = "first-last-frame"

    /// The default template for image-to-video shots with an end picture: Wan 2.1 first-last frame.
    public static let defaultFirstLast = "wan-flf2v"

    /// The template used for image-to-video shots with an end picture.
    let firstLast: String

    /// The key in a backend's `templates` that names the template for text-to-video shots whose prompt
    /// names cast entries with pictures.
    public static let referenceKey = "reference"

    /// The default template for text-to-video shots with reference pictures: Wan 2.1 VACE, which takes a
    /// reference picture and keeps its subject through the take.
    public static let defaultReference = "wan-vace-ref"

    /// The template used for text-to-video shots whose `@Name`s bring reference pictures.
    let reference: String

    /// Loads Kinora's, the user's and (when given) the project's templates; `defaults` names the template
    /// per shot mode. Throws, naming the file, for a template that cannot be used.
    public init(
        projectFolder: URL? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        defaults: [ShotMode: String] = ComfyUITemplates.defaultNames,
        firstLast: String = ComfyUITemplates.defaultFirstLast,
        reference: String = ComfyUITemplates.defaultReference
    ) throws {
        try self.init(
            builtInFolder: Self.locateBuiltIn(), userFolder: Self.userFolder(environment: environment),
            projectFolder: projectFolder.map { $0.appendingPathComponent("templates/comfyui") },
            defaults: defaults, firstLast: firstLast, reference: reference)
    }

    /// Loads the templates from explicit folders (any may be missing).
    init(
        builtInFolder: URL?, userFolder: URL?, projectFolder: URL?, defaults: [ShotMode: String],
        firstLast: String = ComfyUITemplates.defaultFirstLast,
        reference: String = ComfyUITemplates.defaultReference
    ) throws {
        var found: [String: ComfyUITemplate] = [:]
        let layers: [(URL?, ComfyUITemplate.Origin)] = [
            (builtInFolder, .builtIn), (userFolder, .user), (projectFolder, .project),
        ]
        for (folder, origin) in layers {
            guard let folder else { continue }
            for file in Self.jsonFiles(in: folder) {
                let template = try ComfyUITemplate(file: file, origin: origin)
                found[template.name] = template
            }
        }
        self.templates = found
        self.defaults = defaults
        self.firstLast = firstLast
        self.reference = reference
        self.builtInFolder = builtInFolder
    }

    /// The names of every template, sorted.
    public var names: [String] { templates.keys.sorted() }

    /// The template called `name`, or an error listing the known ones and where to put a new one.
    func template(named name: String) throws -> ComfyUITemplate {
        guard let template = templates[name] else {
            var reason =
                "there is no ComfyUI template called \"\(name)\"; the templates are "
                + (names.isEmpty ? "(none)" : names.joined(separator: ", "))
                + ". Put \(name).json in the project's templates/comfyui folder or in "
                + "~/.config/kinora/templates/comfyui"
            if builtInFolder == nil {
                reason += " (Kinora's own templates were not found beside the kinora program)"
            }
            throw GenerationError.unsupported(backend: "comfyui", reason: reason)
        }
        return template
    }

    /// The template for a request: the one `param.template` names, else the default for the shot's mode
    /// (the first-last frame template when the shot has an end picture, the reference template for
    /// text-to-video whose `@Name`s bring pictures). Refuses a template made for another mode, a shot with
    /// an end picture on a template that takes none and the other way round, and a template that takes
    /// more reference pictures than the prompt's `@Name`s have.
    func template(for request: TakeRequest) throws -> ComfyUITemplate {
        let named = request.settings.parameters["template"]
        let hasEnd = request.endImage != nil
        let pictures = (request.references ?? []).reduce(0) { $0 + $1.images.count }
        let fallback =
            hasEnd && request.mode == .imageToVideo
            ? firstLast
            : request.mode == .textToVideo && pictures > 0 ? reference : defaults[request.mode]
        guard let name = named ?? fallback else {
            throw GenerationError.unsupported(
                backend: request.backend,
                reason: "it has no ComfyUI template for \(request.mode.rawValue) shots")
        }
        let template = try self.template(named: name)
        guard template.mode == request.mode else {
            throw GenerationError.unsupported(
                backend: request.backend,
                reason:
                    "the template \"\(name)\" (\(template.file.path)) makes \(template.mode.rawValue) takes, "
                    + "but the shot is \(request.mode.rawValue); name another with param.template")
        }
        if hasEnd, !template.usesEndImage {
            throw GenerationError.unsupported(
                backend: request.backend,
                reason:
                    "the shot has an end picture, but the template \"\(name)\" (\(template.file.path)) takes none "
                    + "(no \"{{end_image}}\"); name a first-last frame template with param.template (\(firstLast), "
                    + "ltxv-keyframes) or remove the end picture with `kinora shot set DIR SHOT end-image=`")
        }
        if !hasEnd, template.usesEndImage {
            throw GenerationError.unsupported(
                backend: request.backend,
                reason:
                    "the template \"\(name)\" (\(template.file.path)) needs an end picture; give the shot one with "
                    + "`kinora shot set DIR SHOT end-image=FILE`, or name another template with param.template"
            )
        }
        if template.referenceImageCount > pictures {
            let named = (request.references ?? []).map { "@\($0.name) (\($0.images.count))" }
            throw GenerationError.unsupported(
                backend: request.backend,
                reason:
                    "the template \"\(name)\" (\(template.file.path)) takes \(template.referenceImageCount) "
                    + "reference picture\(template.referenceImageCount == 1 ? "" : "s") and the prompt's cast has "
                    + (named.isEmpty
                        ? "none (it names no @Name)" : "\(pictures): " + named.joined(separator: ", "))
                    + "; add pictures with `kinora cast set DIR NAME --image FILE`, or name another template "
                    + "with param.template")
        }
        return template
    }

    /// `$XDG_CONFIG_HOME/kinora/templates/comfyui`, or `~/.config/kinora/templates/comfyui`.
    static func userFolder(environment: [String: String]) -> URL? {
        UserConfigFolder.url(environment: environment).appendingPathComponent("templates/comfyui")
    }

    /// Kinora's own templates: the `Resources/ComfyUI` folder of this module's bundle.
    static func locateBuiltIn() -> URL? { BundledResources.folder("ComfyUI") }

    /// The `*.json` files directly in `folder`, sorted by name (none when it does not exist).
    private static func jsonFiles(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.lowercased().hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            .map { folder.appendingPathComponent($0) }
    }
}
