import Foundation
import KinoraCore

/// The take a review command works on: the one named, else the shot's chosen take, else its newest
/// finished take.
struct ReviewTarget {
    /// Where the shot is in the storyboard.
    var shotIndex: Int
    /// Where the take is in the shot's takes.
    var takeIndex: Int

    /// Finds the take `take` (or the default) of the shot `shot` means in `project`.
    init(shot: String, take: String?, in project: Project, file: String, dir: String) throws {
        shotIndex = try project.shotIndex(shot, file: file)
        let value = project.shots[shotIndex]
        let id: TakeID
        if let take {
            id = try value.take(matching: take).id
        } else if let chosen = value.chosen {
            id = chosen.id
        } else if let newest = value.takes.last(where: { $0.status == .done }) {
            id = newest.id
        } else {
            throw ReviewError.noTake(shot: value.id.rawValue, dir: dir)
        }
        guard let index = value.takes.firstIndex(where: { $0.id == id }) else {
            throw StoryboardError.unknownTake(reference: take ?? id.rawValue, shot: value.id.rawValue)
        }
        takeIndex = index
    }

    /// Sets (or with `nil` clears) the verdict of the take a review command names, saves, and says so.
    static func setVerdict(
        _ verdict: TakeVerdict?, shot: String, take: String?, project folder: ProjectFolder
    ) throws {
        let store = try folder.openForWriting()
        defer { store.close() }
        let (shotID, takeID, chosen) = try store.update { project in
            let target = try ReviewTarget(
                shot: shot, take: take, in: project, file: store.storyboardURL.path, dir: folder.dir)
            var record = project.shots[target.shotIndex].takes[target.takeIndex]
            if verdict == .circled && record.status != .done {
                throw ReviewError.unfinished(
                    take: record.id.rawValue, shot: project.shots[target.shotIndex].id.rawValue,
                    status: record.status.rawValue)
            }
            record.setVerdict(verdict)
            project.shots[target.shotIndex].takes[target.takeIndex] = record
            let shot = project.shots[target.shotIndex]
            return (shot.id, record.id, shot.chosenTake == record.id)
        }
        Output.line("\(shotID) \(takeID) \(verdict?.rawValue ?? "unmarked (no verdict)").")
        if verdict == .rejected && chosen {
            Output.error(
                "\(takeID) still plays in \(shotID): choose another with `kinora pick \(folder.dir) \(shotID) TAKE`."
            )
        }
    }
}
