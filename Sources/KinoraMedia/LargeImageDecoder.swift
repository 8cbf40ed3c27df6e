import Foundation
import KinoraCore

/// Decodes PNG and JPEG pictures too large for ffmpeg in this process, shrinking them while
/// they are decoded, so memory stays bounded (a source row, a row of column sums and the frame
/// returned) whatever their height.
///
/// ffmpeg refuses pictures over about 16000x16000 pixels and decodes every picture whole before
/// scaling it (a 10000x10000 PNG costs it some 350 MB). Above ``pixelThreshold`` a still PNG or
/// JPEG therefore comes here instead: libpng or libjpeg give it a row at a time (a JPEG already
/// shrunk up to 8 times by libjpeg's DCT scaling, never below the size needed), and
/// ``AreaResampler`` averages the rows down. The geometry is the same ``ScalePlan`` the ffmpeg
/// path follows (orientation, pixel aspect, then the fit's crop or black padding), so the result
/// is the frame ffmpeg would give, to within rounding. A JPEG whose EXIF orientation turns it is
/// shrunk as stored and the shrunk part that shows is turned upright (it is at most the frame's
/// size).
struct LargeImageDecoder: Sendable {
    /// Pictures with more pixels than this (4096x4096) are shrunk here rather than by ffmpeg.
    static let pixelThreshold = 4096 * 4096

    /// The picture file.
    let url: URL
    /// The geometry to produce: size, crop or padding.
    let plan: ScalePlan

    /// The decoder to use instead of ffmpeg for the still picture `url`, or `nil` when ffmpeg
    /// should decode it (small enough, not PNG or JPEG, rotated as a video, or not what the probe
    /// said).
    ///
    /// - Throws: ``MediaError/pictureTooLarge(path:size:reason:)`` for an interlaced PNG or a
    ///   large progressive JPEG that ffmpeg cannot take either.
    static func replacingFFmpeg(
        for url: URL, info: MediaInfo, video: VideoStreamInfo, plan: ScalePlan
    ) throws -> LargeImageDecoder? {
        guard info.isStillImage, video.rotation == 0, ["png", "mjpeg"].contains(video.codec),
            video.width * video.height > pixelThreshold,
            let header = try? StillPictureFile(url: url).header,
            header.codec == video.codec, header.size == PixelSize(width: video.width, height: video.height),
            header.orientation == video.orientation
        else { return nil }
        if !header.streamsWithinBudget {
            // Decoding it whole is what ffmpeg does anyway; refuse only when it cannot.
            if ffmpegAccepts(header.size) { return nil }
            throw MediaError.pictureTooLarge(
                path: url.path, size: header.size, reason: header.wholeDecodeReason)
        }
        return LargeImageDecoder(url: url, plan: plan)
    }

    /// `true` when ffmpeg takes a picture of `size` (its `av_image_check_size` limit).
    static func ffmpegAccepts(_ size: PixelSize) -> Bool {
        size.width > 0 && size.height > 0 && (size.width + 128) * (size.height + 128) < Int(Int32.max) / 8
    }

    /// What ffprobe would have said about `url` had it been able to size it: a still PNG or JPEG
    /// over ``pixelThreshold`` (so decoded here) described from its header; `nil` otherwise.
    static func probeInfo(for url: URL) -> MediaInfo? {
        guard let header = try? StillPictureFile(url: url).header,
            header.size.width * header.size.height > pixelThreshold
        else { return nil }
        let rate = FrameRate(numerator: 25)
        let video = VideoStreamInfo(
            index: 0, width: header.size.width, height: header.size.height, fps: rate?.framesPerSecond ?? 25,
            frameRate: rate, codec: header.codec, sampleAspectRatio: header.sampleAspectRatio,
            orientation: header.orientation)
        return MediaInfo(
            duration: nil, formatName: header.formatName,
            streams: [StreamInfo(index: 0, kind: .video, codec: header.codec, duration: nil)], video: video,
            hasAudio: false, isStillImage: true)
    }

