import Foundation
import Testing

/// A film of many slates says so in a few lines.
@Suite struct ExportWarningTests {
    @Test func manySlatesAreSummedUpNotListedOneByOne() throws {
        let folder = try CLI.project(shots: 12)
        let output = folder.appendingPathComponent("exports/list.csv")
        let result = try CLI.run(["export", folder.path, "-o", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 6, "five warnings and a count: \(lines)")
        #expect(lines.filter { $0.contains("is a slate") }.count == 5)
        #expect(lines.last?.contains("and 7 more") == true)
        #expect(FileManager.default.fileExists(atPath: output.path))
    }
}
