import KinoraCore

/// The job panel's rules: which rows it keeps and in what order. Running jobs first, then waiting ones
/// (both oldest first), then the finished, newest first, so what is going on stays in view in a small
/// panel; finished rows beyond ``finishedLimit`` are let go.
enum JobPanel {
    /// The most finished jobs kept.
    static let finishedLimit = 50

    /// `rows` in the panel's order, given when each job arrived, with old finished rows dropped.
    static func ordered(_ rows: [JobRow], arrival: [JobIdentity: Int]) -> [JobRow] {
        func rank(_ row: JobRow) -> Int {
            switch row.state {
            case .running: 0
            case .waiting: 1
            default: 2
            }
        }
        let sorted = rows.sorted { first, second in
            let (a, b) = (rank(first), rank(second))
            if a != b { return a < b }
            let (firstArrival, secondArrival) = (arrival[first.id] ?? 0, arrival[second.id] ?? 0)
            return a == 2 ? firstArrival > secondArrival : firstArrival < secondArrival
        }
        let active = sorted.prefix { $0.isActive }
        return Array(active) + sorted.dropFirst(active.count).prefix(finishedLimit)
    }
}

extension Studio {
    /// Takes a job's new row: a failure is said in the status line, the panel is put in order, and the
    /// same job stays selected as rows move.
    mutating func recordJob(_ row: JobRow) {
        let earlier = jobs.firstIndex { $0.id == row.id }
        if case .failed(let reason) = row.state, earlier.map({ jobs[$0].state }) != row.state {
            status = StatusMessage(text: "\(row.label) failed: \(reason)", kind: .error)
        }
        let selectedID = jobs.indices.contains(jobSelection) ? jobs[jobSelection].id : nil
        if let earlier {
            jobs[earlier] = row
        } else {
            jobsSeen += 1
            jobArrival[row.id] = jobsSeen
            jobs.append(row)
        }
        jobs = JobPanel.ordered(jobs, arrival: jobArrival)
        if jobArrival.count > jobs.count * 2 + JobPanel.finishedLimit {
            // Forget rows the panel let go, so the table does not grow for ever.
            let kept = Set(jobs.map(\.id))
            jobArrival = jobArrival.filter { kept.contains($0.key) }
        }
        // In the panel the highlighted job stays highlighted as rows move; elsewhere the highlight
        // rests on the top row, the job most worth cancelling.
        jobSelection =
            focus == .jobs
            ? jobs.firstIndex { $0.id == selectedID } ?? min(jobSelection, max(0, jobs.count - 1)) : 0
    }
}