    /// Decodes the picture into a frame of `plan.target`; `nil` when `isCancelled` turns true
    /// (it is asked every few dozen rows).
    ///
    /// - Throws: ``MediaError/unreadable(path:reason:)`` when the file cannot be opened as a PNG
    ///   or JPEG, ``MediaError/decodeFailed(path:framesRead:reason:)`` when its data is damaged
    ///   or cut short, ``MediaError/pictureTooLarge(path:size:reason:)`` when it must be decoded
    ///   whole and is too large for that.
    func decode(isCancelled: () -> Bool) throws -> RGBFrame? {
        let file: StillPictureFile
        do {
            file = try StillPictureFile(url: url)
        } catch let failure as StillPictureFailure {
            throw MediaError.unreadable(path: url.path, reason: failure.reason)
        }
        do {
            return try decode(file, isCancelled: isCancelled)
        } catch let failure as StillPictureFailure {
            throw mediaError(failure, header: file.header)
        }
    }

    private func decode(_ file: StillPictureFile, isCancelled: () -> Bool) throws -> RGBFrame? {
        // Rows come as stored: shrink them to the scaled picture as stored, keeping only the part
        // that shows in the frame, then turn that part upright and place it.
        let orientation = plan.orientation
        let shown = (columns: plan.visibleColumns, rows: plan.visibleRows)
        let stored = orientation.turned(plan.scaled)
        let kept = orientation.storedRegion(columns: shown.columns, rows: shown.rows, shown: plan.scaled)
        let rows = try file.start(minimum: stored)
        var resampler = AreaResampler(source: rows, target: stored)
        var part = RGBFrame(width: kept.columns.count, height: kept.rows.count)
        let partRowBytes = part.width * 3
        var row = [UInt8](repeating: 0, count: rows.width * 3)
        for index in 0..<rows.height {
            if index % 32 == 0, isCancelled() { return nil }
            try row.withUnsafeMutableBufferPointer { try file.readRow(into: $0) }
            row.withUnsafeBufferPointer { source in
                part.pixels.withUnsafeMutableBufferPointer { pixels in
                    resampler.add(row: source) { scaledRow, scaledBytes in
                        guard kept.rows.contains(scaledRow), partRowBytes > 0 else { return }
                        let destination = (scaledRow - kept.rows.lowerBound) * partRowBytes
                        let bytes = (kept.columns.lowerBound * 3)..<(kept.columns.upperBound * 3)
                        let slice = UnsafeBufferPointer(rebasing: scaledBytes[bytes])
                        let copied = UnsafeMutableBufferPointer(
                            rebasing: pixels[destination..<(destination + partRowBytes)]
                        ).update(fromContentsOf: slice)
                        assert(copied == slice.count)
                    }
                }
            }
        }
        guard resampler.rowsFinished == stored.height else {
            throw StillPictureFailure(
                kind: .misuse, reason: "\(resampler.rowsFinished) of \(stored.height) rows came out")
        }
        return place(orientation.upright(part), at: (shown.columns.lowerBound, shown.rows.lowerBound))
    }

    /// The frame of `plan.target` with `part`, the upright part of the scaled picture from `origin`
    /// on, where the plan puts it (black around it when padded).
    private func place(_ part: RGBFrame, at origin: (x: Int, y: Int)) -> RGBFrame {
        var frame = RGBFrame(width: plan.target.width, height: plan.target.height)
        let rowBytes = part.width * 3
        guard rowBytes > 0 else { return frame }
        let left = origin.x + plan.offsetX
        part.pixels.withUnsafeBufferPointer { source in
            frame.pixels.withUnsafeMutableBufferPointer { pixels in
                for y in 0..<part.height {
                    let destination = ((origin.y + plan.offsetY + y) * plan.target.width + left) * 3
                    let line = UnsafeBufferPointer(rebasing: source[(y * rowBytes)..<((y + 1) * rowBytes)])
                    let copied = UnsafeMutableBufferPointer(
                        rebasing: pixels[destination..<(destination + rowBytes)]
                    ).update(fromContentsOf: line)
                    assert(copied == rowBytes)
                }
            }
        }
        return frame
    }

    private func mediaError(_ failure: StillPictureFailure, header: StillPictureHeader) -> MediaError {
        switch failure.kind {
        case .tooLarge:
            return .pictureTooLarge(path: url.path, size: header.size, reason: failure.reason)
        case .cannotOpen, .notPNGOrJPEG:
            return .unreadable(path: url.path, reason: failure.reason)
        case .damaged, .truncated, .outOfMemory, .misuse:
            return .decodeFailed(path: url.path, framesRead: 0, reason: failure.reason)
        }
    }
}
