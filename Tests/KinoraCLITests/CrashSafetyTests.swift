import Foundation
import KinoraCore
import Testing

/// Kills a process mid-save, again and again, and finds the storyboard readable every time.
@Suite struct CrashSafetyTests {
    @Test func sigkillDuringSavesNeverCorruptsTheStoryboard() throws {
        let folder = try CLI.project(shots: 20)
        var generator = SystemRandomNumberGenerator()
        var titles = Set<String>()
        for _ in 0..<30 {
            let child = Process()
            child.executableURL = CLI.binary
            child.arguments = ["save-loop", folder.path]
            try child.run()
            usleep(UInt32.random(in: 20_000...120_000, using: &generator))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            #expect(child.terminationReason == .uncaughtSignal)
            let project = try CLI.storyboard(folder)
            #expect(project.shots.count == 20)
            titles.insert(project.title)
            // The kernel dropped the dead writer's lock: the next writer gets in at once.
            let store = try ProjectStore(opening: folder, lockWait: 0)
            store.close()
        }
        #expect(titles.count > 1, "the loop must really have been saving when it was killed")
    }
}
