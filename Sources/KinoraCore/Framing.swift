import Foundation

/// Where a shot looks inside its source picture: a focus point and a zoom, so a portrait photo in a 16:9
/// frame keeps the face rather than the middle.
public struct Framing: Codable, Sendable, Hashable {
    /// How a framing was arrived at, recorded with a take so a person sees why it looks the way it does.
    public enum Basis: String, Codable, Sendable, CaseIterable {
        /// Set by a person (`shot set framing=...`, the studio's rectangle).
        case person
        /// A face found in the picture.
        case face
        /// No face found: weighted towards the upper third, where heads usually are.
        case upperThird = "upper-third"
        /// The picture already has the frame's shape (or is wider): centred.
        case centre
    }

    /// The focus point's horizontal position, 0 (left edge) to 1 (right edge).
    public var x: Double
    /// The focus point's vertical position, 0 (top) to 1 (bottom).
    public var y: Double
    /// How much closer than the largest crop of the frame's shape; 1 or more.
    public var zoom: Double
    /// How the framing was chosen; absent on a shot (where it is always the person's).
    public var basis: Basis?

    /// A framing centred on (`x`, `y`) at `zoom`.
    public init(x: Double, y: Double, zoom: Double, basis: Basis? = nil) {
        self.x = x
        self.y = y
        self.zoom = zoom
        self.basis = basis
    }

    /// The middle of the picture, unzoomed.
    public static let centred = Framing(x: 0.5, y: 0.5, zoom: 1, basis: .centre)

    /// The largest zoom Kinora accepts; closer than this a source is mush.
    public static let maximumZoom: Double = 8

    /// How people type a framing.
    public static let rule = "give X,Y,ZOOM: X and Y from 0 to 1 (from the top left), ZOOM from 1 to 8"

    /// Reads `X,Y,ZOOM` (ZOOM may be left out: 1), or `nil` when the text is not such a framing.
    public init?(parsing text: String) {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 || parts.count == 3,
            let x = Double(parts[0]), let y = Double(parts[1]),
            let zoom = parts.count == 3 ? Double(parts[2]) : 1
        else { return nil }
        self.init(x: x, y: y, zoom: zoom, basis: .person)
        if problem != nil { return nil }
    }

    /// For text that has the X,Y,ZOOM shape but values out of range: what is wrong with them; `nil` otherwise.
    public static func problem(parsing text: String) -> String? {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2 || parts.count == 3, let x = parts[0], let y = parts[1] else { return nil }
        guard let zoom = parts.count == 3 ? parts[2] : 1 else { return nil }
        return Framing(x: x, y: y, zoom: zoom).problem
    }

    /// What is wrong with the values, or `nil`.
    public var problem: String? {
        guard x.isFinite, y.isFinite, (0...1).contains(x), (0...1).contains(y) else {
            return "the focus point must lie from 0 to 1 on both axes (found \(x),\(y))"
        }
        guard zoom.isFinite, (1...Framing.maximumZoom).contains(zoom) else {
            return "the zoom must be from 1 to \(Int(Framing.maximumZoom)) (found \(zoom))"
        }
        return nil
    }

    /// `0.5,0.33,1.2`, as people type it.
    public var text: String {
        func short(_ value: Double) -> String {
            let rounded = (value * 1000).rounded() / 1000
            return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        }
        return "\(short(x)),\(short(y)),\(short(zoom))"
    }
}
