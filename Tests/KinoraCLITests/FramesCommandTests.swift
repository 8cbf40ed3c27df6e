import Foundation
import KinoraCore
import KinoraEngine
import KinoraMedia
import KinoraTestSupport
import Testing

/// Text-to-video, first and last frames and framing on the built-in engine, through the real `kinora`.
@Suite struct FramesCommandTests {
    /// A new 160x90, 12 fps project.
    private func project() throws -> URL {
        let folder = try CLI.temporaryFolder().appendingPathComponent("film")
        let made = try CLI.run(["new", folder.path, "--size", "160x90", "--fps", "12"])
        #expect(made.status == 0, "\(made.stderr)")
        return folder
    }

    /// Adds a shot, expecting success.
    private func add(_ folder: URL, _ arguments: [String]) throws {
        let added = try CLI.run(["shot", "add", folder.path] + arguments)
        #expect(added.status == 0, "\(added.stderr)")
    }

    /// Every frame of a take, as the engine wrote it.
    private func frames(_ folder: URL, _ take: String) throws -> [RGBFrame] {
        let reader = try FrameReader(
            url: folder.appendingPathComponent(take), size: PixelSize(width: 160, height: 90))
        defer { reader.close() }
        return try Quality.frames(reader)
    }

    @Test func aTextToVideoTakeIsASlateThatSaysSo() throws {
        let folder = try project()
        try add(
            folder,
            [
                "--prompt", "a lighthouse in a storm", "--mode", "text-to-video", "--label", "7A",
                "--duration", "1",
            ])
        let gen = try CLI.run(["gen", folder.path])
        #expect(gen.status == 0, "\(gen.stderr)")
        let shot = try #require(try CLI.storyboard(folder).shots.first)
        let take = try #require(shot.takes.first)
        #expect(shot.mode == .textToVideo && take.status == .done)
        #expect(take.warning == BuiltinRender.textToVideoWarning)
        #expect(take.request.settings.parameters["label"] == "7A", "the slate shows the label")
        #expect(take.framing == nil)

        let takes = try CLI.run(["takes", folder.path, "1"])
        #expect(takes.stdout.contains("warning: the built-in engine cannot read prompts"), "\(takes.stdout)")
        let show = try CLI.run(["shot", "show", folder.path, "1"])
        #expect(show.stdout.contains("text-to-video") && show.stdout.contains("cannot read prompts"))
        let json = try CLI.run(["takes", folder.path, "1", "--json"])
        #expect(
            json.stdout.contains("\"warning\" : \"the built-in engine cannot read prompts"), "\(json.stdout)")

