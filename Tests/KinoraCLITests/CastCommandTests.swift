import Foundation
import KinoraCore
import Testing

@Suite struct CastCommandTests {
    /// A tiny project with no shots.
    private func project() throws -> URL {
        let folder = try CLI.temporaryFolder().appendingPathComponent("film")
        let created = try CLI.run(["new", folder.path, "--size", "160x90", "--fps", "12"])
        #expect(created.status == 0, "\(created.stderr)")
        return folder
    }

    /// A small still picture made with ffmpeg.
    private func picture(_ source: String, name: String) throws -> URL {
        try CLI.makeMedia(["-f", "lavfi", "-i", "\(source)=size=64x48", "-frames:v", "1"], name: name)
    }

    private func jsonObject(_ result: CLIResult) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test func castRoundTripThroughTheStoryboard() throws {
        let folder = try project()
        let dir = folder.path
        let first = try picture("testsrc2", name: "mimi-front.png")
        let second = try picture("mandelbrot", name: "mimi-side.png")
        try CLI.succeed([
            "cast", "add", dir, "Mimi", "--image", first.path, "--image", second.path, "--description",
            "a small grey cat with one white ear",
        ])
        try CLI.succeed([
            "cast", "add", dir, "Kitchen", "--kind", "location", "--description", "a tiled kitchen",
        ])
        try CLI.succeed([
            "shot", "add", dir, "--prompt", "@Mimi jumps onto the table in @Kitchen", "--location", "kitchen",
            "--scene", "INT. KITCHEN - NIGHT", "--size", "cu", "--angle", "low", "--lens", "35mm",
        ])
        try CLI.succeed(["shot", "add", dir, "--prompt", "@mimi sleeps"])

        var project = try CLI.storyboard(folder)
        let mimi = try #require(project.castEntry(named: "Mimi"))
        #expect(
            mimi.kind == .character && mimi.images.count == 2
                && mimi.images[0].originalName == "mimi-front.png")
        for image in mimi.images {
            #expect(try ContentHash.sha256(of: folder.appendingPathComponent(image.asset)) == image.sha256)
        }
        let shot = project.shots[0]
        #expect(shot.location == "Kitchen", "the location is spelled as the cast spells it")
        #expect(shot.scene == "INT. KITCHEN - NIGHT" && shot.shotSize == .closeUp && shot.angle == .low)
        #expect(shot.lens == 35)

        // Rename, re-describe, and swap the second picture for nothing: prompts follow the new name.
        let secondHash = String(mimi.images[1].sha256.prefix(8))
        let set = try CLI.succeed([
            "cast", "set", dir, "mimi", "name=Momo", "description=a grey cat", "--remove-image", secondHash,
        ])
        #expect(set.stdout.contains("Renamed @Mimi to @Momo in 2 shots"), "\(set.stdout)")
        project = try CLI.storyboard(folder)
        #expect(project.shots.map(\.prompt) == ["@Momo jumps onto the table in @Kitchen", "@Momo sleeps"])
        let momo = try #require(project.castEntry(named: "momo"))
        #expect(momo.name == "Momo" && momo.description == "a grey cat" && momo.images == [mimi.images[0]])

        let list = try CLI.succeed(["cast", "list", dir, "--json"])
        let entries = try #require(try jsonObject(list) as? [[String: Any]])
        #expect(entries.map { $0["name"] as? String } == ["Momo", "Kitchen"])
        let shots = try #require(entries[0]["shots"] as? [[String: Any]])
        #expect(shots.map { $0["id"] as? String } == ["s1", "s2"])
        let show = try CLI.succeed(["cast", "show", dir, "MOMO", "--json"])
        let shown = try #require(try jsonObject(show) as? [String: Any])
        let images = try #require(shown["images"] as? [[String: Any]])
        let path = try #require(images.first?["path"] as? String)
        #expect(images.count == 1 && FileManager.default.fileExists(atPath: path))
        #expect(shown["kind"] as? String == "character" && shown["description"] as? String == "a grey cat")
        let text = try CLI.succeed(["cast", "show", dir, "Momo"])
        #expect(text.stdout.contains(path) && text.stdout.contains("1 (s1), 2 (s2)"), "\(text.stdout)")
        let table = try CLI.succeed(["cast", "list", dir])
        #expect(table.stdout.contains("Kitchen") && table.stdout.contains("location"), "\(table.stdout)")

