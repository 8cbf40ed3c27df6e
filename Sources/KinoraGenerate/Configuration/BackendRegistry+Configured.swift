import Foundation
import KinoraCore
import KinoraNet

extension BackendRegistry {
    /// The built-in engine and every configured backend (a pool over its endpoints), with the job
    /// queue's limit for each (endpoints × concurrency, plus one waiting take per endpoint).
    public static func configured(
        projectFolder: URL?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> (registry: BackendRegistry, limits: [String: Int]) {
        let settings = try BackendSettings(projectFolder: projectFolder, environment: environment)
        var registry = BackendRegistry()
        var limits: [String: Int] = [:]
        for entry in settings.entries.values.sorted(by: { $0.name < $1.name }) {
            let endpoints = try Self.endpoints(
                of: entry, settings: settings, projectFolder: projectFolder, environment: environment)
            let pool = BackendPool(
                name: entry.name, endpoints: endpoints, perEndpoint: entry.concurrencyPerEndpoint)
            registry.register(pool)
            // One more take per endpoint may be under way in the queue: it waits for the endpoint's slot
            // while the take before it is still being recorded, so the endpoint never waits for Kinora.
            limits[entry.name] = pool.concurrency + pool.endpoints.count
        }
        return (registry, limits)
    }

    /// The engines behind `entry`, each labelled as takes record it (a URL, or a program and its number).
    private static func endpoints(
        of entry: BackendEntry, settings: BackendSettings, projectFolder: URL?, environment: [String: String]
    ) throws -> [BackendPool.Endpoint] {
        switch entry.kind {
        case .comfyui, .runpod:
            var defaults = ComfyUITemplates.defaultNames
            for (mode, template) in entry.templates ?? [:] {
                if let mode = ShotMode(rawValue: mode) { defaults[mode] = template }
            }
            let firstLast =
                entry.templates?[ComfyUITemplates.firstLastKey] ?? ComfyUITemplates.defaultFirstLast
            let reference =
                entry.templates?[ComfyUITemplates.referenceKey] ?? ComfyUITemplates.defaultReference
            let templates = try ComfyUITemplates(
                projectFolder: projectFolder, environment: environment, defaults: defaults,
                firstLast: firstLast, reference: reference)
            try Self.checkTemplates(of: entry, in: templates, file: settings.origins[entry.name])
            let caFile = try Self.caFile(of: entry, settings: settings, projectFolder: projectFolder)
            return try entry.endpointURLs.compactMap { text in
                guard let url = URL(string: text) else { return nil }
                if entry.kind == .runpod {
                    let backend = RunPodBackend(
                        name: entry.name, url: url, token: settings.token(for: entry), templates: templates,
                        timeout: entry.timeoutSeconds, tokenSetting: settings.tokenHint(for: entry),
                        caFile: caFile)
                    return BackendPool.Endpoint(label: text, backend: backend)
                }
                let backend = try ComfyUIBackend(
                    name: entry.name, endpoint: url, token: settings.token(for: entry), templates: templates,
                    timeout: entry.timeoutSeconds, tokenSetting: settings.tokenHint(for: entry),
                    caFile: caFile)
                return BackendPool.Endpoint(label: text, backend: backend)
            }
        case .replicate:
            return try Self.replicateEndpoints(
                of: entry, settings: settings,
                caFile: try Self.caFile(of: entry, settings: settings, projectFolder: projectFolder))
        case .plugin:
            let commands = entry.endpointCommands
            return commands.enumerated().map { index, command in
                let program = PluginBackend.programName(of: command)
                let label = commands.count == 1 ? program : "\(program)#\(index + 1)"
                // A plug-in that talks to a remote service gets its own token the same way Kinora does
                // (only when the user defined it), and never another backend's.
                let token = settings.token(for: entry).map { [entry.tokenVariable: $0] } ?? [:]
                let version = entry.protocol ?? 1
                var capabilities = PluginBackend.defaultCapabilities(
                    command: command, protocolVersion: version)
                if let modes = entry.modes {
                    capabilities.modes = Set(modes.compactMap(ShotMode.init(rawValue:)))
                }
                let backend = PluginBackend(
                    name: entry.name, command: command, timeout: entry.timeoutSeconds,
                    environment: (entry.environment ?? [:]).merging(token) { $1 },
                    workingDirectory: projectFolder, capabilities: capabilities,
                    secrets: token.map(\.value), withheldVariables: settings.tokenVariables,
                    protocolVersion: version, takesLastFrame: entry.lastFrame ?? false)
                return BackendPool.Endpoint(label: label, backend: backend)
            }
        }
    }

    /// The absolute path of `entry`'s `caFile` (relative to the project for a project's backend, to the
    /// config file's folder for the user's), checked to be a readable PEM certificate; `nil` without one.
    static func caFile(of entry: BackendEntry, settings: BackendSettings, projectFolder: URL?) throws
        -> String?
    {
        guard let caFile = entry.caFile else { return nil }
        let origin = settings.origins[entry.name] ?? BackendSettings.projectFile
        let base =
            origin == BackendSettings.projectFile
            ? projectFolder ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            : URL(fileURLWithPath: origin).deletingLastPathComponent()
        let expanded = (caFile as NSString).expandingTildeInPath
        let path =
            expanded.hasPrefix("/")
            ? expanded : base.appendingPathComponent(expanded).standardizedFileURL.path
        do {
            _ = try TrustedAuthority.certificates(in: path)
        } catch let error as RemoteError {
            var reason = error.message
            while reason.hasSuffix(".") { reason.removeLast() }
            throw BackendConfigError.invalid(
                place: "\(origin): backend \"\(entry.name)\" caFile", reason: reason)
        }
        return path
    }

    /// Refuses, naming the file, the backend and the key, a `templates` entry that names no template or
    /// one that cannot serve its key: a mode's template must make that mode's takes from one picture at
    /// most, and the first-last frame template must take an end picture.
    private static func checkTemplates(
        of entry: BackendEntry, in templates: ComfyUITemplates, file: String?
    ) throws {
        for (key, name) in (entry.templates ?? [:]).sorted(by: { $0.key < $1.key }) {
            let place = "\(file ?? BackendSettings.projectFile): backend \"\(entry.name)\" templates.\(key)"
            let shown = "\"\(TerminalText.sanitized(name))\""
            guard let template = try? templates.template(named: name) else {
                throw BackendConfigError.invalid(
                    place: place,
                    reason: "\(shown) is not a ComfyUI template; the templates are "
                        + templates.names.joined(separator: ", ")
                        + " (or put your own in the project's templates/comfyui folder)")
            }
            if key == ComfyUITemplates.firstLastKey {
                guard template.usesEndImage else {
                    throw BackendConfigError.invalid(
                        place: place,
                        reason:
                            "\(shown) takes no end picture (no \"{{end_image}}\"); name a first-last frame "
                            + "template such as \(ComfyUITemplates.defaultFirstLast) or ltxv-keyframes")
                }
            } else if key == ComfyUITemplates.referenceKey {
                guard template.referenceImageCount > 0, template.mode == .textToVideo else {
                    throw BackendConfigError.invalid(
                        place: place,
                        reason:
                            "\(shown) is not a text-to-video template that takes reference pictures (no "
                            + "\"{{reference_image_1}}\", or a \"{{source}}\"); name one such as "
                            + ComfyUITemplates.defaultReference)
                }
            } else if template.mode.rawValue != key || template.usesEndImage {
                let makes =
                    template.usesEndImage
                    ? "first-last frame takes (it needs an end picture; name it under "
                        + "\(ComfyUITemplates.firstLastKey))"
                    : "\(template.mode.rawValue) takes"
                throw BackendConfigError.invalid(
                    place: place, reason: "\(shown) makes \(makes), not \(key) takes")
            }
        }
    }
}

extension BackendRegistry {
    /// The Replicate model behind `entry`, once per URL (normally Replicate's own API): its mapping is the
    /// entry's `inputs` or the one Kinora ships, refused here when it has neither.
    fileprivate static func replicateEndpoints(
        of entry: BackendEntry, settings: BackendSettings, caFile: String?
    ) throws -> [BackendPool.Endpoint] {
        let place =
            "\(settings.origins[entry.name] ?? BackendSettings.projectFile): backend \"\(entry.name)\""
        guard let model = ReplicateModelName(entry.model ?? "") else {
            throw BackendConfigError.invalid(
                place: "\(place).model", reason: "give the model as owner/name, or owner/name:version")
        }
        let mapping = try ReplicateMapping.resolve(entry, place: place)
        return try entry.endpointURLs.compactMap { text in
            guard let url = URL(string: text) else { return nil }
            let backend = try ReplicateBackend(
                name: entry.name, endpoint: url, model: model, mapping: mapping,
                token: settings.token(for: entry),
                tokenSetting: settings.tokenHint(for: entry), caFile: caFile,
                timeout: entry.timeoutSeconds)
            return BackendPool.Endpoint(label: text, backend: backend)
        }
    }
}