        // An image shot can be switched to text-to-video too, and a bad mode names the modes.
        let bad = try CLI.run(["shot", "set", folder.path, "1", "mode=text-to-picture"])
        #expect(bad.status == 1 && bad.stderr.contains("mode") && bad.stderr.contains("text-to-video"))
    }

    @Test func anEndPictureTakeStartsOnTheSourceAndEndsOnTheEndPicture() throws {
        let folder = try project()
        let first = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1"], name: "first.png")
        let last = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "mandelbrot=size=320x180", "-frames:v", "1"], name: "last.png")
        let common = ["--motion", "push-in", "--duration", "1", "--seed", "9", "--prompt", "p"]
        try add(folder, ["--image", first.path, "--end-image", last.path] + common)
        try add(folder, ["--image", first.path] + common)
        try add(folder, ["--image", last.path] + common)
        let gen = try CLI.run(["gen", folder.path])
        #expect(gen.status == 0, "\(gen.stderr)")

        let both = try frames(folder, "takes/s1/t1.mp4")
        let plainFirst = try frames(folder, "takes/s2/t1.mp4")
        let plainLast = try frames(folder, "takes/s3/t1.mp4")
        #expect(both.count == 12 && plainFirst.count == 12 && plainLast.count == 12)
        let (start, end) = (try #require(both.first), try #require(both.last))
        #expect(Quality.psnr(start, try #require(plainFirst.first)) >= 30)
        #expect(Quality.psnr(end, try #require(plainLast.last)) >= 30)
        #expect(Quality.psnr(end, try #require(plainFirst.last)) < 20, "the take really ends elsewhere")

        let shot = try #require(try CLI.storyboard(folder).shots.first)
        let end1 = try #require(shot.endImage)
        #expect(end1.kind == .image && end1.originalName == "last.png" && end1.asset.hasPrefix("assets/"))
        #expect(shot.takes.first?.request.endImageHash == end1.sha256)
        let show = try CLI.run(["shot", "show", folder.path, "1"])
        #expect(show.stdout.contains("end-image") && show.stdout.contains("last.png"), "\(show.stdout)")
        let verify = try CLI.run(["regen", folder.path, "1", "t1", "--verify"])
        #expect(verify.status == 0 && verify.stdout.contains("identical"), "\(verify.stderr)")

        // Not a picture: refused, naming the key and the file, and nothing changes.
        let sound = try CLI.makeMedia(
            ["-f", "lavfi", "-i", "sine=duration=0.2", "-c:a", "aac"], name: "sound.m4a")
        let before = try CLI.storyboardBytes(folder)
        let refused = try CLI.run(["shot", "set", folder.path, "2", "end-image=\(sound.path)"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains("end-image") && refused.stderr.contains("sound.m4a"), "\(refused.stderr)")
        #expect(refused.stderr.contains("not a picture"))
        let slate = try CLI.run(["shot", "add", folder.path, "--prompt", "x", "--end-image", last.path])
        #expect(slate.status != 0 && slate.stderr.contains("--end-image needs --image or --continue"))
        #expect(try CLI.storyboardBytes(folder) == before)

        // Set on another shot, then removed with an empty value.
        #expect(try CLI.run(["shot", "set", folder.path, "2", "end-image=\(last.path)"]).status == 0)
        #expect(try CLI.storyboard(folder).shots[1].endImage?.sha256 == end1.sha256)
        #expect(try CLI.run(["shot", "set", folder.path, "2", "end-image="]).status == 0)
        #expect(try CLI.storyboard(folder).shots[1].endImage == nil)
    }

    @Test func aPortraitKeepsItsTopAndAFramingIsRecordedInTheTake() throws {
        let folder = try project()
        // A portrait: a white top quarter (the head) over a dark body.
        let portrait = try CLI.makeMedia(
            [
                "-f", "lavfi", "-i", "color=c=0x202020:size=180x320", "-vf",
                "drawbox=x=0:y=0:w=180:h=80:color=white:t=fill", "-frames:v", "1",
            ], name: "portrait.png")
        try add(folder, ["--image", portrait.path, "--motion", "static", "--duration", "1", "--prompt", "p"])
        #expect(try CLI.run(["gen", folder.path]).status == 0)
        var take = try #require(try CLI.storyboard(folder).shots.first?.takes.first)
        let automatic = try #require(take.framing)
        #expect(automatic.basis == .upperThird && automatic.y < 0.4 && automatic.zoom == 1)
        let top = try #require(try frames(folder, "takes/s1/t1.mp4").first)
        #expect(top[80, 2].red > 200, "the top of the portrait (its head) is in the frame")
        let prepared = try FramedStill.prepare(
            portrait, framing: automatic, size: PixelSize(width: 160, height: 90))
        #expect(
            Quality.psnr(prepared.picture, top) >= 30,
            "engines prepare stills as the built-in engine frames them")
        let takes = try CLI.run(["takes", folder.path, "1"])
        #expect(takes.stdout.contains("framing \(automatic.text) (upper-third)"), "\(takes.stdout)")

        // Out of range: refused with the rule; a framing by hand is used and recorded.
        let before = try CLI.storyboardBytes(folder)
        // Out of range says which value; not a framing at all gives the shape.
        let expected = [
            "1.5,0.5,1": "focus point must lie from 0 to 1", "0.5,0.5,0.5": "zoom must be from 1 to 8",
            "0.5": "X,Y,ZOOM", "a,b,c": "X,Y,ZOOM",
        ]
        for (bad, words) in expected {
            let refused = try CLI.run(["shot", "set", folder.path, "1", "framing=\(bad)"])
            #expect(refused.status == 1 && refused.stderr.contains("framing"), "\(bad): \(refused.stderr)")
            #expect(refused.stderr.contains(words), "\(bad): \(refused.stderr)")
        }
        #expect(try CLI.storyboardBytes(folder) == before)
        #expect(try CLI.run(["shot", "set", folder.path, "1", "framing=0.5,0.9,2"]).status == 0)
        #expect(try CLI.run(["gen", folder.path]).status == 0)
        take = try #require(try CLI.storyboard(folder).shots.first?.takes.last)
        #expect(take.framing == Framing(x: 0.5, y: 0.9, zoom: 2, basis: .person))
        let bottom = try #require(try frames(folder, "takes/s1/t2.mp4").first)
        #expect(bottom[80, 2].red < 60, "framed low, the white top is out of the frame")
        let show = try CLI.run(["shot", "show", folder.path, "1"])
        #expect(show.stdout.contains("framing") && show.stdout.contains("0.5,0.9,2"), "\(show.stdout)")
    }
}
