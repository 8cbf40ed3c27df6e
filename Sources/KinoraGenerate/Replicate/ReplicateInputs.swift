import Foundation
import KinoraCore

/// One value sent to a Replicate model, typed as JSON: text, a whole number, a number or a boolean.
enum ReplicateValue: Sendable, Hashable, Encodable {
    /// A string.
    case text(String)
    /// A whole number.
    case integer(Int64)
    /// A number with a fraction.
    case number(Double)
    /// `true` or `false`.
    case boolean(Bool)

    /// Encodes the value as its JSON type.
    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .boolean(let value): try container.encode(value)
        }
    }

    /// A shot's `param.NAME=VALUE` as the model's input takes it: `true`/`false` as a boolean, a number
    /// as a number (a whole one as an integer), anything else as text; an input the schema declares as a
    /// string stays text.
    static func parameter(_ text: String, as input: ReplicateSchema.Input?) -> ReplicateValue {
        if input?.type == "string" { return .text(text) }
        let lowered = text.lowercased()
        if lowered == "true" || lowered == "false" { return .boolean(lowered == "true") }
        if let whole = Int64(text) { return .integer(whole) }
        if let number = Double(text), number.isFinite { return .number(number) }
        return .text(text)
    }
}

/// The `input` object of a prediction: each mapped part of Kinora's request under the model's input name,
/// fitted to the model's schema (a choice snapped to the nearest allowed value, a number kept within its
/// bounds), then the shot's `param.NAME` settings by name.
struct ReplicateInputs: Sendable {
    /// The request.
    let request: TakeRequest
    /// Frames in the take.
    let frameCount: Int
    /// Request field → model input.
    let mapping: ReplicateMapping
    /// The model's schema, when the API gave one.
    let schema: ReplicateSchema?

    /// The Kinora request fields this request fills (pictures only when the shot has them).
    func fields(hasImage: Bool, hasLastImage: Bool) -> [String] {
        var fields = [
            "prompt", "seed", "duration", "frames", "fps", "width", "height", "aspectRatio", "resolution",
        ]
        if !request.negativePrompt.isEmpty { fields.append("negativePrompt") }
        if hasImage { fields.append("image") }
        if hasLastImage { fields.append("lastImage") }
        return fields.filter { mapping.inputs[$0] != nil }
    }

    /// The whole `input` object: `pictures` holds the URIs for `image` and `lastImage`.
    func values(pictures: [String: String]) -> [String: ReplicateValue] {
        var values: [String: ReplicateValue] = [:]
        for field in fields(hasImage: pictures["image"] != nil, hasLastImage: pictures["lastImage"] != nil) {
            guard let name = mapping.inputs[field] else { continue }
            let input = schema?.inputs[name]
            if let picture = pictures[field] {
                values[name] = .text(picture)
            } else if let value = value(of: field, for: input) {
                values[name] = value
            }
        }
        for (name, text) in request.settings.parameters {
            values[name] = ReplicateValue.parameter(text, as: schema?.inputs[name])
        }
        return values
    }

    /// The value of one request field, fitted to `input`.
    func value(of field: String, for input: ReplicateSchema.Input?) -> ReplicateValue? {
        let size = request.size
        switch field {
        case "prompt": return .text(request.enginePrompt)
        case "negativePrompt": return .text(request.negativePrompt)
        case "seed": return seed(for: input)
        case "duration":
            if input?.type == "number" && input?.choices.isEmpty != false {
                return .number(clamped(request.duration, input))
            }
            return whole(request.duration.rounded(.up), input: input, atLeast: true)
        case "frames": return whole(Double(frameCount), input: input, atLeast: true)
        case "fps": return whole(request.fps.framesPerSecond.rounded(), input: input, atLeast: false)
        case "width": return whole(Double(size.width), input: input, atLeast: false)
        case "height": return whole(Double(size.height), input: input, atLeast: false)
        case "aspectRatio": return aspectRatio(for: input)
        case "resolution": return resolution(for: input)
        default: return nil
        }
    }

    /// The seed, wrapped into the model's range: its declared bounds, else 0…2³¹−1 (what most models'
    /// generators take; a larger number can overflow them). The same seed always gives the same value.
    private func seed(for input: ReplicateSchema.Input?) -> ReplicateValue {
        var maximum = 2_147_483_647.0
        if let declared = input?.maximum, declared >= 0, declared < 9.0e18 { maximum = declared }
        let minimum = UInt64(max(0, min(input?.minimum ?? 0, maximum)))
        let span = UInt64(maximum) - minimum + 1
        return .integer(Int64(minimum + request.seed % span))
    }

    /// A whole number: the nearest allowed choice (with `atLeast`, the smallest choice not below it, so
    /// the model makes enough), else kept within the bounds.
    private func whole(_ wanted: Double, input: ReplicateSchema.Input?, atLeast: Bool) -> ReplicateValue {
        let numbers = (input?.choices ?? []).compactMap { choice -> Double? in
            if case .number(let value) = choice { return value }
            return nil
        }
        if !numbers.isEmpty {
            let sorted = numbers.sorted()
            let pick =
                atLeast
                ? (sorted.first { $0 >= wanted } ?? sorted.last ?? wanted)
                : (sorted.min { abs($0 - wanted) < abs($1 - wanted) } ?? wanted)
            return .integer(Int64(pick))
        }
        let texts = (input?.choices ?? []).compactMap { choice -> String? in
            if case .text(let value) = choice { return value }
            return nil
        }
        if !texts.isEmpty {
            // A choice of texts ("5", "10"): the nearest as written.
            let pick = texts.min {
                abs((Double($0) ?? .infinity) - wanted) < abs((Double($1) ?? .infinity) - wanted)
            }
            return .text(pick ?? String(Int(wanted)))
        }
        return .integer(Int64(clamped(wanted, input)))
    }

    /// `value` within the input's bounds.
    private func clamped(_ value: Double, _ input: ReplicateSchema.Input?) -> Double {
        var value = value
        if let minimum = input?.minimum { value = max(value, minimum) }
        if let maximum = input?.maximum { value = min(value, maximum) }
        return value
    }

    /// The take's aspect ratio (`16:9`), or the model's nearest choice.
    private func aspectRatio(for input: ReplicateSchema.Input?) -> ReplicateValue {
        let wanted = Double(request.size.width) / Double(request.size.height)
        let choices = (input?.choices ?? []).compactMap { choice -> (String, Double)? in
            guard case .text(let text) = choice else { return nil }
            let parts = text.split(separator: ":").compactMap { Double($0) }
            guard parts.count == 2, parts[1] > 0 else { return nil }
            return (text, parts[0] / parts[1])
        }
        if let best = choices.min(by: { abs(log($0.1 / wanted)) < abs(log($1.1 / wanted)) }) {
            return .text(best.0)
        }
        let divisor = Self.gcd(request.size.width, request.size.height)
        return .text("\(request.size.width / divisor):\(request.size.height / divisor)")
    }

    /// The take's short side as a resolution (`720p`), or the model's nearest choice.
    private func resolution(for input: ReplicateSchema.Input?) -> ReplicateValue {
        let wanted = Double(min(request.size.width, request.size.height))
        let choices = (input?.choices ?? []).compactMap { choice -> (String, Double)? in
            guard case .text(let text) = choice else { return nil }
            let digits = text.prefix { $0.isNumber }
            return Double(digits).map { (text, $0) }
        }
        if let best = choices.min(by: { abs($0.1 - wanted) < abs($1.1 - wanted) }) { return .text(best.0) }
        return .text("\(Int(wanted))p")
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? max(1, a) : gcd(b, a % b) }
}
