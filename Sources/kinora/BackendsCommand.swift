import ArgumentParser
import Foundation
import KinoraCore
import KinoraGenerate

/// `kinora backends DIR`: the engines a project can use, where each is configured and where its token
/// comes from (never the token itself).
struct BackendsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backends", abstract: "List the generation engines a project can use.",
        discussion: """
            The built-in engine is always there. Others come from the project's backends.json and from \
            the user's config file ($XDG_CONFIG_HOME/kinora/config.json); tokens come from the environment \
            (KINORA_TOKEN_<NAME>) or that config file (mode 0600), never from the project.
            """)

    @OptionGroup var project: ProjectFolder

    func run() throws {
        let folder = project.url
        let settings = try BackendSettings(projectFolder: folder)
        // Building the registry checks templates and commands, as `gen` would.
        let registry = try BackendRegistry.configured(projectFolder: folder).registry
        var rows = [["NAME", "KIND", "ENDPOINTS", "AT ONCE", "TIMEOUT", "TOKEN", "FROM"]]
        rows.append(["builtin", "built-in", "this machine", "--jobs", "-", "-", "Kinora"])
        for name in settings.entries.keys.sorted() {
            guard let entry = settings.entries[name] else { continue }
            _ = try registry.backend(named: name)
            let endpoints =
                entry.kind == .plugin
                ? entry.endpointCommands.map { $0.joined(separator: " ") }
                : entry.endpointURLs.map { url in entry.model.map { "\(url) (\($0))" } ?? url }
            let token =
                settings.token(for: entry) == nil
                ? "none"
                : ProcessInfo.processInfo.environment[entry.tokenVariable] != nil
                    ? "from \(entry.tokenVariable)" : "from the user config"
            rows.append([
                name, entry.kind.rawValue, endpoints.joined(separator: ", "),
                "\(entry.endpointCount * entry.concurrencyPerEndpoint)",
                "\(Int(entry.timeoutSeconds)) s", token, settings.origins[name] ?? "",
            ])
        }
        let widths = rows[0].indices.map { column in
            rows.map { TerminalText.displayWidth($0[column]) }.max() ?? 0
        }
        for row in rows {
            Output.line(
                row.enumerated().map { TerminalText.padded($1, toWidth: widths[$0]) }.joined(separator: "  ")
                    .trimmingCharacters(in: .whitespaces))
        }
    }
}
