import ArgumentParser
import Foundation
import KinoraCore

/// `kinora sound list`: each shot's sound clips and which sound it plays.
struct SoundListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the sound clips of every shot, or of one.")

    @OptionGroup var project: ProjectFolder

    @Argument(help: "Only this shot: an id (s3) or a position (3).")
    var shot: String?

    @Flag(help: "Print the list as JSON.")
    var json = false

    func run() throws {
        let store = try project.openForReading()
        let shots =
            try shot.map {
                [store.project.shots[try store.project.shotIndex($0, file: store.storyboardURL.path)]]
            }
            ?? store.project.shots
        let listings = shots.map { SoundListing($0, folder: store.folder) }
        if json {
            try Output.json(listings)
            return
        }
        if shots.isEmpty {
            Output.line("No shots yet: add one with `kinora shot add DIR --prompt TEXT`.")
            return
        }
        for listing in listings {
            let choice = listing.sound
            Output.line(
                "\(listing.label) (\(listing.id))  sound \(choice.rawValue): \(choice.summary)")
            if listing.clips.isEmpty {
                Output.line("    no clips")
            }
            for clip in listing.clips {
                Output.line(
                    "    \(clip.number)  \(TerminalText.padded(clip.kind.rawValue, toWidth: 8)) "
                        + "at \(Output.seconds(clip.offset))  gain \(SoundListing.decibels(clip.gain))  "
                        + "\(Output.seconds(clip.duration))  \(clip.originalName)  \(clip.asset)")
            }
        }
    }
}
