import Foundation

/// A flag one thread sets and another polls: a task's cancellation handler asking a render loop to stop.
public final class AtomicFlag: @unchecked Sendable {
    // Guarded by `lock`; the flag is shared between the thread that sets it and the one that polls it.
    private let lock = NSLock()
    private var value = false

    /// A flag not yet set.
    public init() {}

    /// Sets the flag; it stays set.
    public func set() { lock.withLock { value = true } }

    /// Whether the flag was set.
    public var isSet: Bool { lock.withLock { value } }
}

/// Runs blocking work (pipes to ffmpeg, CPU kernels) on a thread of its own, so it never ties up the
/// cooperative pool that the UI and other jobs share; task cancellation sets the work's flag.
enum BlockingWork {
    /// The value `body` returns on its own thread, or its error.
    static func run<Value: Sendable>(_ body: @escaping @Sendable (_ cancelled: AtomicFlag) throws -> Value)
        async throws
        -> Value
    {
        let flag = AtomicFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    continuation.resume(with: Result { try body(flag) })
                }
                thread.stackSize = 1 << 22
                thread.start()
            }
        } onCancel: {
            flag.set()
        }
    }
}
