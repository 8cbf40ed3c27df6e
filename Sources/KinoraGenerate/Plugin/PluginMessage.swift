import Foundation

/// One line a plug-in writes on stdout, understood: the protocol's five message types.
///
/// Anything else (text that is not JSON, an object without a known `type`, a known type missing its
/// fields) is not a message: ``init(line:)`` gives `nil` and the run counts it as garbage.
enum PluginMessage: Equatable {
    /// `{"type":"progress","frame":N,"total":M}`: N of M frames (or steps) done; M defaults to the take's.
    case progress(frame: Int, total: Int?)
    /// `{"type":"log","message":"…"}`: a line for the person, kept in case the run fails.
    case log(String)
    /// `{"type":"preview","path":"…"}`: a PNG or JPEG the plug-in wrote, to show while it runs.
    case preview(path: String)
    /// `{"type":"result","output":"…","frames":N}`: the take is written.
    case result(output: String, frames: Int?)
    /// `{"type":"error","message":"…"}`: the plug-in gives up, and says why.
    case error(String)

    /// The fields any message may carry; which ones matter depends on `type`.
    private struct Fields: Decodable {
        var type: String
        var frame: Int?
        var total: Int?
        var message: String?
        var path: String?
        var output: String?
        var frames: Int?
    }

    /// The message on `line`, or `nil` when the line is not one.
    init?(line: String) {
        guard line.first == "{",
            let fields = try? JSONDecoder().decode(Fields.self, from: Data(line.utf8))
        else { return nil }
        switch fields.type {
        case "progress":
            guard let frame = fields.frame else { return nil }
            self = .progress(frame: frame, total: fields.total)
        case "log":
            guard let message = fields.message else { return nil }
            self = .log(message)
        case "preview":
            guard let path = fields.path else { return nil }
            self = .preview(path: path)
        case "result":
            guard let output = fields.output else { return nil }
            self = .result(output: output, frames: fields.frames)
        case "error":
            self = .error(fields.message ?? "no reason given")
        default:
            return nil
        }
    }
}
