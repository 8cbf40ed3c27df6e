import Foundation
import KinoraCore

/// Reads back a video ffmpeg has just said it finished, before it is renamed into place: ffmpeg can
/// exit with status 0 having failed to write the end of the file (its index, its last frames), and
/// such a file must never appear under the name asked for.
///
/// The file must open, hold the frames expected (counted from its packets, which reads the whole file
/// without decoding it), last as long, and its last frames must decode without an error. Animated WebP,
/// which this ffmpeg cannot decode, is checked from its RIFF structure instead: every chunk whole, and
/// its frames' durations adding up to the film's.
struct WrittenVideoCheck {
    /// The file written (still under its temporary name).
    let url: URL
    /// ffmpeg's muxer name: `mp4`, `mov`, `matroska`, `gif`, `webp`.
    let container: String
    /// Frames the file should hold.
    let frames: Int
    /// Its frame rate.
    let framesPerSecond: Double

    /// ffprobe's answer about the first video stream and the container.
    private struct Report: Decodable {
        struct Stream: Decodable {
            var nbReadPackets: String?
            var duration: String?
        }
        struct Format: Decodable {
            var duration: String?
        }
        var streams: [Stream]?
        var format: Format?
    }

    /// What is wrong with the file, in words for a message ("it holds 120 of its 144 frames"); `nil`
    /// when it is complete.
    func problem() -> String? {
        if container == "webp" { return webPProblem() }
        let output: Subprocess.Output
        do {
            output = try FFmpegTools.run(
                .ffprobe,
                arguments: [
                    "-v", "error", "-hide_banner", "-count_packets", "-select_streams", "v:0",
                    "-show_entries", "stream=nb_read_packets,duration:format=duration", "-of", "json",
                    InputFile.ffmpegArgument(url),
                ])
        } catch {
            return "it could not be read back (\((error as? UserFacingError)?.userMessage ?? "\(error)"))"
        }
        let reason = FFmpegDiagnostics.reason(from: output.stderr, inputPath: url.path)
        guard output.status.isSuccess else {
            return "it cannot be read back (\(reason ?? "ffprobe ended with \(output.status)"))"
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let report = try? decoder.decode(Report.self, from: Data(output.stdout)),
            let stream = report.streams?.first, let packets = stream.nbReadPackets.flatMap({ Int($0) })
        else { return "it holds no readable video (\(reason ?? "no video stream"))" }
        let frameSlack = container == "gif" ? max(2, frames / 50) : 1
        if abs(packets - frames) > frameSlack {
            return "it holds \(packets) of its \(frames) frames"
        }
        let expected = Double(frames) / framesPerSecond
        let duration = (stream.duration ?? report.format?.duration).flatMap(Double.init)
        if let duration, abs(duration - expected) > 2 / framesPerSecond + 0.05 {
            return "it lasts \(MediaError.seconds(duration)) instead of \(MediaError.seconds(expected))"
        }
        return lastFramesProblem()
    }

    /// Decodes the last second (from the keyframe before it): any error, or no frame, is a problem.
    private func lastFramesProblem() -> String? {
        let output: Subprocess.Output
        do {
            output = try FFmpegTools.run(
                .ffmpeg,
                arguments: [
                    "-nostdin", "-hide_banner", "-v", "error", "-sseof", "-1", "-i",
                    InputFile.ffmpegArgument(url),
                    "-map", "0:v:0", "-f", "framecrc", "pipe:1",
                ])
        } catch {
            return
                "its last frames could not be decoded (\((error as? UserFacingError)?.userMessage ?? "\(error)"))"
        }
        let decoded = String(decoding: output.stdout, as: UTF8.self).split(separator: "\n")
            .filter { !$0.hasPrefix("#") }.count
        let reason = FFmpegDiagnostics.reason(from: output.stderr, inputPath: url.path)
        guard output.status.isSuccess, reason == nil, decoded > 0 else {
            return "its last frames do not decode (\(reason ?? "no frame came out"))"
        }
        return nil
    }

    /// An animated WebP's chunks, walked to the end of the file.
    private func webPProblem() -> String? {
        guard let data = try? Data(contentsOf: url), data.count >= 12 else {
            return "it is empty or unreadable"
        }
        let bytes = [UInt8](data)
        func word(_ offset: Int) -> Int {
            Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16
                | Int(bytes[offset + 3]) << 24
        }
        guard bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WEBP".utf8) else {
            return "it is not a WebP file"
        }
        guard word(4) + 8 == bytes.count else {
            return "it is cut short (\(bytes.count) of \(word(4) + 8) bytes)"
        }
        var offset = 12
        var milliseconds = 0
        var frameCount = 0
        while offset + 8 <= bytes.count {
            let size = word(offset + 4)
            let body = offset + 8
            guard body + size <= bytes.count else { return "its last chunk is cut short" }
            if bytes[offset..<offset + 4].elementsEqual("ANMF".utf8), size >= 16 {
                // ANMF: x, y, width-1, height-1 (24 bits each), then the frame's duration in ms.
                milliseconds +=
                    Int(bytes[body + 12]) | Int(bytes[body + 13]) << 8 | Int(bytes[body + 14]) << 16
                frameCount += 1
            }
            offset = body + size + (size & 1)
        }
        guard offset == bytes.count, frameCount > 0 else { return "its frames are incomplete" }
        let expected = Double(frames) / framesPerSecond * 1000
        if abs(Double(milliseconds) - expected) > 2000 / framesPerSecond + 50 {
            return "it lasts \(MediaError.seconds(Double(milliseconds) / 1000)) instead of "
                + MediaError.seconds(expected / 1000)
        }
        return nil
    }
}
