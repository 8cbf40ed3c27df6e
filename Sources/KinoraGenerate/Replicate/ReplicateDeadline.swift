import Foundation

/// Runs a Replicate take against the backend's timeout.
enum ReplicateDeadline {
    /// Marks work that ran out of time.
    struct Exceeded: Error {}

    /// The value of `body`, or ``Exceeded`` when it takes longer than `seconds` (it is then cancelled and
    /// awaited).
    static func run<Value: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> Value)
        async throws -> Value
    {
        try await withThrowingTaskGroup(of: Value.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw Exceeded()
            }
            defer { group.cancelAll() }
            guard let value = try await group.next() else { throw Exceeded() }
            return value
        }
    }
}
