import Foundation

// The release benchmark harness: each row measures Kinora and the tool a user would otherwise use,
// side by side in one run, and prints the ratio. `make bench` runs it.
let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("kinora-bench-\(getpid())")
do {
    try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: workspace) }
    var table = BenchTable()
    try MediaBenchmarks(workspace: workspace).run(into: &table)
    table.print()
} catch {
    FileHandle.standardError.write(Data("kinora-bench: \(error)\n".utf8))
    exit(2)
}
