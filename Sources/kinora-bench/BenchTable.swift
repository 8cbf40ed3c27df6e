import Foundation

/// One measured comparison.
struct BenchRow {
    /// What was measured.
    var name: String
    /// The unit of both measurements ("frames/s", "s").
    var unit: String
    /// Kinora's result.
    var kinora: Double
    /// The reference tool's result.
    var reference: Double
    /// The reference tool, as a user would run it.
    var referenceName: String
    /// Whether a bigger number is better (rates) or worse (times).
    var higherIsBetter: Bool
    /// The target, as a ratio where above 1 favours Kinora, if the issue names one.
    var target: Double?
    /// A target on Kinora's own number instead (≥ for rates, ≤ for sizes and times), if the issue names one.
    var absoluteTarget: Double?

    /// Kinora against the reference, oriented so that above 1 means Kinora is better.
    var ratio: Double { higherIsBetter ? kinora / reference : reference / kinora }
}

/// Collects rows and prints them as an aligned table.
struct BenchTable {
    private var rows: [BenchRow] = []

    /// Adds a row and prints it at once, so a long run shows progress.
    mutating func add(_ row: BenchRow) {
        rows.append(row)
        FileHandle.standardError.write(Data("measured: \(row.name)\n".utf8))
    }

    /// Prints every row with its ratio and whether it meets its target.
    func print() {
        let header = ["benchmark", "kinora", "reference", "ratio", "target", "reference tool"]
        let lines = rows.map { row -> [String] in
            let verdict =
                row.target.map {
                    row.ratio >= $0 ? String(format: "≥%.2fx ok", $0) : String(format: "≥%.2fx MISSED", $0)
                }
                ?? row.absoluteTarget.map { limit in
                    let sign = row.higherIsBetter ? "≥" : "≤"
                    let met = row.higherIsBetter ? row.kinora >= limit : row.kinora <= limit
                    return String(format: "%@%.0f %@ %@", sign, limit, row.unit, met ? "ok" : "MISSED")
                }
            return [
                row.name, String(format: "%.2f %@", row.kinora, row.unit),
                String(format: "%.2f %@", row.reference, row.unit),
                String(format: "%.2fx", row.ratio), verdict ?? "-", row.referenceName,
            ]
        }
        let widths = header.indices.map { column in ([header] + lines).map { $0[column].count }.max() ?? 0 }
        for line in [header] + lines {
            Swift.print(
                line.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  "))
        }
        Swift.print("ratio: above 1 means Kinora is faster (or smaller) than the reference.")
    }
}

/// Wall-clock timing.
enum Stopwatch {
    /// Seconds `body` takes.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Seconds a command takes; its stdout is read through a pipe to the end when `drainOutput` (as a
    /// program consuming raw frames would), else discarded. Throws when it fails.
    static func time(command: [String], drainOutput: Bool = false) throws -> Double {
        try time {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command
            let pipe = Pipe()
            process.standardOutput = drainOutput ? pipe : FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if drainOutput {
                while let chunk = try pipe.fileHandleForReading.read(upToCount: 1 << 20), !chunk.isEmpty {}
            }
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw BenchError("\(command.joined(separator: " ")) exited \(process.terminationStatus)")
            }
        }
    }
}

/// A benchmark that could not run.
struct BenchError: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String
    init(_ description: String) { self.description = description }
}

/// What a command prints, measured.
enum CommandOutput {
    /// Bytes a command writes to stdout.
    static func size(_ command: [String]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var total = 0
        while let chunk = try pipe.fileHandleForReading.read(upToCount: 1 << 20), !chunk.isEmpty {
            total += chunk.count
        }
        process.waitUntilExit()
        return Double(total)
    }
}
