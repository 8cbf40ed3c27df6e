import Foundation
import KinoraCore
import KinoraGenerate
import KinoraStudio

/// The studio's storyboard writer: saves go through the take ledger, the one owner of the project
/// store, merged with the take records the jobs saved.
public struct StoryboardWriter: StoryboardWriting {
    /// The owner of the store, shared with the generation jobs.
    public let ledger: TakeLedger
    private let post: PostMessage

    /// A writer saving through `ledger`, telling the studio through `post`.
    public init(ledger: TakeLedger, post: @escaping PostMessage) {
        self.ledger = ledger
        self.post = post
    }

    /// Saves the person's storyboard with the takes on disk.
    public func save(_ project: Project) async {
        do {
            try await ledger.update { saved in saved = project.mergingTakes(from: saved) }
            post(.saved)
        } catch {
            post(.saveFailed(ErrorText.describe(error), saved: await ledger.project))
        }
    }

    /// Copies `file` into the project's assets.
    public func importAsset(_ file: URL, kind: ShotSource.Kind) async throws -> ShotSource {
        try await ledger.importAsset(file, kind: kind)
    }

    /// Gives up the lock.
    public func close() async {
        await ledger.close()
    }
}
