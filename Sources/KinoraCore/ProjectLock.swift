import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps a second writer out of a project folder.
///
/// An advisory `flock` on `.kinora.lock`: the kernel drops it when the holder exits, even by SIGKILL, so
/// a crash never leaves a project locked. The file names the holder (pid and host) for the message.
final class ProjectLock {
    private var descriptor: Int32

    /// Takes the lock on `folder`, retrying until `wait` seconds have passed; throws `.locked` naming the
    /// holder when another process keeps it.
    init(folder: URL, wait: Double) throws {
        let path = folder.appendingPathComponent(ProjectLayout.lockFile).path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoryboardError.saveFailed(
                file: path, reason: "could not take the lock (\(String(cString: strerror(errno))))")
        }
        let deadline = Date().addingTimeInterval(wait)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                let holder = ProjectLock.describeHolder(descriptor)
                close(descriptor)
                throw StoryboardError.locked(folder: folder.path, holder: holder)
            }
            usleep(20_000)
        }
        self.descriptor = descriptor
        let holder = "pid \(getpid()) on \(ProcessInfo.processInfo.hostName)\n"
        ftruncate(descriptor, 0)
        _ = holder.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    /// Gives the lock up; further calls do nothing.
    func release() {
        guard descriptor >= 0 else { return }
        ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    private static func describeHolder(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "another process" : trimmed
    }
}
