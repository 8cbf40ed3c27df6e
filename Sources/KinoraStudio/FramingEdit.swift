import KinoraCore

/// The framing rectangle being moved over a shot's source picture, before it is saved.
public struct FramingEdit: Sendable, Equatable {
    /// The shot whose framing it is.
    var shot: ShotID
    /// Where the rectangle is now.
    var framing: Framing

    /// How far one press of h/j/k/l moves the focus point (a fiftieth of the picture).
    static let step = 0.02
    /// How far one press of H/J/K/L moves it (a tenth).
    static let bigStep = 0.1
    /// How much one press of + or - changes the zoom.
    static let zoomStep = 0.1

    /// The rectangle moved by (`dx`, `dy`) of the picture, kept inside 0–1.
    func moved(dx: Double, dy: Double) -> FramingEdit {
        var copy = self
        copy.framing.x = FramingEdit.rounded(min(max(framing.x + dx, 0), 1))
        copy.framing.y = FramingEdit.rounded(min(max(framing.y + dy, 0), 1))
        return copy
    }

    /// The rectangle zoomed by `step`, kept from 1 to ``Framing/maximumZoom``.
    func zoomed(by step: Double) -> FramingEdit {
        var copy = self
        copy.framing.zoom = FramingEdit.rounded(min(max(framing.zoom + step, 1), Framing.maximumZoom))
        return copy
    }

    /// Values rounded to thousandths, so steps add up to what people type.
    private static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
