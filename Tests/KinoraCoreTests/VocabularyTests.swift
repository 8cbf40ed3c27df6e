import Foundation
import Testing

@testable import KinoraCore

/// The words every module shares: export formats, missing-take policies, the user's config folder,
/// job identities.
@Suite struct VocabularyTests {
    @Test func everyFormatHasAnExtensionThatNamesItAndASummary() {
        for format in ExportFormat.allCases {
            #expect(ExportFormat(fileExtension: format.fileExtension.uppercased()) == format)
            #expect(!format.summary.isEmpty)
        }
        #expect(ExportFormat(fileExtension: "doc") == nil)
        #expect(ExportFormat.names.hasPrefix("mp4, mov"))
    }

    @Test func everyPolicyHasASummary() {
        #expect(MissingTakePolicy.allCases.map(\.rawValue) == ["slate", "skip", "stop"])
        #expect(MissingTakePolicy.allCases.allSatisfy { !$0.summary.isEmpty })
    }

    @Test func theConfigFolderFollowsXDGWhenAbsoluteElseHome() {
        #expect(
            UserConfigFolder.url(environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/h"]).path == "/cfg/kinora"
        )
        #expect(
            UserConfigFolder.url(environment: ["XDG_CONFIG_HOME": "rel", "HOME": "/h"]).path
                == "/h/.config/kinora")
        #expect(UserConfigFolder.url(environment: ["HOME": "/h"]).path == "/h/.config/kinora")
    }

    @Test func aJobSaysWhatItMakes() {
        let take = JobIdentity.take(shot: ShotID(serial: 3), take: TakeID(serial: 2))
        #expect(take.description == "s3 t2")
        #expect(take.shot == ShotID(serial: 3))
        let export = JobIdentity.export(serial: 1, file: "film.mp4")
        #expect(export.description == "export film.mp4")
        #expect(export.shot == nil)
        #expect(export != JobIdentity.export(serial: 2, file: "film.mp4"))
    }
}
