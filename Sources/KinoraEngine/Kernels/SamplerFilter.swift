import Foundation

/// The resampling filter for one scale: exact area averaging when shrinking, Catmull-Rom cubic
/// when enlarging, and a smooth blend of the two just above 1:1.
///
/// Weights are a continuous function of both the scale and the sample position, so a slow zoom
/// changes every output pixel a little each frame and never jumps (a hard switch from cubic to box
/// at 1:1 would pop in sharpness mid-move). The cubic keeps its 4-pixel support in the blend: it
/// fades out before it would alias, and a narrow window keeps the pixel loops short.
struct SamplerFilter: Sendable, Equatable {
    /// Source pixels per output pixel.
    let scale: Double
    /// Share of the box filter: 0 below 1:1, 1 from `1 + blendRange` up.
    let boxShare: Double
    /// Distance from a sample beyond which pixels get no weight.
    let radius: Double
    /// Source pixels a sample can touch: the window length every output pixel uses.
    let taps: Int

    /// Scales from 1 to `1 + blendRange` blend cubic into box.
    static let blendRange = 0.5

    /// The filter for `scale` source pixels per output pixel.
    init(scale: Double) {
        let scale = scale.isFinite ? max(scale, 1e-9) : 1
        self.scale = scale
        let blend = min(max((scale - 1) / Self.blendRange, 0), 1)
        boxShare = blend * blend * (3 - 2 * blend)
        let boxRadius = scale / 2 + 0.5
        let cubicRadius = 2.0
        if boxShare >= 1 {
            radius = boxRadius
        } else if boxShare <= 0 {
            radius = cubicRadius
        } else {
            radius = max(boxRadius, cubicRadius)
        }
        // Pixel centres strictly inside (u - radius, u + radius): at most ceil(2 * radius) of them.
        taps = max(1, Int((2 * radius - 1e-9).rounded(.up)))
    }

    /// The weight of a source pixel whose centre is `distance` source pixels from the sample.
    func weight(distance: Double) -> Double {
        var total = 0.0
        if boxShare < 1 {
            total += (1 - boxShare) * Self.catmullRom(distance)
        }
        if boxShare > 0 {
            // The exact overlap of the pixel [d - 0.5, d + 0.5] with the box [-scale/2, scale/2].
            let low = max(distance - 0.5, -scale / 2)
            let high = min(distance + 0.5, scale / 2)
            total += boxShare * max(0, high - low) / scale
        }
        return total
    }

    /// The first pixel of the window for a sample at `position`, and the fraction that sets its
    /// weights (weights depend on the position only through it).
    func window(position: Double) -> (first: Int, fraction: Double) {
        let reach = position - radius - 0.5
        let floor = reach.rounded(.down)
        return (Int(floor) + 1, reach - floor)
    }

    /// Writes the `taps` weights of the window whose placement fraction is `fraction` to `weights`.
    func weights(fraction: Double, into weights: UnsafeMutablePointer<Double>) {
        // Pixel k of the window has its centre k + 1 - fraction - radius from the sample.
        for k in 0..<taps {
            weights[k] = weight(distance: Double(k) + 1 - fraction - radius)
        }
    }

    /// The Catmull-Rom cubic (Keys, a = -0.5): interpolating, reproduces straight ramps exactly,
    /// and overshoots a hard edge by at most about 7%.
    static func catmullRom(_ x: Double) -> Double {
        let x = abs(x)
        if x < 1 {
            return (1.5 * x - 2.5) * x * x + 1
        }
        if x < 2 {
            return ((-0.5 * x + 2.5) * x - 4) * x + 2
        }
        return 0
    }
}
