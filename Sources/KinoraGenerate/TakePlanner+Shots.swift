import Foundation
import KinoraCore

extension TakePlanner {
    /// Plans takes for shot `index` with `seeds`, as `kinora gen` and the studio both do: the shot's
    /// source must still be in the project, the backend must exist and accept each new request; a
    /// continuing shot gets the previous shot's last frame first (``prepareContinuation(_:shot:folder:)``).
    /// Nothing changes in `project` when it throws.
    public static func planShot(
        _ project: inout Project, shot index: Int, seeds: [UInt64], backend override: String?,
        registry: BackendRegistry, folder: URL, now: Date = Date()
    ) throws -> [Outcome] {
        var copy = project
        // A continuing shot starts on the previous shot's last played frame, taken now, so a take made
        // from it always starts where the take before it ends.
        try prepareContinuation(&copy, shot: index, folder: folder)
        let shot = copy.shots[index]
        if shot.mode != .slate, let source = shot.source,
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent(source.asset).path)
        {
            throw StoryboardError.badValue(
                field: "\(shot.id) source", value: source.asset,
                rule: "the file is missing from the project; copy \(source.originalName) back to "
                    + "\(source.asset), or import the source again")
        }
        let name = override ?? shot.backend ?? copy.defaultBackend
        let engine = try registry.backend(named: name)
        let outcomes = plan(
            &copy, shot: index, seeds: seeds, backend: name, capabilities: engine.capabilities, now: now,
            fileExists: { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) })
        for case .queued(_, let take, _) in outcomes {
            if let record = copy.shots[index].takes.first(where: { $0.id == take }) {
                try engine.check(record.request)
            }
        }
        project = copy
        return outcomes
    }
}
