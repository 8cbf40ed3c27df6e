import Foundation

/// The model's schema, read from the API once per backend (per run of Kinora) however many takes ask
/// for it at once.
actor ReplicateSchemaCache {
    private var loading: Task<ReplicateSchema?, Error>?

    /// A cache that has read nothing yet.
    init() {}

    /// The schema, read with `load` the first time; a failed read is tried again by the next take.
    func schema(_ load: @escaping @Sendable () async throws -> ReplicateSchema?) async throws
        -> ReplicateSchema?
    {
        if let loading { return try await loading.value }
        let task = Task { try await load() }
        loading = task
        do {
            return try await task.value
        } catch {
            loading = nil
            throw error
        }
    }
}
