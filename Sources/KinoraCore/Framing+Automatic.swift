import Foundation

extension Framing {
    /// The framing an engine uses when the person set none, for a source of `sourceWidth` × `sourceHeight`
    /// in frames of `frameWidth` × `frameHeight`.
    ///
    /// A source as wide as the frame or wider is centred. A taller one (a portrait photo in a 16:9 frame)
    /// is weighted towards its upper third, where people's heads are: the crop is centred on the middle of
    /// the upper third, as far as the picture allows, so a head-and-shoulders portrait keeps its head. The
    /// recorded point is the crop's real centre, so typing it back with `shot set framing=` gives the same
    /// picture.
    public static func automatic(sourceWidth: Int, sourceHeight: Int, frameWidth: Int, frameHeight: Int)
        -> Framing
    {
        guard sourceWidth > 0, sourceHeight > 0, frameWidth > 0, frameHeight > 0 else { return .centred }
        let width = Double(sourceWidth)
        let height = Double(sourceHeight)
        let aspect = Double(frameWidth) / Double(frameHeight)
        let cover = FramedRegion.cover(sourceWidth: width, sourceHeight: height, aspect: aspect)
        // Within a pixel of the frame's shape counts as the same shape.
        guard height - cover.height > 1 else { return .centred }
        let wanted = Framing(x: 0.5, y: 1.0 / 6.0, zoom: 1)
        let region = FramedRegion(framing: wanted, sourceWidth: width, sourceHeight: height, aspect: aspect)
        let y = (region.centerY / height * 1000).rounded() / 1000
        return Framing(x: 0.5, y: y, zoom: 1, basis: .upperThird)
    }

    /// `0.5,0.281,1 (upper-third)`: the values and why, for `takes` and `shot show`.
    public var summary: String {
        basis.map { "\(text) (\($0.rawValue))" } ?? text
    }
}
