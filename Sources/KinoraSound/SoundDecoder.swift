import Foundation
import KinoraMedia

/// Sound files decoded to what the player mixes: 32-bit float stereo at 48 kHz, through ffmpeg (any file
/// it reads with a sound stream; a video's sound included). Only the part asked for is decoded, so a
/// three-hour music file costs what the animatic plays of it.
public enum SoundDecoder {
    /// Why a file's sound could not be decoded.
    public struct Failure: Error, Sendable {
        /// What went wrong, naming the file.
        public var reason: String
    }

    /// `duration` seconds of `url`'s sound from `start`, as interleaved stereo floats at
    /// ``AudioPlayer/sampleRate`` (shorter when the file ends first; empty when it has no sound).
    ///
    /// - Throws: ``Failure`` when ffmpeg is missing or cannot read the file.
    public static func decode(_ url: URL, from start: Double, duration: Double) throws -> [Float] {
        guard duration > 0 else { return [] }
        let ffmpeg: URL
        do {
            ffmpeg = try FFmpegTools.require(.ffmpeg)
        } catch {
            throw Failure(reason: "ffmpeg is needed to play sound: \(error)")
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kinora-sound-\(UUID().uuidString).f32")
        defer { try? FileManager.default.removeItem(at: output) }
        let arguments = [
            ffmpeg.path, "-nostdin", "-v", "error", "-y", "-ss", String(max(0, start)), "-t",
            String(duration),
            "-i", url.path, "-vn", "-ac", "\(AudioPlayer.channels)", "-ar", "\(AudioPlayer.sampleRate)",
            "-f", "f32le", output.path,
        ]
        let child: ChildProcess
        do {
            child = try ChildProcess(arguments: arguments)
        } catch {
            throw Failure(reason: "ffmpeg could not be started for \(url.lastPathComponent): \(error)")
        }
        child.closeStandardInput()
        while (try? child.readLine()) ?? nil != nil {}
        let ending = child.wait()
        guard ending.isSuccess else {
            let tail = child.standardErrorTail.split(separator: "\n").last.map(String.init) ?? "\(ending)"
            // A file without a sound stream (a silent take) is no sound, not a failure.
            let said = child.standardErrorTail
            if said.contains("does not contain any stream") || said.contains("matches no streams") {
                return []
            }
            throw Failure(reason: "\(url.lastPathComponent) could not be read as sound: \(tail)")
        }
        guard let data = try? Data(contentsOf: output) else { return [] }
        return data.withUnsafeBytes { bytes in
            Array(bytes.bindMemory(to: Float.self))
        }
    }
}
