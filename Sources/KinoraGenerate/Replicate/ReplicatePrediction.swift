import Foundation

/// A Replicate prediction as the API describes it (`id`, `status`, `logs`, `output`, `error`): where it
/// stands, how far the model's log says it got, and the video it made.
struct ReplicatePrediction: Sendable {
    /// Where a prediction stands.
    enum Status: String, Sendable {
        /// Waiting for a machine (a cold start boots one).
        case starting
        /// The model is running.
        case processing
        /// Finished with output.
        case succeeded
        /// The model failed.
        case failed
        /// Someone cancelled it.
        case canceled
        /// It passed its deadline before it could start (Replicate's documented `aborted`).
        case aborted
    }

    /// The prediction's id.
    var id: String
    /// Where it stands (an unknown status is read as still running).
    var status: Status
    /// The model's log so far.
    var logs: String
    /// The error text of a failed prediction.
    var error: String?
    /// The output's URLs, in order (a single URL, or each URL of a list or object).
    var outputURLs: [String]
    /// Whether Replicate has deleted the output (it keeps an API prediction's files for an hour).
    var dataRemoved: Bool

    /// Reads a prediction object; `nil` when it has no id.
    init?(json data: Data) {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let id = object["id"] as? String, !id.isEmpty
        else { return nil }
        self.id = id
        status = Status(rawValue: (object["status"] as? String) ?? "") ?? .processing
        logs = (object["logs"] as? String) ?? ""
        switch object["error"] {
        case let text as String: error = text
        case nil, is NSNull: error = nil
        case let other?:
            error = (try? JSONSerialization.data(withJSONObject: other)).map {
                String(decoding: $0, as: UTF8.self)
            }
        }
        outputURLs = Self.urls(in: object["output"])
        dataRemoved = (object["data_removed"] as? Bool) ?? false
    }

    /// Every URL string in an output value: a string, a list, or an object's values.
    private static func urls(in output: Any?) -> [String] {
        switch output {
        case let text as String:
            return text.hasPrefix("http://") || text.hasPrefix("https://") ? [text] : []
        case let list as [Any]:
            return list.flatMap { urls(in: $0) }
        case let object as [String: Any]:
            return object.keys.sorted().flatMap { urls(in: object[$0]) }
        default:
            return []
        }
    }

    /// The video among the output URLs: the first whose path ends in a video extension, else the first
    /// that is not a picture or text, else the first.
    var videoURL: URL? {
        let candidates = outputURLs.compactMap { text in URL(string: text).map { (text, $0) } }
        let videos = ["mp4", "mov", "webm", "mkv", "m4v", "avi"]
        let stills = ["png", "jpg", "jpeg", "webp", "gif", "txt", "json"]
        if let video = candidates.first(where: { videos.contains($0.1.pathExtension.lowercased()) }) {
            return video.1
        }
        if let other = candidates.first(where: { !stills.contains($0.1.pathExtension.lowercased()) }) {
            return other.1
        }
        return candidates.first?.1
    }

    /// The last percentage the model's log printed (a tqdm bar: ` 45%|████▌     | 9/20`), 0–100.
    var loggedPercent: Int? {
        // Only the tail: a long log is read on every poll.
        let tail = logs.suffix(4000)
        var best: Int?
        var digits = ""
        for character in tail {
            if character.isASCII && character.isNumber {
                digits.append(character)
            } else {
                if character == "%", let value = Int(digits.suffix(3)), (0...100).contains(value) {
                    best = value
                }
                digits = ""
            }
        }
        return best
    }
}
