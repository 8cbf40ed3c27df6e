import Foundation

/// The person's own Kinora folder: `$XDG_CONFIG_HOME/kinora`, else `~/.config/kinora`. Backends
/// (`config.json`), studio settings, keys, themes and ComfyUI templates all live under it.
public enum UserConfigFolder {
    /// The folder for `environment` (an `XDG_CONFIG_HOME` that is not absolute is ignored, as the XDG
    /// spec says).
    public static func url(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return URL(fileURLWithPath: config).appendingPathComponent("kinora")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/kinora")
    }
}
