import Foundation
import KinoraCore
import KinoraSound

/// A shot's sound placed in the film: where it plays on the film's clock and for how long.
public struct FilmSound: Sendable, Equatable {
    /// The sound as its shot placed it.
    public var sound: PlacedSound
    /// The shot it belongs to.
    public var shot: ShotID
    /// Seconds from the film's start that it starts.
    public var start: Double
    /// How long it plays, in seconds: its own length, cut at the end of its shot.
    public var duration: Double

    /// When it stops, in seconds from the film's start.
    public var end: Double { start + duration }
}

/// A subtitle on the film's clock.
public struct FilmCue: Sendable, Equatable {
    /// When it appears, in seconds from the film's start.
    public var start: Double
    /// When it goes.
    public var end: Double
    /// Who speaks, as the script writes the name, if anyone.
    public var speaker: String?
    /// The words.
    public var text: String
}

extension FilmPlan {
    /// Every shot's sounds on the film's clock, in film order. A sound stops where its shot ends (a
    /// dissolve's overlap included), so a long clip never plays under the next shot's dialogue.
    public var filmSounds: [FilmSound] {
        segments.flatMap { segment -> [FilmSound] in
            let shotStart = seconds(segment.recordStart)
            let length = seconds(segment.frames)
            return segment.sounds.compactMap { sound in
                let duration = min(sound.duration, length - sound.start)
                guard duration > 0.001, sound.start >= 0 else { return nil }
                return FilmSound(
                    sound: sound, shot: segment.shot, start: shotStart + sound.start, duration: duration)
            }
        }
    }

    /// The dialogue lines on the film's clock: each shown from its start until it ends or its shot does.
    public var subtitles: [FilmCue] {
        segments.flatMap { segment -> [FilmCue] in
            let shotStart = seconds(segment.recordStart)
            let shotEnd = shotStart + seconds(segment.frames)
            return segment.cues.compactMap { cue in
                let start = shotStart + cue.start
                let end = min(shotStart + cue.end, shotEnd)
                guard end - start > 0.001 else { return nil }
                return FilmCue(start: start, end: end, speaker: cue.speaker, text: cue.text)
            }
        }
    }

    /// When someone speaks (recorded dialogue or scratch lines), as merged spans of the film's clock:
    /// what the music ducks under.
    public var speechSpans: [ClosedRange<Double>] {
        let spans = filmSounds.filter(\.sound.isDialogue).map { $0.start...$0.end }.sorted {
            $0.lowerBound < $1.lowerBound
        }
        var merged: [ClosedRange<Double>] = []
        for span in spans {
            // Spans closer than a short breath stay ducked between them rather than pumping.
            if let last = merged.last, span.lowerBound <= last.upperBound + 0.5 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, span.upperBound)
            } else {
                merged.append(span)
            }
        }
        return merged
    }
}
