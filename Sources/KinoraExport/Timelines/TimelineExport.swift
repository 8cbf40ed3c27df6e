import Foundation
import KinoraCore

/// The editable timeline exports in one place, so `kinora export` asks for a document by format and
/// writes the bytes itself (atomically): nothing here touches the disk.
public enum TimelineExport {
    /// The document for `plan` in `format`: OTIO JSON, a CMX3600 EDL, Final Cut Pro 7 XML or MLT XML;
    /// nil for the formats that are not timelines (video, pictures, shot lists).
    public static func document(for plan: FilmPlan, format: ExportFormat) -> Data? {
        switch format {
        case .otio: OTIOWriter.document(for: plan)
        case .edl: EDLWriter.document(for: plan)
        case .xml: FCP7XMLWriter.document(for: plan)
        case .mlt: MLTWriter.document(for: plan)
        case .mp4, .mov, .gif, .webp, .png, .pdf, .csv, .md, .srt, .vtt: nil
        }
    }
}
