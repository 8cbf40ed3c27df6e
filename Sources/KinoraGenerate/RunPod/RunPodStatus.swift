import Foundation

/// What RunPod says about a job (`/run` and `/status/{id}` answers): `id`, `status`, the worker's
/// `output` or `error`, and how long it waited (`delayTime`) and ran (`executionTime`), in milliseconds.
struct RunPodStatus: Sendable {
    /// The job's states, as RunPod's documentation lists them.
    enum State: Sendable, Equatable {
        /// Waiting in the endpoint's queue for a worker (a cold start, or every worker busy).
        case inQueue
        /// A worker has it (`IN_PROGRESS`, or `RUNNING`).
        case inProgress
        /// Finished; the worker's output is in `output`.
        case completed
        /// The worker failed (or its handler returned an error).
        case failed
        /// Cancelled through `/cancel` (by Kinora, the console or another client).
        case cancelled
        /// RunPod stopped it: its execution timeout ran out, or it expired in the queue.
        case timedOut
        /// A state this version of Kinora does not know: followed as still under way.
        case other(String)

        /// The state named `text`.
        init(_ text: String) {
            switch text.uppercased() {
            case "IN_QUEUE": self = .inQueue
            case "IN_PROGRESS", "RUNNING": self = .inProgress
            case "COMPLETED": self = .completed
            case "FAILED": self = .failed
            case "CANCELLED", "CANCELED": self = .cancelled
            case "TIMED_OUT": self = .timedOut
            default: self = .other(text)
            }
        }
    }

    /// RunPod's id for the job.
    var id: String
    /// Where it stands.
    var state: State
    /// What the handler returned (worker-comfyui: `{"images": [...], "errors": [...]}`).
    var output: ComfyUIJSON?
    /// The error RunPod or the handler reported, as sent (a string, or an object).
    var error: ComfyUIJSON?
    /// Milliseconds it waited in the queue.
    var delayTime: Double?
    /// Milliseconds it ran.
    var executionTime: Double?

    /// The answer in `data`; `nil` when it is not a job's JSON (no `id` and `status`).
    init?(_ data: Data) {
        guard let json = ComfyUIJSON.parse(data), let id = json["id"]?.string, !id.isEmpty,
            let status = json["status"]?.string
        else { return nil }
        self.id = id
        state = State(status)
        output = json["output"]
        error = json["error"]
        delayTime = json["delayTime"]?.number
        executionTime = json["executionTime"]?.number
    }

    /// The handler's error in words, as sent: worker-comfyui's `error` and its `output.details`, or the
    /// message of an exception the RunPod SDK caught (its `error` is then JSON with `error_type` and
    /// `error_message`). Not yet made safe for the terminal.
    var errorText: String {
        var parts: [String] = []
        if let error {
            if let text = error.string {
                if let inner = ComfyUIJSON.parse(Data(text.utf8)), inner.object != nil {
                    parts.append(Self.describe(inner))
                } else {
                    parts.append(text)
                }
            } else {
                parts.append(Self.describe(error))
            }
        }
        if let details = output?["details"]?.array {
            parts += details.map { $0.string ?? String(decoding: $0.encoded(), as: UTF8.self) }
        } else if let outputError = output?["error"]?.string {
            parts.append(outputError)
        }
        return parts.filter { !$0.isEmpty }.joined(separator: "; ")
    }

    /// An error object in words (`error_type: error_message`, or its `message`, or its JSON).
    private static func describe(_ error: ComfyUIJSON) -> String {
        if let message = error["error_message"]?.string {
            let type = error["error_type"]?.string.map { Self.shortType($0) }
            return type.map { "\($0): \(message)" } ?? message
        }
        if let message = error["message"]?.string { return message }
        return String(decoding: error.encoded(), as: UTF8.self)
    }

    /// `<class 'ValueError'>` as `ValueError`.
    private static func shortType(_ text: String) -> String {
        guard text.hasPrefix("<class '"), text.hasSuffix("'>") else { return text }
        return String(text.dropFirst(8).dropLast(2))
    }
}
