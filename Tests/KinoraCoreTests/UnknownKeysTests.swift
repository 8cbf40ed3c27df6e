import Foundation
import Testing

@testable import KinoraCore

/// Keys a person (or another tool) put in storyboard.json that Kinora does not know: kept verbatim, in
/// their sorted place, through every save and the studio's save path, and listed for the notice.
@Suite struct UnknownKeysTests {
    /// The fixture storyboard as Kinora writes it, with keys added by hand at every level: the top, a
    /// shot (a misspelt `notess`), a shot's settings and a take, with values whose text must survive.
    private func handEdited() throws -> String {
        var text = String(decoding: try StoryboardCodec.encode(try Fixtures.project()), as: UTF8.self)
        let edits = [
            (
                "  \"defaultBackend\" : ",
                "  \"approvedBy\" : {\"name\": \"Ana\", \"at\": 1.50},\n  \"defaultBackend\" : "
            ),
            ("      \"notes\" : \"\",\n", "      \"notes\" : \"\",\n      \"notess\" : \"check the sky\",\n"),
            ("        \"motion\" : ", "        \"lens\" : 35,\n        \"motion\" : "),
            (
                "          \"outputHash\" : ",
                "          \"reviewId\" : 12345678901234567890123,\n          \"outputHash\" : "
            ),
        ]
        for (anchor, replacement) in edits {
            let range = try #require(text.range(of: anchor), "fixture lacks \(anchor)")
            text.replaceSubrange(range, with: replacement)
        }
        return text
    }

    private func decode(_ text: String) throws -> Project {
        try StoryboardCodec.decode(Data(text.utf8), file: "storyboard.json")
    }

    /// The keys of the object at `path` in `data`, in the order written.
    private func keys(_ data: Data, _ path: [String]) throws -> [String] {
        var value = try RawJSON(parsing: data)
        for step in path {
            if let index = Int(step), case .array(let elements) = value {
                value = elements[index]
            } else {
                value = try #require(value[step], "no \(step)")
            }
        }
        guard case .object(let members) = value else { return [] }
        return members.map(\.key)
    }

    @Test func theWriterLaysOutJSONExactlyAsTheEncoderDoes() throws {
        let encoded = try StoryboardCodec.encode(try Fixtures.project())
        var rewritten = try RawJSON(parsing: encoded).prettyPrinted()
        rewritten.append(0x0A)
        #expect(String(decoding: rewritten, as: UTF8.self) == String(decoding: encoded, as: UTF8.self))
    }

