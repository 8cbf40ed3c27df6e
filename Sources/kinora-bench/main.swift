import Foundation

// The release benchmark harness: each row measures Kinora and the tool a user would otherwise use,
// side by side in one run, and prints the ratio. `make bench` runs it from the repository's top;
// `kinora-bench media preview playback export engine studio` names the groups to run (default: all).
let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("kinora-bench-\(getpid())")
let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    .deletingLastPathComponent()
let still = URL(
    fileURLWithPath:
        "Projects/launch/assets/3a19c5dd8a927a9334bb1229a6d63711b1c0c767fb27e2286e7c84a3e2c2f5f4.jpg")
if CommandLine.arguments.count >= 4 && CommandLine.arguments[1] == "studio-session" {
    do {
        try await StudioSession.run(
            folder: URL(fileURLWithPath: CommandLine.arguments[2]),
            result: URL(fileURLWithPath: CommandLine.arguments[3]),
            sixel: CommandLine.arguments.count > 4 && CommandLine.arguments[4] == "sixel")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("kinora-bench studio-session: \(error)\n".utf8))
        exit(2)
    }
}
do {
    try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: workspace) }
    var table = BenchTable()
    let groups = Set(CommandLine.arguments.dropFirst())
    let wanted = { (group: String) in groups.isEmpty || groups.contains(group) }
    if wanted("media") { try MediaBenchmarks(workspace: workspace).run(into: &table) }
    if wanted("preview") { try PreviewBenchmarks(workspace: workspace).run(into: &table) }
    if wanted("playback") {
        try await PlaybackBenchmarks(workspace: workspace, still: still).run(into: &table)
    }
    if wanted("export") { try ExportBenchmarks(workspace: workspace).run(into: &table) }
    if wanted("engine") {
        try await EngineBenchmarks(
            workspace: workspace, still: still, kinora: here.appendingPathComponent("kinora")
        )
        .run(into: &table)
    }
    if wanted("studio") {
        try StudioBenchmarks(
            workspace: workspace, still: still, bench: here.appendingPathComponent("kinora-bench"),
            kinora: here.appendingPathComponent("kinora")
        ).run(into: &table)
    }
    table.print()
} catch {
    FileHandle.standardError.write(Data("kinora-bench: \(error)\n".utf8))
    exit(2)
}
