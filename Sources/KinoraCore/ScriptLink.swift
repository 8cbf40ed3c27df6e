import Foundation

/// The script a storyboard was imported from: which file, its fingerprint, and what its title page
/// said, so a re-import knows it is the same film.
public struct ScriptSource: Codable, Sendable, Hashable {
    /// The file endings Kinora imports as a screenplay: Fountain (`.fountain`, `.spmd`, `.txt`) and Final
    /// Draft (`.fdx`). Shared by the readers, the CLI's messages and the studio's file picker.
    public static let fileExtensions = ["fountain", "spmd", "txt", "fdx"]

    /// The file's name as it was imported (`launch.fountain`), for people.
    public var file: String
    /// SHA-256 of the file's bytes at the last import.
    public var sha256: String
    /// When it was last imported.
    public var importedAt: Date
    /// The title page's author (`Author`, `Authors` or `Credit`'s line after it), if any.
    public var author: String?
    /// The title page's draft date, if any.
    public var draftDate: String?

    /// A record of an import of `file`.
    public init(
        file: String, sha256: String, importedAt: Date, author: String? = nil, draftDate: String? = nil
    ) {
        self.file = file
        self.sha256 = sha256
        self.importedAt = importedAt
        self.author = author
        self.draftDate = draftDate
    }
}

/// Where a shot came from in the script, recorded by the importer so a re-import finds the same shot
/// again after the script is edited: its scene, its place in the scene and its words.
public struct ScriptKey: Codable, Sendable, Hashable {
    /// The scene heading as written (`INT. KITCHEN - NIGHT`).
    public var scene: String
    /// The scene's number when the script gives one (`#1A#`).
    public var sceneNumber: String?
    /// The shot's place among the scene's shots, from 0.
    public var position: Int
    /// The words the shot was made from (its action paragraph, or its marker's label and text), for
    /// matching an edited paragraph to its shot.
    public var text: String
    /// The prompt the importer drafted from the script, so a re-import redrafts the prompt only while the
    /// person has not edited it; `nil` for keys written before it was recorded.
    public var draftedPrompt: String?
    /// The transition the script gave, so a re-import changes it only while the person has not.
    public var draftedTransition: Transition?
    /// The location the heading gave (a cast name), so a re-import changes it only while the person has not.
    public var draftedLocation: String?

    /// A key with the given parts.
    public init(
        scene: String, sceneNumber: String?, position: Int, text: String, draftedPrompt: String? = nil,
        draftedTransition: Transition? = nil, draftedLocation: String? = nil
    ) {
        self.scene = scene
        self.sceneNumber = sceneNumber
        self.position = position
        self.text = text
        self.draftedPrompt = draftedPrompt
        self.draftedTransition = draftedTransition
        self.draftedLocation = draftedLocation
    }
}