    @Test func unknownKeysAreKeptVerbatimInTheirSortedPlaces() throws {
        let project = try decode(try handEdited())
        #expect(
            project.unknownKeys.paths == [
                "$.approvedBy", "$.shots[0].notess", "$.shots[0].settings.lens",
                "$.shots[0].takes[0].reviewId",
            ])
        var edited = project
        edited.shots[0].label = "1B"
        edited.shots[1].prompt = "more stars"
        let saved = try StoryboardCodec.encode(edited)
        let text = String(decoding: saved, as: UTF8.self)
        #expect(text.contains("\"approvedBy\" : {\n    \"name\" : \"Ana\",\n    \"at\" : 1.50\n  }"))
        #expect(text.contains("\"reviewId\" : 12345678901234567890123"))
        for path in [[], ["shots", "0"], ["shots", "0", "settings"], ["shots", "0", "takes", "0"]] {
            let order = try keys(saved, path)
            #expect(order == order.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "\(path): \(order)")
        }
        #expect(try keys(saved, ["shots", "0"]).contains("notess"))
        #expect(try keys(saved, ["shots", "0", "settings"]).contains("lens"))
        let again = try decode(text)
        #expect(again.shots[0].label == "1B")
        #expect(again.unknownKeys.paths == project.unknownKeys.paths)
        // Once more: a second save writes the same bytes.
        #expect(try StoryboardCodec.encode(again) == saved)
    }

    @Test func keysFollowTheirShotAndGoWithIt() throws {
        var project = try decode(try handEdited())
        project.moveShot(at: 0, to: 2)
        var text = String(decoding: try StoryboardCodec.encode(project), as: UTF8.self)
        #expect(try decode(text).unknownKeys.paths.contains("$.shots[1].notess"))
        project.shots.remove(at: 1)
        text = String(decoding: try StoryboardCodec.encode(project), as: UTF8.self)
        #expect(try decode(text).unknownKeys.paths == ["$.approvedBy"])
    }

    @Test func anEditThroughTheStudiosSavePathKeepsThem() throws {
        let folder = try Fixtures.temporaryFolder().appendingPathComponent("film")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let store = try ProjectStore.create(at: folder, project: try Fixtures.project())
        store.close()
        try Data(try handEdited().utf8).write(to: folder.appendingPathComponent(ProjectLayout.storyboardFile))
        let writer = try ProjectStore(opening: folder)
        defer { writer.close() }
        // The studio edits its own copy, and its writer saves it merged with the takes on disk.
        var studio = writer.project
        studio.shots[1].notes = "a person's edit"
        try writer.update { saved in saved = studio.mergingTakes(from: saved) }
        let reopened = try ProjectStore(opening: folder, readOnly: true).project
        #expect(reopened.shots[1].notes == "a person's edit")
        #expect(reopened.unknownKeys.paths.count == 4)
        let text = try String(contentsOf: writer.storyboardURL, encoding: .utf8)
        #expect(text.contains("\"notess\" : \"check the sky\""))
    }

    @Test func nullsAndEscapedKnownKeysAreNeitherListedNorDoubled() throws {
        var text = String(decoding: try StoryboardCodec.encode(try Fixtures.project()), as: UTF8.self)
        // `backend` is a field Kinora leaves out when empty; `"not\u0065s"` is `notes` spelt with an escape.
        text = text.replacingOccurrences(
            of: "\"notes\" : \"\"", with: "\"not\\u0065s\" : \"\", \"backend\" : null")
        let project = try decode(text)
        #expect(project.unknownKeys.paths.isEmpty)
        var edited = project
        edited.shots[0].backend = "builtin"
        let saved = try StoryboardCodec.encode(edited)
        #expect(try keys(saved, ["shots", "0"]).filter { $0 == "backend" }.count == 1)
        #expect(try keys(saved, ["shots", "0"]).filter { $0 == "notes" }.count == 1)
        #expect(try decode(String(decoding: saved, as: UTF8.self)).shots[0].backend == "builtin")
    }

    @Test func aNewerFormatIsStillRefused() throws {
        let text = try handEdited().replacingOccurrences(
            of: "\"formatVersion\" : 1", with: "\"formatVersion\" : \(Project.currentFormatVersion + 1)")
        #expect(
            throws: StoryboardError.newerFormat(
                file: "storyboard.json", found: Project.currentFormatVersion + 1)
        ) {
            try decode(text)
        }
    }

    @Test func theNoticeNamesAFewAndSaysTheyAreKept() throws {
        let notice = try decode(try handEdited()).unknownKeys.notice(file: "storyboard.json")
        #expect(notice.contains("$.approvedBy, $.shots[0].notess, $.shots[0].settings.lens and 1 more"))
        #expect(notice.contains("kept"))
    }

    /// Every stored property of a storyboard but ``Project/unknownKeys`` reaches the file: a field added
    /// without its coding key would otherwise be dropped silently.
    @Test func everyFieldOfAProjectIsWritten() throws {
        var project = try Fixtures.project()
        project.conform = .fill
        project.cast = [CastEntry(name: "Mimi", kind: .character)]
        project.script = ScriptSource(
            file: "film.fountain", sha256: String(repeating: "a", count: 64),
            importedAt: Date(timeIntervalSince1970: 0))
        project.music = MusicBed(
            file: SoundFile(
                asset: "assets/\(String(repeating: "b", count: 64)).m4a",
                sha256: String(repeating: "b", count: 64),
                originalName: "bed.m4a", duration: 60))
        let written = Set(try keys(try StoryboardCodec.encode(project), []))
        // The cast is stored as an optional list, so an empty one stays out of the file, under "cast".
        let stored = Set(
            Mirror(reflecting: project).children.compactMap(\.label).filter { $0 != "unknownKeys" }.map {
                $0 == "storedCast" ? "cast" : $0
            })
        #expect(stored.isSubset(of: written), "not written: \(stored.subtracting(written))")
    }
}
