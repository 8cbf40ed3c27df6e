import Foundation
import KinoraCore
import KinoraSound

/// The film's sound as the timeline formats lay it out: every shot's placed sound (the take's own, clips,
/// scratch lines) and the music as clips in whole frames at the film's rate, on as few audio tracks as
/// keep clips from overlapping (first the shots' sounds in film order, each on the first track free at
/// its start, then the music on a track of its own), so OTIO, EDL, FCP 7 XML and MLT agree to the frame.
///
/// Gains are carried as numbers; the music's ducking under dialogue is the film's mix alone (editors
/// duck with their own tools), said in each format's metadata.
struct AudioLayout: Sendable {
    /// One sound on a track.
    struct Clip: Sendable, Equatable {
        /// The file.
        let url: URL
        /// What it is: `take`, `dialogue`, `effect`, `scratch` or `music`.
        let role: String
        /// The shot it belongs to (nil for the music).
        let shot: ShotID?
        /// The film frame it starts at.
        let recordStart: Int
        /// Its length in frames.
        let frames: Int
        /// The frame of its file it starts at.
        let sourceIn: Int
        /// Its gain in decibels.
        let gain: Double
        /// What people call it (the file it was imported from, a scratch line's words), if not its file.
        var label: String? = nil

        /// The film frame after its last.
        var recordEnd: Int { recordStart + frames }
        /// The file's frame after its last.
        var sourceOut: Int { sourceIn + frames }
        /// `s1 dialogue line.wav`, `s1 scratch Hello there.`: the clip's name in every format, on one line.
        var name: String {
            let what = (label ?? url.lastPathComponent).split(whereSeparator: \.isNewline).joined(
                separator: " ")
            return [shot?.rawValue, role, what].compactMap { $0 }.joined(separator: " ")
        }
    }

    /// The tracks, each a list of clips in film order that never overlap.
    let tracks: [[Clip]]

    /// Lays out the sound of `plan`.
    init(plan: FilmPlan) {
        let rate = plan.fps.framesPerSecond
        var tracks: [[Clip]] = []
        for placed in plan.filmSounds {
            let start = Int((placed.start * rate).rounded())
            let clip = Clip(
                url: placed.sound.url, role: placed.sound.role.rawValue, shot: placed.shot,
                recordStart: start,
                frames: max(1, Int((placed.end * rate).rounded()) - start),
                sourceIn: Int((placed.sound.sourceStart * rate).rounded()), gain: placed.sound.gain,
                label: placed.sound.label)
            if let free = tracks.firstIndex(where: { ($0.last?.recordEnd ?? 0) <= clip.recordStart }) {
                tracks[free].append(clip)
            } else {
                tracks.append([clip])
            }
        }
        if let music = plan.music {
            let frames = min(plan.totalFrames, music.duration.map { Int(($0 * rate).rounded(.down)) } ?? .max)
            if frames > 0 {
                tracks.append([
                    Clip(
                        url: music.url, role: "music", shot: nil, recordStart: 0, frames: frames, sourceIn: 0,
                        gain: music.gain, label: music.label)
                ])
            }
        }
        self.tracks = tracks
    }
}
