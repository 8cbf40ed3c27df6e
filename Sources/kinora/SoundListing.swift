import Foundation
import KinoraCore

/// A shot's sound as `sound list` prints it: which sound it plays and its clips, each with where its file
/// is on disk.
struct SoundListing: Encodable {
    /// A clip with its file's details at hand.
    struct Clip: Encodable {
        /// Its number on the shot.
        var number: Int
        /// Dialogue or effect.
        var kind: SoundKind
        /// Seconds after the shot starts.
        var offset: Double
        /// Gain in decibels.
        var gain: Double
        /// The file's sound's length in seconds.
        var duration: Double
        /// The file name it was imported from.
        var originalName: String
        /// Its place in the project (`assets/<sha256>.wav`).
        var asset: String
        /// The absolute path, to play it.
        var path: String
    }

    /// The shot's id.
    var id: ShotID
    /// The shot's label.
    var label: String
    /// Which sound it plays.
    var sound: ShotSound
    /// Its clips, in number order.
    var clips: [Clip]

    /// The listing of `shot`, whose project is in `folder`.
    init(_ shot: Shot, folder: URL) {
        id = shot.id
        label = shot.label
        sound = shot.sound ?? .auto
        clips = (shot.sounds ?? []).sorted { $0.number < $1.number }.map { clip in
            Clip(
                number: clip.number, kind: clip.kind, offset: clip.offset, gain: clip.gain,
                duration: clip.file.duration, originalName: clip.file.originalName, asset: clip.file.asset,
                path: folder.appendingPathComponent(clip.file.asset).path)
        }
    }

    /// "-6 dB", "+3 dB", "0 dB".
    static func decibels(_ value: Double) -> String {
        let text = value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
        return (value > 0 ? "+" : "") + text + " dB"
    }

    /// What a person should know about `clip` just placed on `shot`: a clip that will not be heard, or one
    /// that stands in for the scratch voice.
    static func notes(on clip: SoundClip, in shot: Shot) -> [String] {
        var notes: [String] = []
        let choice = shot.sound ?? .auto
        if choice != .auto && choice != .clips {
            notes.append(
                "The shot plays \(choice.summary) (sound=\(choice.rawValue)): set sound=auto or sound=clips "
                    + "to hear this clip (kinora shot set DIR \(shot.id) sound=auto).")
        }
        if clip.offset >= shot.duration {
            notes.append(
                "It starts after the shot ends (the shot is \(Output.seconds(shot.duration))): it will not be "
                    + "heard unless the shot is longer or --at earlier.")
        }
        if clip.kind == .dialogue && choice == .auto && !DialogueLine.lines(in: shot.dialogue).isEmpty {
            notes.append("It stands in for the shot's scratch voice; the dialogue stays as subtitles.")
        }
        return notes
    }
}
