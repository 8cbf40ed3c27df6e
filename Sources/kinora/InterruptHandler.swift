import Dispatch
import Foundation

/// Turns Ctrl-C (SIGINT) and SIGTERM into a call, so long runs can cancel their jobs cleanly, record
/// the takes as cancelled and restore the terminal, instead of dying mid-write. The call is told which
/// signal came: Ctrl-C is the person cancelling, SIGTERM the system stopping Kinora.
final class InterruptHandler: @unchecked Sendable {
    // Guarded by `lock`: signal sources fire on a dispatch queue, readers are on the main task.
    private let lock = NSLock()
    private var sources: [DispatchSourceSignal] = []
    private var didFire = false

    /// Starts catching the signals; `action` runs on the first one, with its number.
    init(_ action: @escaping @Sendable (Int32) -> Void) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                let first = self.lock.withLock {
                    defer { self.didFire = true }
                    return !self.didFire
                }
                if first { action(number) }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Whether a signal arrived.
    var fired: Bool { lock.withLock { didFire } }

    /// Stops catching; the signals act as usual again.
    func stop() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