        // The shot shows the references its prompt resolves to, and who is in it.
        let details = try #require(
            try jsonObject(try CLI.succeed(["shot", "show", dir, "1", "--json"])) as? [String: Any])
        let references = try #require(details["references"] as? [[String: Any]])
        #expect(references.map { $0["name"] as? String } == ["Momo", "Kitchen"])
        #expect((references[0]["images"] as? [String]) == [momo.images[0].asset])
        #expect(details["peopleInShot"] as? [String] == ["Momo"] && details["people"] == nil)
        #expect(details["shotSize"] as? String == "CU" && details["lens"] as? Int == 35)
        let shownText = try CLI.succeed(["shot", "show", dir, "1"])
        #expect(shownText.stdout.contains("@Momo (character, 1 picture: \(path))"), "\(shownText.stdout)")
        #expect(
            shownText.stdout.contains("Momo (from the prompt)") && shownText.stdout.contains("CU (close-up)"))
        try CLI.succeed(["shot", "set", dir, "2", "people=momo", "status=wip", "movement=pan-left"])
        let listed = try #require(
            try jsonObject(try CLI.succeed(["shot", "list", dir, "--json"])) as? [[String: Any]])
        #expect(
            listed[1]["peopleInShot"] as? [String] == ["Momo"] && listed[1]["people"] as? [String] == ["Momo"]
        )
        #expect(listed[1]["status"] as? String == "in-progress")
        #expect(try CLI.storyboard(folder).shots[1].settings.motion == .panLeft)
        #expect(try CLI.succeed(["shot", "list", dir]).stdout.contains("CU/low"))

        // Removing an entry shots name is refused, listing them; --force removes it and keeps the prompts.
        let before = try CLI.storyboardBytes(folder)
        let refused = try CLI.run(["cast", "rm", dir, "Momo"])
        #expect(refused.status == 1 && refused.stderr.contains("1 (s1), 2 (s2)"), "\(refused.stderr)")
        #expect(try CLI.storyboardBytes(folder) == before)
        let forced = try CLI.succeed(["cast", "rm", dir, "Momo", "--force"])
        #expect(forced.stderr.contains("@Momo"))
        try CLI.succeed(["cast", "rm", dir, "Kitchen", "--force"])
        project = try CLI.storyboard(folder)
        #expect(project.cast.isEmpty)
        #expect(
            project.shots[0].prompt == "@Momo jumps onto the table in @Kitchen"
                && project.shots[0].location == nil)
        #expect(project.shots[1].people == [])
    }

    @Test func badNamesAndPicturesAreRefusedWithNothingImported() throws {
        let folder = try project()
        let dir = folder.path
        try CLI.succeed(["cast", "add", dir, "Mimi"])
        let before = try CLI.storyboardBytes(folder)
        let notes = try CLI.temporaryFolder().appendingPathComponent("notes.txt")
        try Data("not a picture".utf8).write(to: notes)
        let sound = try CLI.makeMedia(["-f", "lavfi", "-i", "sine=duration=0.2"], name: "voice.m4a")
        let good = try picture("testsrc2", name: "good.png")
        for (arguments, expected) in [
            (["cast", "add", dir, "Old Man"], "Old_Man"),
            (["cast", "add", dir, "@Bo"], "without the @"),
            (["cast", "add", dir, String(repeating: "a", count: 200)], "at most 40"),
            (["cast", "add", dir, "MIMI"], "already has \"Mimi\""),
            (["cast", "add", dir, "Bo", "--kind", "dog"], "character, location, prop"),
            (["cast", "add", dir, "Bo", "--image", good.path, "--image", notes.path], notes.path),
            (["cast", "add", dir, "Bo", "--image", sound.path], "only audio"),
            (["cast", "set", dir, "Mimi", "--image", notes.path], notes.path),
            (["cast", "set", dir, "Mimi", "name=Old Man"], "Old_Man"),
            (["cast", "set", dir, "Mimi", "--remove-image", "1"], "it has no pictures"),
            (["cast", "show", dir, "Bob"], "the cast is Mimi"),
        ] {
            let result = try CLI.run(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
        }
        #expect(try CLI.storyboardBytes(folder) == before, "nothing saved")
        let assets = folder.appendingPathComponent("assets")
        let imported = (try? FileManager.default.contentsOfDirectory(atPath: assets.path)) ?? []
        #expect(imported.isEmpty, "nothing imported: \(imported)")
    }

    @Test func promptsNamingUnknownEntriesAreRefusedAndFiveHundredEntriesStayUsable() throws {
        let folder = try project()
        let dir = folder.path
        try CLI.succeed(["shot", "add", dir, "--prompt", "an empty room"])
        // 500 entries, written straight into the storyboard.
        var project = try CLI.storyboard(folder)
        project.cast = (1...500).map {
            CastEntry(name: "Extra_\($0)", kind: $0 == 500 ? .location : .character)
        }
        try StoryboardCodec.encode(project).write(
            to: folder.appendingPathComponent(ProjectLayout.storyboardFile))
        let before = try CLI.storyboardBytes(folder)
        for (arguments, expected) in [
            (["shot", "set", dir, "1", "prompt=@Bob waves at @Extra_1"], "@Bob is not in the cast"),
            (["shot", "set", dir, "1", "location=Nowhere"], "Nowhere is not in the cast"),
            (["shot", "set", dir, "1", "people=Extra_2,Bob"], "Bob is not in the cast"),
            (["shot", "add", dir, "--prompt", "@Bob and @Ann"], "@Bob, @Ann are not in the cast"),
        ] {
            let result = try CLI.run(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(
                result.stderr.contains(expected) && result.stderr.contains("the cast is Extra_1, Extra_2")
                    && result.stderr.contains("Extra_12 and 488 more"),
                "\(arguments): \(result.stderr)")
        }
        #expect(try CLI.storyboardBytes(folder) == before)

        let list = try CLI.succeed(["cast", "list", dir])
        #expect(list.stdout.split(separator: "\n").count == 501 && list.stdout.contains("Extra_500"))
        let listed = try #require(
            try jsonObject(try CLI.succeed(["cast", "list", dir, "--json"])) as? [[String: Any]])
        #expect(listed.count == 500)
        try CLI.succeed([
            "shot", "set", dir, "1", "prompt=@extra_499 crosses", "location=extra_500", "people=Extra_3",
        ])
        let shot = try CLI.storyboard(folder).shots[0]
        #expect(
            shot.location == "Extra_500" && shot.people == ["Extra_3"] && shot.prompt == "@extra_499 crosses")
    }
}
