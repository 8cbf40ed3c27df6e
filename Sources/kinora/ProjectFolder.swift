import ArgumentParser
import Foundation
import KinoraCore
import KinoraGenerate

/// The `DIR` argument every storyboard command takes.
struct ProjectFolder: ParsableArguments {
    @Argument(help: "The project folder (it holds storyboard.json).")
    var dir: String

    /// The folder as a file URL.
    var url: URL { URL(fileURLWithPath: dir) }

    /// Opens the storyboard for writing, waiting briefly for another writer to finish.
    func openForWriting() throws -> ProjectStore {
        try ProjectStore(opening: url, readOnly: false, lockWait: 2)
    }

    /// Opens the storyboard for reading only: no lock, never saved.
    func openForReading() throws -> ProjectStore {
        try ProjectStore(opening: url, readOnly: true)
    }
}

extension ProjectStore {
    /// The backends configured for this project (its backends.json and the user's) with their job limits;
    /// when they cannot be read the store is closed before the error goes up, so no lock outlives it.
    func configuredBackends() throws -> (registry: BackendRegistry, limits: [String: Int]) {
        do {
            return try BackendRegistry.configured(projectFolder: folder)
        } catch {
            close()
            throw error
        }
    }
}
