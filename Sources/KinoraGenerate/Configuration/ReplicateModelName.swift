import Foundation

/// A Replicate model as a backend names it: `owner/name`, or `owner/name:version`.
public struct ReplicateModelName: Sendable, Hashable {
    /// The model's owner (a user or organisation).
    public var owner: String
    /// The model's name.
    public var name: String
    /// One version's id (64 hex digits), or `nil` for the model's latest version.
    public var version: String?

    /// The parts of Kinora's request a backend's `inputs` may map to the model's input names.
    public static let requestFields: Set<String> = [
        "prompt", "negativePrompt", "image", "lastImage", "seed", "duration", "frames", "fps", "width",
        "height",
        "aspectRatio", "resolution",
    ]

    /// Parses `text`; `nil` when it is not `owner/name` or `owner/name:version`.
    public init?(_ text: String) {
        let (path, version): (Substring, Substring?) = {
            guard let colon = text.firstIndex(of: ":") else { return (text[...], nil) }
            return (text[..<colon], text[text.index(after: colon)...])
        }()
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = { (part: Substring) in
            !part.isEmpty && part.count <= 100
                && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        }
        guard parts.count == 2, allowed(parts[0]), allowed(parts[1]) else { return nil }
        if let version {
            guard version.count == 64, version.allSatisfy(\.isHexDigit) else { return nil }
        }
        owner = String(parts[0])
        name = String(parts[1])
        self.version = version.map(String.init)
    }

    /// `owner/name` without the version.
    public var model: String { "\(owner)/\(name)" }
}
