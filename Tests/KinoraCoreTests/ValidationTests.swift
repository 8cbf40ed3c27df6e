import Foundation
import Testing

@testable import KinoraCore

@Suite struct ValidationTests {
    private func decodeError(_ text: String) -> StoryboardError? {
        do {
            _ = try StoryboardCodec.decode(Data(text.utf8), file: "/p/storyboard.json")
            return nil
        } catch {
            return error as? StoryboardError
        }
    }

    private func json(_ edit: (inout [String: Any]) -> Void) throws -> String {
        let data = try StoryboardCodec.encode(try Fixtures.project())
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        edit(&object)
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    private func editShot(_ key: String, _ value: Any) throws -> String {
        try json { object in
            var shots = object["shots"] as? [[String: Any]] ?? []
            shots[0][key] = value
            object["shots"] = shots
        }
    }

    @Test func truncatedJSONIsUnreadableAndNamesTheFile() throws {
        let full = String(decoding: try StoryboardCodec.encode(try Fixtures.project()), as: UTF8.self)
        let error = try #require(decodeError(String(full.prefix(full.count / 2))))
        guard case .unreadable(let file, _) = error else {
            Issue.record("expected unreadable, got \(error)")
            return
        }
        #expect(file == "/p/storyboard.json")
        #expect(error.userMessage.contains("storyboard.json.bak"))
    }

    @Test func garbageIsUnreadable() {
        guard case .unreadable = decodeError("not json {") else {
            Issue.record("expected unreadable")
            return
        }
    }

    @Test func newerFormatIsRefusedBeforeAnythingElse() throws {
        let text = try json {
            $0["formatVersion"] = 99; $0["shots"] = "not even a list"
        }
        #expect(decodeError(text) == .newerFormat(file: "/p/storyboard.json", found: 99))
        #expect(decodeError(text)?.userMessage.contains("newer Kinora") == true)
    }

    @Test func wrongTypeNamesTheJSONPath() throws {
        let error = try #require(decodeError(try editShot("seed", "many")))
        #expect(error.userMessage.contains("$.shots[0].seed"), "\(error.userMessage)")
    }

    @Test func missingKeyNamesTheJSONPath() throws {
        let text = try json { object in
            var shots = object["shots"] as? [[String: Any]] ?? []
            shots[1].removeValue(forKey: "duration")
            object["shots"] = shots
        }
        #expect(decodeError(text)?.userMessage.contains("$.shots[1].duration: is missing") == true)
    }

    @Test func badValuesAreAllReported() throws {
        let text = try json { object in
            var shots = object["shots"] as? [[String: Any]] ?? []
            shots[0]["duration"] = -2
            shots[1]["chosenTake"] = "t9"
            object["shots"] = shots
        }
        let message = try #require(decodeError(text)).userMessage
        #expect(message.contains("$.shots[0].duration: must be more than 0 seconds"))
        #expect(message.contains("$.shots[1].chosenTake: t9 is not one of this shot's takes"))
    }

    @Test(arguments: ["../outside.mp4", "/etc/passwd", "takes/../../x.mp4", "takes//t1.mp4", "assets/t1.mp4"])
    func takePathsMustStayInsideTakes(path: String) throws {
        let text = try json { object in
            var shots = object["shots"] as? [[String: Any]] ?? []
            var takes = shots[0]["takes"] as? [[String: Any]] ?? []
            takes[0]["output"] = path
            shots[0]["takes"] = takes
            object["shots"] = shots
        }
        #expect(decodeError(text)?.userMessage.contains("$.shots[0].takes[0].output") == true)
    }

    @Test func duplicateAndReusedIDsAreRefused() throws {
        let text = try json { object in
            var shots = object["shots"] as? [[String: Any]] ?? []
            shots[1]["id"] = "s1"
            object["shots"] = shots
            object["nextShotNumber"] = 1
        }
        let message = try #require(decodeError(text)).userMessage
        #expect(message.contains("used by two shots"))
        #expect(message.contains("not below nextShotNumber"))
    }

    @Test func modeMustMatchSource() throws {
        let message = try #require(decodeError(try editShot("mode", "image-to-video"))).userMessage
        #expect(message.contains("image-to-video needs an image source"))
    }
}
