import Foundation
import KinoraCore
import KinoraMedia
import KinoraSound

/// What the cast commands share: finding an entry, checking a name, and importing reference pictures.
enum CastEditing {
    /// The index of the entry `name` in `project`, or an error listing the cast.
    static func index(of name: String, in project: Project) throws -> Int {
        let typed = String(name.drop { $0 == "@" })
        guard let index = project.castIndex(named: typed) else {
            throw CastError.unknownEntry(name: name, cast: project.castNamesForMessages)
        }
        return index
    }

    /// Checks that `name` can name an entry and that no entry but the one at `except` has it.
    static func checkName(_ name: String, field: String, in project: Project, except: Int? = nil) throws {
        if let problem = CastEntry.nameProblem(name) {
            throw CastError.badName(field: field, name: name, problem: problem)
        }
        if let existing = project.castIndex(named: name), existing != except {
            throw CastError.nameTaken(name: name, existing: project.cast[existing].name)
        }
    }

    /// Checks every file in `paths` is a still picture, then copies them into `assets/` by content; a file
    /// that is not a picture stops everything before anything is copied.
    static func importPictures(_ paths: [String], into store: ProjectStore) throws -> [ShotSource] {
        let urls = paths.map { URL(fileURLWithPath: $0) }
        for (path, url) in zip(paths, urls) {
            try StillPictureError.check(url, path: path, field: "--image", role: .reference)
        }
        return try urls.map { try store.importAsset($0, kind: .image) }
    }

    /// `voice` with one part (`voice`, `pitch` or `rate`) set to `value`, checked; an empty value unsets
    /// the part, and a voice with no part set is `nil` (the defaults).
    static func voice(_ voice: CastVoice?, setting key: String, to value: String) throws -> CastVoice? {
        var changed = voice ?? CastVoice()
        let text = value.trimmingCharacters(in: .whitespaces)
        func number(_ range: ClosedRange<Int>, _ rule: String) throws -> Int? {
            guard !text.isEmpty else { return nil }
            guard let parsed = Int(text), range.contains(parsed) else {
                throw StoryboardError.badValue(field: key, value: value, rule: rule)
            }
            return parsed
        }
        switch key {
        case "voice":
            if !text.isEmpty, let problem = CastVoice.voiceProblem(text) {
                throw StoryboardError.badValue(field: key, value: value, rule: problem)
            }
            // Checked with espeak-ng where it is installed (without it, only the name's form is).
            if !text.isEmpty, SpeechSynthesizer.hasVoice(text) == false {
                throw StoryboardError.badValue(
                    field: key, value: value,
                    rule: "espeak-ng has no such voice; espeak-ng --voices lists them")
            }
            changed.voice = text.isEmpty ? nil : text
        case "pitch":
            changed.pitch = try number(
                CastVoice.pitchRange, "pitch is a whole number from 0 to 99 (50 is usual)")
        default:
            changed.rate = try number(
                CastVoice.rateRange, "rate is words a minute, a whole number from 80 to 450 (175 is usual)")
        }
        return changed == CastVoice() ? nil : changed
    }

    /// "en-gb, pitch 60, 160 words a minute", or the defaults in words.
    static func voiceText(_ voice: CastVoice?) -> String {
        guard let voice else {
            return "default (the voice of each line's language, e.g. en-us for English, cmn for Chinese)"
        }
        var parts = [voice.voice ?? "default voice"]
        if let pitch = voice.pitch { parts.append("pitch \(pitch)") }
        if let rate = voice.rate { parts.append("\(rate) words a minute") }
        return parts.joined(separator: ", ")
    }

    /// "1A (s1), 3 (s3)": shots as a person finds them, for messages.
    static func shotNames(_ shots: [Shot]) -> String {
        shots.map { "\($0.label) (\($0.id))" }.joined(separator: ", ")
    }

    /// Refuses a shot whose `fields` (of prompt, location and people) name entries the cast lacks or of
    /// the wrong kind (listing the cast), and spells its location and people as the cast does; `field`
    /// names what the person changed. Fields not being changed are not held against the change.
    static func checkNames(
        of shot: inout Shot, in project: Project, field: String, fields: Set<ShotField>
    ) throws {
        if let problem = project.castProblem(in: shot, fields: fields) {
            throw CastError.unknownNames(field: field, problem: problem)
        }
        if let location = shot.location {
            shot.location = project.castEntry(named: location)?.name ?? location
        }
        shot.people = shot.people?.map { project.castEntry(named: $0)?.name ?? $0 }
    }
}
