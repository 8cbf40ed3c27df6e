import Foundation
import KinoraCore
import KinoraSound

/// How long a shot's dialogue takes to say, against how long the shot plays: what `kinora voice` and
/// `shot show` report, and what `kinora voice --fit` lengthens shots by.
struct ShotSpeech {
    /// The shot's dialogue lines as timed, with their spoken files when the voice spoke them.
    var plan: ShotSoundPlan
    /// Whether the lines were spoken (else their times are estimated from the words).
    var isSpoken: Bool
    /// How long the shot plays, in seconds.
    var length: Double
    /// Where the last recorded dialogue clip ends, from the shot's start (0 without one).
    var recordedEnd: Double
    /// The chosen take, whose length the shot plays, if any.
    var chosenTake: TakeID?
    /// The shot's id, for the commands a message suggests.
    var shot: ShotID

    /// The breath left after the last line when a shot is fitted to its speech, in seconds.
    static let tail = 0.5

    /// The speech of `shot` in `project` (in `folder`): every line spoken through the project's voice
    /// cache when `speak` is true, whichever sound the shot plays, so the timing is the real voice's.
    init(_ shot: Shot, in project: Project, folder: URL, speak: Bool) {
        var spoken = shot
        // Time every line by the voice, even where a recording or the take plays instead.
        spoken.sound = .scratch
        length = Self.length(of: shot)
        recordedEnd =
            (shot.sounds ?? []).filter { $0.kind == .dialogue }.map { $0.offset + $0.file.duration }
            .max() ?? 0
        chosenTake = shot.chosen?.id
        self.shot = shot.id
        plan = ShotSoundPlan.plan(
            for: spoken, in: project, projectFolder: folder, takeSound: nil, length: length,
            voices: speak ? VoiceCache(project: folder) : nil)
        isSpoken = speak && plan.warnings.isEmpty
    }

    /// When the last line ends, from the shot's start: the scratch voice's or a recording's, whichever
    /// is later, so a fitted shot holds a real recording too.
    var end: Double { max(plan.speechEnd, recordedEnd) }

    /// Whether the speech runs past the shot's end.
    var isTooLong: Bool { end > length + 1e-9 }

    /// The length that covers the speech and a breath after it, rounded up to a tenth of a second.
    var fittedLength: Double { ((end + Self.tail) * 10).rounded(.up) / 10 }

    /// How long `shot` plays: its chosen take's used part, or its duration without a take.
    static func length(of shot: Shot) -> Double {
        if let trim = shot.trim, shot.chosen != nil { return trim.outPoint - trim.inPoint }
        return shot.chosen?.request.duration ?? shot.duration
    }

    /// "3.4 s: longer than the shot (2.0 s); kinora voice DIR --fit", for `dir` (what follows "speech").
    func summary(dir: String) -> String {
        let speech = (isSpoken ? "" : "about ") + Self.seconds(end)
        let estimate = isSpoken ? "" : "; estimated from the words, as espeak-ng cannot speak here"
        guard isTooLong else { return speech + " (the shot is \(Self.seconds(length)))" + estimate }
        if let chosenTake {
            // The shot plays its chosen take: lengthening the shot alone changes nothing until a longer
            // take is made and chosen.
            return speech + ": longer than its chosen take \(chosenTake) (\(Self.seconds(length))); "
                + "kinora voice \(dir) --fit, then kinora gen \(dir) \(shot) and kinora pick the new take"
                + estimate
        }
        return speech + ": longer than the shot (\(Self.seconds(length))); kinora voice \(dir) --fit"
            + estimate
    }

    /// "3.4 s".
    static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }
}
