import Foundation
import KinoraCore

/// Checks a backend's mapping and a shot's `param.NAME` settings against the model's real inputs before
/// a prediction is created (and paid for), naming every problem in one message.
struct ReplicatePreflight: Sendable {
    /// The backend's name.
    let backend: String
    /// `owner/name`.
    let model: String
    /// Request field → model input.
    let mapping: ReplicateMapping
    /// The model's schema (`nil`: the API gave none, and nothing can be checked).
    let schema: ReplicateSchema?

    /// Refuses, in one message, every mapped input and every `param.NAME` the model lacks, and every input
    /// the model requires that this take leaves empty.
    func check(_ request: TakeRequest, hasEndImage: Bool) throws {
        guard let schema else { return }
        var problems: [String] = []
        for (field, input) in mapping.inputs.sorted(by: { $0.key < $1.key }) where schema.inputs[input] == nil
        {
            problems.append("inputs.\(field) (\"\(TerminalText.sanitized(input))\")")
        }
        for name in request.settings.parameters.keys.sorted() where schema.inputs[name] == nil {
            problems.append("param.\(TerminalText.sanitized(name))")
        }
        if !problems.isEmpty {
            let names = schema.names.map { TerminalText.sanitized($0) }.joined(separator: ", ")
            let advice =
                mapping.isShipped
                ? "Kinora's shipped mapping no longer fits the model: give the backend its own \"inputs\""
                : "Fix the backend's \"inputs\" in its config, or the shot's param settings"
            let listed = problems.joined(separator: ", ")
            throw GenerationError.unsupported(
                backend: backend,
                reason: "the model \(model) has no input for \(listed); its inputs are \(names). \(advice)")
        }
        let filled = Set(
            ReplicateInputs(request: request, frameCount: 1, mapping: mapping, schema: schema)
                .fields(hasImage: request.mode != .textToVideo, hasLastImage: hasEndImage)
                .compactMap { mapping.inputs[$0] }
        ).union(request.settings.parameters.keys)
        let missing = schema.required.subtracting(filled).sorted()
        if !missing.isEmpty {
            let quoted = missing.map { "\"" + TerminalText.sanitized($0) + "\"" }.joined(separator: ", ")
            let pronoun = missing.count == 1 ? "it" : "them"
            throw GenerationError.unsupported(
                backend: backend,
                reason: "the model \(model) requires \(quoted) and this \(request.mode.rawValue) shot gives "
                    + "\(pronoun) no value; map it under \"inputs\", set it with param.NAME, or use another model "
                    + "for such shots")
        }
    }
}
