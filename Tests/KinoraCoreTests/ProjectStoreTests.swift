import Foundation
import Testing

@testable import KinoraCore

@Suite struct ProjectStoreTests {
    private func makeStore() throws -> (URL, ProjectStore) {
        let folder = try Fixtures.temporaryFolder().appendingPathComponent("film")
        let store = try ProjectStore.create(at: folder, project: try Fixtures.project())
        return (folder, store)
    }

    @Test func createMakesTheFolderLayout() throws {
        let (folder, store) = try makeStore()
        defer { store.close() }
        for name in ProjectLayout.folders + [ProjectLayout.storyboardFile] {
            #expect(
                FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "\(name)")
        }
        #expect(throws: StoryboardError.alreadyExists(folder: folder.path)) {
            try ProjectStore.create(at: folder, project: try Fixtures.project())
        }
    }

    @Test func saveKeepsThePreviousVersionAsBackup() throws {
        let (folder, store) = try makeStore()
        defer { store.close() }
        let before = try Data(contentsOf: store.storyboardURL)
        try store.update { $0.title = "Second" }
        let backup = try Data(contentsOf: folder.appendingPathComponent(ProjectLayout.backupFile))
        #expect(backup == before)
        store.close()
        #expect(try ProjectStore(opening: folder, readOnly: true).project.title == "Second")
    }

    @Test func aSecondWriterIsKeptOutButReadersAreNot() throws {
        let (folder, store) = try makeStore()
        defer { store.close() }
        let error = #expect(throws: StoryboardError.self) { try ProjectStore(opening: folder, lockWait: 0.1) }
        guard case .locked(_, let holder) = error else {
            Issue.record("expected locked, got \(String(describing: error))")
            return
        }
        #expect(holder.contains("pid \(getpid())"))
        let reader = try ProjectStore(opening: folder, readOnly: true)
        #expect(reader.project == store.project)
        #expect(throws: StoryboardError.openedReadOnly(folder: folder.path)) {
            try reader.save(reader.project)
        }
        store.close()
        let next = try ProjectStore(opening: folder, lockWait: 0)
        next.close()
    }

    @Test func anInvalidProjectIsNeverWritten() throws {
        let (_, store) = try makeStore()
        defer { store.close() }
        let before = try Data(contentsOf: store.storyboardURL)
        #expect(throws: StoryboardError.self) { try store.update { $0.shots[0].duration = 0 } }
        #expect(try Data(contentsOf: store.storyboardURL) == before)
        #expect(store.project.shots[0].duration == 4, "memory keeps the last saved state")
    }

    @Test func leftoversOfAnInterruptedSaveAreCleanedOnOpen() throws {
        let (folder, store) = try makeStore()
        store.close()
        let leftover = folder.appendingPathComponent(".storyboard.json.tmp.1.2")
        try Data("half".utf8).write(to: leftover)
        let reopened = try ProjectStore(opening: folder)
        defer { reopened.close() }
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
    }

    @Test func aSymlinkLeadingOutsideIsRefused() throws {
        let (folder, store) = try makeStore()
        store.close()
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("takes/s1"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("takes/s1/t1.mp4").path, withDestinationPath: "/etc/passwd")
        let error = #expect(throws: StoryboardError.self) {
            try ProjectStore(opening: folder, readOnly: true)
        }
        #expect(error?.userMessage.contains("leads outside the project folder") == true)
    }

    @Test func importedAssetsAreContentAddressedAndCopiedOnce() throws {
        let (folder, store) = try makeStore()
        defer { store.close() }
        let original = folder.deletingLastPathComponent().appendingPathComponent("Photo.PNG")
        try Data("pretend png".utf8).write(to: original)
        let first = try store.importAsset(original, kind: .image)
        let second = try store.importAsset(original, kind: .image)
        #expect(first == second)
        #expect(first.sha256 == ContentHash.sha256(of: Data("pretend png".utf8)))
        #expect(first.asset == "assets/\(first.sha256).png")
        #expect(try Data(contentsOf: store.url(for: first.asset)) == Data("pretend png".utf8))
        let assets = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("assets").path)
        #expect(assets == ["\(first.sha256).png"])
    }

    @Test func sha256MatchesAKnownVector() {
        #expect(
            ContentHash.sha256(of: Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
