import Foundation

/// What `kinora export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// H.264 in MP4 with faststart: plays anywhere.
    case mp4
    /// ProRes 422 HQ in MOV, for editors.
    case mov
    /// An animated GIF, for sharing.
    case gif
    /// An animated WebP, for sharing.
    case webp
    /// OpenTimelineIO JSON.
    case otio
    /// CMX3600 EDL.
    case edl
    /// Final Cut Pro 7 XML (xmeml), for Premiere and Resolve.
    case xml
    /// MLT XML, for Shotcut and Kdenlive.
    case mlt
    /// A contact sheet: shot frames in a grid with captions.
    case png
    /// The shot list as CSV.
    case csv
    /// The shot list as a Markdown table.
    case md

    /// The accepted names, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The format an output file's extension names, if any.
    public init?(fileExtension: String) {
        self.init(rawValue: fileExtension.lowercased())
    }

    /// Whether this format renders video (as opposed to writing a document).
    public var isVideo: Bool { [.mp4, .mov, .gif, .webp].contains(self) }
}
