import Foundation

/// This module's shipped files (the ComfyUI templates, the Replicate model mappings): the `Resources`
/// folder of its resource bundle, found beside the running program (or the test runner) without
/// `Bundle.module`, which would stop the program when the bundle is missing.
enum BundledResources {
    /// The folder `Resources/<name>` of the bundle, or `nil` when it is not there.
    static func folder(_ name: String) -> URL? {
        let bundleNames = ["Kinora_KinoraGenerate.resources", "Kinora_KinoraGenerate.bundle"]
        var folders = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL {
            folders.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for folder in folders {
            for bundle in bundleNames {
                for inner in ["Resources/\(name)", "Contents/Resources/Resources/\(name)"] {
                    let candidate = folder.appendingPathComponent(bundle).appendingPathComponent(inner)
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
                        isDirectory.boolValue
                    {
                        return candidate
                    }
                }
            }
        }
        return nil
    }
}
