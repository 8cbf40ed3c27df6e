import Foundation
import Testing

@testable import KinoraCore

/// The writer's lock cannot be taken from under it: deleting `.kinora.lock` lets no second writer in,
/// the holder makes the file again before its next save, and a new lock held by someone else stops it.
/// Readers write nothing.
@Suite struct ProjectLockTests {
    private func makeStore(_ project: Project? = nil) throws -> (URL, ProjectStore) {
        let folder = try Fixtures.temporaryFolder().appendingPathComponent("film")
        return (folder, try ProjectStore.create(at: folder, project: try project ?? Fixtures.project()))
    }

    private func remove(_ folder: URL) {
        try? FileManager.default.removeItem(at: folder.deletingLastPathComponent())
    }

    @Test func deletingTheLockFileLetsNoSecondWriterIn() throws {
        let (folder, store) = try makeStore()
        defer { remove(folder) }
        defer { store.close() }
        let lockFile = folder.appendingPathComponent(ProjectLayout.lockFile)
        try FileManager.default.removeItem(at: lockFile)
        let error = #expect(throws: StoryboardError.self) { try ProjectStore(opening: folder, lockWait: 0.1) }
        guard case .locked(_, let holder) = error else {
            Issue.record("expected locked, got \(String(describing: error))")
            return
        }
        // The file is gone, so the kernel's lock table names the holder.
        #expect(holder.contains("pid \(getpid())"), "\(holder)")
        #expect(!FileManager.default.fileExists(atPath: lockFile.path), "the refused writer touched nothing")
        try store.update { $0.title = "Still mine" }
        #expect(try String(contentsOf: lockFile, encoding: .utf8).contains("pid \(getpid())"))
        #expect(try ProjectStore(opening: folder, readOnly: true).project.title == "Still mine")
    }

    @Test func aNewLockHeldByAnotherStopsTheSave() throws {
        let (folder, store) = try makeStore()
        defer { remove(folder) }
        defer { store.close() }
        let lockFile = folder.appendingPathComponent(ProjectLayout.lockFile)
        try FileManager.default.removeItem(at: lockFile)
        // A Kinora that knows only the file takes a new one (a separate open file, so a separate lock).
        let other = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(other >= 0 && flock(other, LOCK_EX | LOCK_NB) == 0)
        _ = "pid 4242 on elsewhere\n".withCString { write(other, $0, strlen($0)) }
        let before = try Data(contentsOf: store.storyboardURL)
        let error = #expect(throws: StoryboardError.self) { try store.update { $0.title = "Lost" } }
        guard case .lockLost(_, let reason) = error else {
            Issue.record("expected lockLost, got \(String(describing: error))")
            close(other)
            return
        }
        #expect(reason.contains("pid 4242 on elsewhere"), "\(reason)")
        #expect(error?.userMessage.contains("saved nothing more") == true)
        #expect(try Data(contentsOf: store.storyboardURL) == before)
        close(other)
        // Once the other lets go, the file is taken again and saves go on.
        try store.update { $0.title = "Mine again" }
        #expect(try ProjectStore(opening: folder, readOnly: true).project.title == "Mine again")
    }

    @Test func theLockTableNamesTheHolderOfAFileWhoseNameIsGone() {
        let table = """
            1: POSIX  ADVISORY  WRITE 17 fe:00:99 0 EOF
            2: FLOCK  ADVISORY  WRITE 4242 fe:01:123456 0 EOF
            2: -> FLOCK  ADVISORY  WRITE 5151 fe:01:123456 0 EOF
            3: FLOCK  ADVISORY  READ 6161 00:2a:77 0 EOF
            """
        let device = dev_t((0xfe << 8) | 0x01)
        #expect(LockTable.holder(device: device, inode: 123_456, table: table) == 4242)
        #expect(LockTable.holder(device: device, inode: 99, table: table) == nil)
        #expect(LockTable.holder(device: dev_t(0x2a), inode: 77, table: table) == nil)
    }

    @Test func readersWriteNothingAndShowLeftoverTakesAsInterrupted() throws {
        var project = try Fixtures.project()
        project.shots[0].takes[0].status = .running
        let (folder, store) = try makeStore(project)
        defer { remove(folder) }
        // While the writer holds the project, its running take is running.
        #expect(
            try ProjectStore(opening: folder, readOnly: true).project.shots[0].takes[0].status == .running)
        store.close()
        let bytes = try Data(contentsOf: store.storyboardURL)
        let listing = try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted()
        let reader = try ProjectStore(opening: folder, readOnly: true)
        #expect(reader.project.shots[0].takes[0].status == .interrupted)
        #expect(try Data(contentsOf: store.storyboardURL) == bytes)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted() == listing)
        // A writer records it with its first save.
        let writer = try ProjectStore(opening: folder)
        defer { writer.close() }
        try writer.update { $0.title = "Next" }
        let file = try StoryboardCodec.decode(Data(contentsOf: writer.storyboardURL), file: "storyboard.json")
        #expect(file.shots[0].takes[0].status == .interrupted)
    }
}
