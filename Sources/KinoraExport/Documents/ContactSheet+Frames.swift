import Foundation
import KinoraCore
import KinoraMedia

extension ContactSheet {
    /// The frame documents show for a shot with a take: the one at the middle of the part of the take
    /// the film uses, at `size`, fitted or filled as the film conforms takes. The contact sheet and the
    /// PDF storyboard both print it, so a shot looks the same on both.
    ///
    /// `probes` keeps each take file's probe, so a take shared by several shots is probed once.
    ///
    /// - Throws: ``ExportError/unusableTake(shot:path:reason:)`` when the frame cannot be read.
    static func middleFrame(
        of segment: FilmSegment, in url: URL, plan: FilmPlan, size: PixelSize, probes: inout [URL: MediaInfo]
    ) throws -> RGBFrame {
        do {
            let info = try probes[url] ?? MediaProbe.probe(url)
            probes[url] = info
            let middle = segment.inPoint + plan.seconds(segment.frames) / 2
            let fit: FitMode = plan.conform == .fill ? .fill : .fit
            return try FrameDecoder.grabFrame(url: url, at: middle, size: size, fit: fit, info: info)
        } catch let error as MediaError {
            throw ExportError.unusableTake(
                shot: segment.shot.rawValue, path: url.path, reason: error.userMessage)
        }
    }
}
