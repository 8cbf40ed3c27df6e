import Foundation

/// What an export writes. The one list of formats: `kinora export --format`, the studio's export dialog
/// and its help all read it, so a new format is added here and in the exporter that writes it.
public enum ExportFormat: String, Sendable, CaseIterable, Codable {
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
    /// The storyboard as a PDF for the crew: a title page, then 3 or 6 panels a landscape page.
    case pdf
    /// The shot list as CSV.
    case csv
    /// The shot list as a Markdown table.
    case md
    /// The dialogue as SubRip subtitles.
    case srt
    /// The dialogue as WebVTT subtitles.
    case vtt

    /// The accepted names, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The format an output file's extension names, if any.
    public init?(fileExtension: String) {
        self.init(rawValue: fileExtension.lowercased())
    }

    /// The extension its files get (without the dot).
    public var fileExtension: String { rawValue }

    /// What it is, in a few words, for help screens and the export dialog.
    public var summary: String {
        switch self {
        case .mp4: "the film, H.264"
        case .mov: "the film, ProRes for editors"
        case .gif: "the film as a GIF, for sharing"
        case .webp: "the film as WebP, for sharing"
        case .otio: "OpenTimelineIO timeline"
        case .edl: "CMX3600 EDL"
        case .xml: "FCP7 XML (Premiere, Resolve)"
        case .mlt: "MLT (Shotcut, Kdenlive)"
        case .png: "contact sheet, 20 shots a page"
        case .pdf: "storyboard PDF for the crew, 6 or 3 panels a page"
        case .csv: "shot list as CSV"
        case .md: "shot list as Markdown"
        case .srt: "subtitles from the dialogue, SubRip"
        case .vtt: "subtitles from the dialogue, WebVTT"
        }
    }

    /// Whether this format renders video (as opposed to writing a document).
    public var isVideo: Bool { [.mp4, .mov, .gif, .webp].contains(self) }
}
