import Foundation
import Testing

@testable import KinoraCore

@Suite struct ModelCodingTests {
    @Test func projectRoundTripsThroughJSON() throws {
        let project = try Fixtures.project()
        let data = try StoryboardCodec.encode(project)
        let decoded = try StoryboardCodec.decode(data, file: "storyboard.json")
        #expect(decoded == project)
        #expect(try StoryboardCodec.encode(decoded) == data, "encoding must be stable byte for byte")
    }

    @Test func jsonIsPrettySortedAndReadable() throws {
        let text = String(decoding: try StoryboardCodec.encode(try Fixtures.project()), as: UTF8.self)
        #expect(text.contains("\"fps\" : \"24000/1001\""))
        #expect(text.contains("\"size\" : \"1280x720\""))
        #expect(text.contains("\"transition\" : \"dissolve:12\""))
        #expect(text.contains("火箭升空"), "Unicode prompts are stored as they are, not escaped")
        let formatIndex = try #require(text.range(of: "\"formatVersion\""))
        let titleIndex = try #require(text.range(of: "\"title\""))
        #expect(formatIndex.lowerBound < titleIndex.lowerBound, "keys are in sorted order")
        #expect(text.hasSuffix("}\n"))
    }

    @Test func promptWithControlCharactersIsStoredExactly() throws {
        var project = try Fixtures.project()
        let hostile = "evil \u{1B}]2;pwned\u{07} \u{1B}[2J \0 end"
        project.shots[0].prompt = hostile
        let data = try StoryboardCodec.encode(project)
        #expect(!data.contains(0x1B), "escape bytes never appear raw in the file")
        #expect(try StoryboardCodec.decode(data, file: "f").shots[0].prompt == hostile)
    }

    @Test(arguments: [
        ("24", 24, 1), ("25", 25, 1), ("23.976", 24000, 1001), ("29.97", 30000, 1001),
        ("24000/1001", 24000, 1001),
        ("48/2", 24, 1), ("12.5", 25, 2),
    ])
    func frameRatesParse(text: String, numerator: Int, denominator: Int) throws {
        let rate = try #require(FrameRate(parsing: text))
        #expect(rate.numerator == numerator && rate.denominator == denominator)
    }

    @Test(arguments: ["0", "-24", "abc", "24/0", "", "1/0", "nan"])
    func badFrameRatesAreRefused(text: String) {
        #expect(FrameRate(parsing: text) == nil)
    }

    @Test(arguments: ["0x0", "1281x720", "1280x", "x720", "-2x2", "9000x2", "axb"])
    func badSizesAreRefused(text: String) {
        #expect(FrameSize(parsing: text) == nil)
    }

    @Test func sizesParse() throws {
        let size = try #require(FrameSize(parsing: "1920X1080"))
        #expect(size.width == 1920 && size.height == 1080 && size.description == "1920x1080")
    }

    @Test func transitionsParse() {
        #expect(Transition(parsing: "cut") == .cut)
        #expect(Transition(parsing: "dissolve:8") == .dissolve(frames: 8))
        #expect(Transition(parsing: "dissolve") == .dissolve(frames: 12))
        #expect(Transition(parsing: "FADE:24") == .fade(frames: 24))
        #expect(Transition(parsing: "dissolve:0") == nil)
        #expect(Transition(parsing: "wipe") == nil)
        #expect(Transition(parsing: "cut:3") == nil)
    }

    @Test func serialIDsParseAndOrder() throws {
        #expect(ShotID(rawValue: "s12")?.serial == 12)
        #expect(ShotID(rawValue: "t12") == nil)
        #expect(ShotID(rawValue: "s0") == nil)
        #expect(ShotID(rawValue: "s-1") == nil)
        #expect(TakeID(rawValue: "t3")?.serial == 3)
        #expect(try #require(ShotID(rawValue: "s2")) < (try #require(ShotID(rawValue: "s10"))))
    }

    @Test func runningTimeSubtractsDissolveOverlap() throws {
        let project = try Fixtures.project()
        // 3 s trimmed + 2 s, less 12 frames of dissolve at 23.976 fps.
        #expect(abs(project.runningTime - (5 - 12 / (24000.0 / 1001))) < 1e-9)
    }
}
