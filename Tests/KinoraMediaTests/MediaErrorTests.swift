import Foundation
import KinoraCore
import Testing

@testable import KinoraMedia

/// Every failure gives a ``MediaError`` that names the file and says what to do.
@Suite struct MediaErrorTests {
    /// A text file named `.png` is unreadable, and the message names it.
    @Test func textFileNamedPNGIsUnreadable() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let fake = scratch.file("notes.png")
        try Data("this is not a picture\n".utf8).write(to: fake)
        for attempt in [
            { _ = try MediaProbe.probe(fake) },
            { _ = try FrameDecoder.decodeImage(url: fake, size: PixelSize(width: 8, height: 8)) },
        ] {
            let error = try #require(throws: MediaError.self) { try attempt() }
            guard case .unreadable(let path, let reason) = error else {
                Issue.record("expected unreadable, got \(error)")
                continue
            }
            #expect(path == fake.path)
            #expect(!reason.isEmpty)
            #expect(error.userMessage.contains(fake.path))
            #expect(error.userMessage.contains("Cannot read"))
            #expect(!error.userMessage.contains(".."))
            #expect(error.isUserError)
        }
    }

    /// A zero-byte file is reported as empty before ffmpeg is asked.
    @Test func zeroByteFileIsEmpty() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let empty = scratch.file("empty.mp4")
        try Data().write(to: empty)
        #expect(throws: MediaError.emptyFile(path: empty.path)) { try MediaProbe.probe(empty) }
        #expect(throws: MediaError.emptyFile(path: empty.path)) {
            try FrameReader(url: empty, size: PixelSize(width: 8, height: 8))
        }
        #expect(MediaError.emptyFile(path: empty.path).userMessage.contains(empty.path))
    }

    /// A path with no file is reported as missing.
    @Test func missingFileIsReported() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/kinora/shot.mov")
        #expect(throws: MediaError.fileMissing(path: missing.path)) { try MediaProbe.probe(missing) }
        #expect(throws: MediaError.fileMissing(path: missing.path)) {
            try FrameDecoder.grabFrame(url: missing, at: 1, size: PixelSize(width: 8, height: 8))
        }
        #expect(
            MediaError.fileMissing(path: missing.path).userMessage.contains("/nonexistent/kinora/shot.mov"))
    }

    /// A folder is not mistaken for a media file.
    @Test func folderIsNotAMediaFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let error = try #require(throws: MediaError.self) { try MediaProbe.probe(scratch.directory) }
        #expect(error == .unreadable(path: scratch.directory.path, reason: "it is a folder, not a file"))
    }

    /// Reading frames from a sound file says it has no picture.
    @Test func audioOnlyFileHasNoVideo() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let audio = scratch.file("tone.wav")
        try scratch.ffmpeg(["-f", "lavfi", "-i", "sine=duration=0.2", audio.path])
        #expect(throws: MediaError.noVideo(path: audio.path)) {
            try FrameReader(url: audio, size: PixelSize(width: 8, height: 8))
        }
    }

    /// `KINORA_FFMPEG` pointing nowhere gives toolMissing with the install hint.
    @Test func missingToolOverrideGivesInstallHint() throws {
        let environment = ["KINORA_FFMPEG": "/nonexistent/bin/ffmpeg", "PATH": "/usr/bin:/bin"]
        #expect(FFmpegTools.locate(.ffmpeg, environment: environment) == nil)
        let error = try #require(throws: MediaError.self) {
            try FFmpegTools.require(.ffmpeg, environment: environment)
        }
        #expect(error == .toolMissing(tool: .ffmpeg, configuredPath: "/nonexistent/bin/ffmpeg"))
        #expect(error.userMessage.contains("sudo apt-get install ffmpeg"))
        #expect(error.userMessage.contains("KINORA_FFMPEG"))
        #expect(error.userMessage.contains("/nonexistent/bin/ffmpeg"))
        #expect(error.isUserError)

        let bare = MediaError.toolMissing(tool: .ffprobe, configuredPath: nil)
        #expect(bare.userMessage.hasPrefix("ffprobe is not installed or not on PATH."))
        #expect(FFmpegTools.locate(.ffprobe, environment: ["PATH": "/nonexistent"]) == nil)
        #expect(FFmpegTools.version(of: .ffmpeg, environment: environment) == nil)
    }

    /// `KINORA_FFMPEG` pointing at a real ffmpeg is used, whatever `PATH` says.
    @Test func toolOverrideIsHonoured() throws {
        let real = try #require(FFmpegTools.locate(.ffmpeg))
        let environment = ["KINORA_FFMPEG": real.path, "PATH": "/nonexistent"]
        #expect(FFmpegTools.locate(.ffmpeg, environment: environment) == real)
    }

    /// Odd sizes (yuv420p), bad CRFs and wrongly sized frames are refused.
    @Test func writerRejectsOddAndMismatchedSizes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let out = scratch.file("odd.mp4")
        let error = try #require(throws: MediaError.self) {
            try FrameWriter(url: out, size: PixelSize(width: 161, height: 120), fps: 24)
        }
        guard case .badSize = error else {
            Issue.record("expected badSize, got \(error)")
            return
        }
        #expect(error.userMessage.contains("even"))
        #expect(error.userMessage.contains(out.path))
        #expect(!FileManager.default.fileExists(atPath: out.path))

        #expect(throws: MediaError.self) {
            try FrameWriter(url: out, size: PixelSize(width: 16, height: 16), fps: 24, crf: 99)
        }
        let writer = try FrameWriter(url: out, size: PixelSize(width: 16, height: 16), fps: 24)
        #expect(
            throws: MediaError.frameSizeMismatch(
                path: out.path, expected: PixelSize(width: 16, height: 16),
                actual: PixelSize(width: 8, height: 8))
        ) {
            try writer.write(RGBFrame(width: 8, height: 8))
        }
        writer.cancel()
    }

    /// Cancelling a writer kills ffmpeg and deletes the partial file.
    @Test func cancelLeavesNoFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let out = scratch.file("cancelled.mp4")
        let writer = try FrameWriter(url: out, size: PixelSize(width: 64, height: 48), fps: 24)
        for shade in 0..<30 {
            try writer.write(
                RGBFrame(width: 64, height: 48, fill: RGB(red: UInt8(shade * 8), green: 0, blue: 0)))
        }
        writer.cancel()
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(throws: MediaError.cancelled(path: out.path)) {
            try writer.write(RGBFrame(width: 64, height: 48))
        }
        #expect(throws: MediaError.cancelled(path: out.path)) { try writer.finish() }
    }

    /// Cancelling from another thread stops a writer that is busy writing.
    @Test func cancelFromAnotherThreadStopsABusyWriter() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let out = scratch.file("busy.mp4")
        let size = PixelSize(width: 640, height: 360)
        let writer = try FrameWriter(url: out, size: size, fps: 24, preset: "medium")
        let canceller = Thread {
            Thread.sleep(forTimeInterval: 0.2)
            writer.cancel()
        }
        canceller.start()
        var frame = RGBFrame(width: size.width, height: size.height)
        let error = try #require(throws: MediaError.self) {
            for index in 0..<1_000_000 {
                frame[index % size.width, 0] = RGB(red: 255, green: 255, blue: 255)
                try writer.write(frame)
            }
        }
        #expect(error == .cancelled(path: out.path))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// A writer whose folder does not exist reports ffmpeg's reason and names the file.
    @Test func writerIntoMissingFolderFails() throws {
        let out = URL(fileURLWithPath: "/nonexistent/kinora/take.mp4")
        let writer = try FrameWriter(url: out, size: PixelSize(width: 16, height: 16), fps: 24)
        let error = try #require(throws: MediaError.self) {
            for _ in 0..<100 { try writer.write(RGBFrame(width: 16, height: 16)) }
            try writer.finish()
        }
        guard case .encodeFailed(let path, let reason) = error else {
            Issue.record("expected encodeFailed, got \(error)")
            return
        }
        #expect(path == out.path)
        #expect(reason.contains("No such file or directory"))
        #expect(error.userMessage.hasPrefix("Could not write /nonexistent/kinora/take.mp4: "))
    }

    /// Finishing a writer that got no frames fails and leaves no file.
    @Test func finishingWithoutFramesFails() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let out = scratch.file("nothing.mp4")
        let writer = try FrameWriter(url: out, size: PixelSize(width: 16, height: 16), fps: 24)
        #expect(throws: MediaError.encodeFailed(path: out.path, reason: "no frames were written")) {
            try writer.finish()
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// Asking for a frame past the end says how long the video is.
    @Test func grabbingPastTheEndSaysHowLongTheVideoIs() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let source = try scratch.testVideo()
        let error = try #require(throws: MediaError.self) {
            try FrameDecoder.grabFrame(url: source, at: 9, size: PixelSize(width: 8, height: 8))
        }
        #expect(error.userMessage.contains("at 9 s (it is 2 s long)"))
    }

    /// Empty sizes, negative times and infinite rates are refused up front.
    @Test func badParametersAreRejected() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let source = try scratch.testImage()
        #expect(throws: MediaError.self) {
            try FrameReader(url: source, size: PixelSize(width: 0, height: 10))
        }
        #expect(throws: MediaError.self) {
            try FrameReader(url: source, size: PixelSize(width: 10, height: 10), start: -1)
        }
        #expect(throws: MediaError.self) {
            try FrameReader(url: source, size: PixelSize(width: 10, height: 10), fps: .infinity)
        }
    }

    /// Control characters from paths and ffmpeg never reach the terminal raw.
    @Test func messagesAreSanitised() {
        let error = MediaError.unreadable(path: "/tmp/evil\u{1B}[2J.png", reason: "bad\u{7}data")
        #expect(!error.userMessage.contains("\u{1B}"))
        #expect(!error.userMessage.contains("\u{7}"))
        #expect(error.userMessage.contains("^["))
    }

    /// The specific ffmpeg complaint is preferred over the generic last line.
    @Test func diagnosticsPickTheSpecificLine() {
        let stderr = """
            [png @ 0x55d0c0ffee00] Invalid PNG signature 0x00000000.
            file:/tmp/x.png: Invalid data found when processing input

            """
        #expect(
            FFmpegDiagnostics.reason(from: stderr, inputPath: "/tmp/x.png")
                == "png: Invalid PNG signature 0x00000000.")
        #expect(
            FFmpegDiagnostics.reason(
                from: "file:/tmp/x.png: Invalid data found when processing input\n", inputPath: "/tmp/x.png")
                == "Invalid data found when processing input")
        #expect(FFmpegDiagnostics.reason(from: "\n\n") == nil)
        #expect(
            FFmpegDiagnostics.reason(from: "", status: .signaled(9), tool: .ffmpeg)
                == "ffmpeg ended with killed by signal 9")
    }
}
