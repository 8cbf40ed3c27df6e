import Foundation

/// One message from ComfyUI's WebSocket, parsed: JSON `{"type", "data"}` text messages and binary preview
/// frames (a big-endian u32 event type, then for PREVIEW_IMAGE (1) a u32 image format, 1 JPEG or 2 PNG,
/// and the image; for PREVIEW_IMAGE_WITH_METADATA (4) a u32 metadata length, JSON metadata, the image).
enum ComfyUIMessage: Sendable, Equatable {
    /// Queue status (`status`), nothing to act on.
    case status
    /// The prompt started running.
    case executionStart(promptID: String)
    /// Nodes whose outputs were reused from an earlier run.
    case executionCached(promptID: String, nodes: [String])
    /// A node started (`node`), or the prompt ended (`nil`). The reconnect replay has no prompt id.
    case executing(promptID: String?, node: String?)
    /// A node's progress, `value` of `max` steps.
    case progress(promptID: String?, node: String?, value: Double, max: Double)
    /// An output node finished, with what it saved.
    case executed(promptID: String, node: String, output: ComfyUIJSON)
    /// The prompt finished without error.
    case executionSuccess(promptID: String)
    /// A node failed.
    case executionError(promptID: String, details: ComfyUIJSON)
    /// The prompt was interrupted.
    case executionInterrupted(promptID: String, details: ComfyUIJSON)
    /// A live preview picture (JPEG or PNG bytes).
    case preview(Data, promptID: String?)
    /// Anything else (`progress_state`, custom nodes' messages, text frames of binary event 3 …).
    case other

    /// Parses a text message.
    init(text: String) {
        guard let json = ComfyUIJSON.parse(Data(text.utf8)), let type = json["type"]?.string else {
            self = .other
            return
        }
        let data = json["data"] ?? .null
        let promptID = data["prompt_id"]?.string
        switch (type, promptID) {
        case ("status", _):
            self = .status
        case ("execution_start", let id?):
            self = .executionStart(promptID: id)
        case ("execution_cached", let id?):
            self = .executionCached(promptID: id, nodes: (data["nodes"]?.array ?? []).compactMap(\.string))
        case ("executing", _):
            self = .executing(promptID: promptID, node: data["node"]?.string)
        case ("progress", _):
            guard let value = data["value"]?.number, let max = data["max"]?.number else {
                self = .other
                return
            }
            self = .progress(promptID: promptID, node: data["node"]?.string, value: value, max: max)
        case ("executed", let id?):
            self = .executed(promptID: id, node: data["node"]?.string ?? "", output: data["output"] ?? .null)
        case ("execution_success", let id?):
            self = .executionSuccess(promptID: id)
        case ("execution_error", let id?):
            self = .executionError(promptID: id, details: data)
        case ("execution_interrupted", let id?):
            self = .executionInterrupted(promptID: id, details: data)
        default:
            self = .other
        }
    }

    /// Parses a binary message: previews become `.preview`, anything else `.other`.
    init(binary data: Data) {
        let bytes = [UInt8](data)
        func u32(_ offset: Int) -> Int? {
            guard bytes.count >= offset + 4 else { return nil }
            return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        switch u32(0) {
        case 1?:
            guard let format = u32(4), format == 1 || format == 2, bytes.count > 8 else {
                self = .other
                return
            }
            self = .preview(Data(bytes[8...]), promptID: nil)
        case 4?:
            guard let length = u32(4), length >= 0, bytes.count > 8 + length else {
                self = .other
                return
            }
            let metadata = ComfyUIJSON.parse(Data(bytes[8..<8 + length]))
            self = .preview(Data(bytes[(8 + length)...]), promptID: metadata?["prompt_id"]?.string)
        default:
            self = .other
        }
    }
}
