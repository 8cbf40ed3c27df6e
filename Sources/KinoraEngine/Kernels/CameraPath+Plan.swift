import Foundation
import KinoraCore

extension CameraPath {
    /// The seeded parameters of one move, drawn once so every frame is a pure function of its index.
    enum Plan: Sendable, Equatable {
        /// A locked-off camera on the cover crop: static means static, no drift.
        case still(centerX: Double, centerY: Double)
        /// Push-in or pull-out about a focal point.
        case zoom(ZoomPlan)
        /// Pan, tilt or truck: a slide along one axis.
        case slide(SlidePlan)
        /// A sideways arc about a pivot depth.
        case orbit(OrbitPlan)
        /// A slow hand-held wobble.
        case handheld(HandheldPlan)
        /// An eased move between two seeded framings.
        case kenBurns(KenBurnsPlan)

        /// The random stream of camera paths, apart from every other use of a take's seed.
        static let stream: UInt64 = 0xCA3E_7A11

        /// Draws the plan of `motion`; `source` and `cover` are sizes in source pixels.
        static func make(
            motion: CameraMotion, intensity: Double, seed: UInt64, source: (Double, Double),
            cover: (Double, Double)
        ) -> Plan {
            var random = SeededRandom(seed: seed, stream: stream)
            let frame = Frame(source: source, cover: cover, intensity: intensity)
            switch motion {
            case .static:
                return .still(centerX: source.0 / 2, centerY: source.1 / 2)
            case .pushIn, .pullOut:
                return .zoom(ZoomPlan(frame: frame, inward: motion == .pushIn, random: &random))
            case .panLeft, .panRight, .tiltUp, .tiltDown, .truckLeft, .truckRight:
                return .slide(SlidePlan(frame: frame, motion: motion, random: &random))
            case .orbit:
                return .orbit(OrbitPlan(frame: frame, random: &random))
            case .handheld:
                return .handheld(HandheldPlan(frame: frame, random: &random))
            case .kenBurns:
                return .kenBurns(KenBurnsPlan(frame: frame, random: &random))
            }
        }

        /// The camera at frame `frame`, linear progress `progress` and eased progress `eased`.
        func pose(frame: Int, progress: Double, eased: Double) -> Pose {
            switch self {
            case .still(let centerX, let centerY):
                return Pose(zoom: 1, centerX: centerX, centerY: centerY)
            case .zoom(let plan):
                return plan.pose(eased: eased)
            case .slide(let plan):
                return plan.pose(progress: progress, eased: eased)
            case .orbit(let plan):
                return plan.pose(eased: eased)
            case .handheld(let plan):
                return plan.pose(frame: frame)
            case .kenBurns(let plan):
                return plan.pose(eased: eased)
            }
        }
    }

    /// The camera in one frame, before it is sized from the cover crop and kept in the source.
    struct Pose {
        /// Magnification of the cover crop (1 shows all of it).
        var zoom: Double
        /// Wanted horizontal centre, in source pixels.
        var centerX: Double
        /// Wanted vertical centre, in source pixels.
        var centerY: Double
        /// See ``Viewport/parallax``.
        var parallax: Double = 0
        /// See ``Viewport/parallaxPivot``.
        var pivot: Double = 0
    }

    /// The sizes every plan is drawn from.
    struct Frame {
        /// Source width and height.
        var source: (Double, Double)
        /// Cover crop width and height.
        var cover: (Double, Double)
        /// Clamped intensity.
        var intensity: Double
    }

    /// One seeded sine, a building block of smooth wobble.
    struct Wave: Sendable, Equatable {
        /// Peak value.
        var amplitude: Double
        /// Cycles per unit of the input (per frame or per shot).
        var frequency: Double
        /// Phase in cycles.
        var phase: Double

        /// The wave's value at `x`.
        func value(_ x: Double) -> Double {
            amplitude * sin(2 * .pi * (frequency * x + phase))
        }

        /// `count` waves with frequencies in `frequencies` whose amplitudes add up to one, so their
        /// sum never leaves `-1...1`.
        static func seeded(
            count: Int, frequencies: ClosedRange<Double>, random: inout SeededRandom
        ) -> [Wave] {
            var waves: [Wave] = []
            for index in 0..<count {
                // Later waves are faster and weaker, as in real camera shake.
                let weight = random.next(in: 0.6...1.0) / Double(index + 1)
                let frequency = random.next(in: frequencies)
                waves.append(Wave(amplitude: weight, frequency: frequency, phase: random.nextUnit()))
            }
            let total = waves.reduce(0) { $0 + $1.amplitude }
            return waves.map {
                Wave(amplitude: $0.amplitude / total, frequency: $0.frequency, phase: $0.phase)
            }
        }

        /// The sum of `waves` at `x`.
        static func sum(_ waves: [Wave], at x: Double) -> Double {
            waves.reduce(0) { $0 + $1.value(x) }
        }
    }

    /// Push-in and pull-out: a zoom that keeps a seeded focal point where it is in the frame.
    struct ZoomPlan: Sendable, Equatable {
        /// The point zoomed towards, in the centre third of the cover crop.
        var focusX: Double
        /// Its vertical position.
        var focusY: Double
        /// Centre of the cover crop.
        var centerX: Double
        /// Its vertical centre.
        var centerY: Double
        /// Zoom at the tight end of the move.
        var endZoom: Double
        /// True for push-in, false for pull-out.
        var inward: Bool

        /// Draws the focal point.
        init(frame: Frame, inward: Bool, random: inout SeededRandom) {
            centerX = frame.source.0 / 2
            centerY = frame.source.1 / 2
            focusX = centerX + (random.nextUnit() - 0.5) * frame.cover.0 / 3
            focusY = centerY + (random.nextUnit() - 0.5) * frame.cover.1 / 3
            endZoom = 1 + 0.3 * frame.intensity
            self.inward = inward
        }

        /// The camera at eased progress `eased`.
        func pose(eased: Double) -> Pose {
            // Zoom is interpolated in log space, so equal steps of progress look like equal
            // steps of speed; the focal point stays put on screen, which also keeps the viewport
            // inside the cover crop.
            let amount = inward ? eased : 1 - eased
            let zoom = exp(amount * log(endZoom))
            return Pose(
                zoom: zoom, centerX: focusX + (centerX - focusX) / zoom,
                centerY: focusY + (centerY - focusY) / zoom)
        }
    }

    /// Pan, tilt and truck: travel along one axis with a slow seeded drift across it.
    struct SlidePlan: Sendable, Equatable {
        /// Zoom that leaves room to travel, drift and shift with parallax.
        var zoom: Double
        /// True for pan and truck (along x), false for tilt.
        var horizontal: Bool
        /// Centre along the axis at the first frame.
        var from: Double
        /// Centre along the axis at the last frame.
        var to: Double
        /// Centre across the axis, before drift.
        var across: Double
        /// Drift across the axis, in source pixels at its peak.
        var drift: Double
        /// The drift's shape, over the whole shot.
        var waves: [Wave]
        /// Parallax from the first to the last frame (truck only), in source pixels.
        var parallaxTravel: Double

        /// Works out the travel for `motion` and draws its start and drift.
        init(frame: Frame, motion: CameraMotion, random: inout SeededRandom) {
            let intensity = frame.intensity
            horizontal = motion != .tiltUp && motion != .tiltDown
            let isTruck = motion == .truckLeft || motion == .truckRight
            let forward = motion == .panRight || motion == .tiltDown || motion == .truckRight
            let alongSource = horizontal ? frame.source.0 : frame.source.1
            let acrossSource = horizontal ? frame.source.1 : frame.source.0
            let alongCover = horizontal ? frame.cover.0 : frame.cover.1
            let acrossCover = horizontal ? frame.cover.1 : frame.cover.0
            // Fractions of the viewport's own length.
            let travelFraction = (isTruck ? 0.08 : 0.15) * intensity * random.next(in: 0.8...1.2)
            let parallaxFraction = isTruck ? 0.06 * intensity : 0
            let driftFraction = 0.02 * intensity
            // Zoom in just enough that the travel, the parallax and the drift fit in the source.
            zoom = max(
                1, alongCover * (1 + travelFraction + parallaxFraction) / alongSource,
                acrossCover * (1 + 2 * driftFraction) / acrossSource)
            let along = alongCover / zoom
            let across = acrossCover / zoom
            let margin = parallaxFraction * along / 2
            let spare = max(0, alongSource - along - 2 * margin)
            // A source with room to spare is crossed further, up to about half a frame.
            let wanted = max(travelFraction * along, min(spare, 0.45 * intensity * along))
            let travel = min(spare, wanted)
            let start = margin + along / 2 + (spare - travel) * random.nextUnit()
            from = forward ? start : start + travel
            to = forward ? start + travel : start
            drift = driftFraction * across
            let acrossRoom = max(0, (acrossSource - across) / 2 - drift)
            self.across = acrossSource / 2 + (random.nextUnit() * 2 - 1) * 0.8 * acrossRoom
            waves = Wave.seeded(count: 2, frequencies: 0.3...1.1, random: &random)
            parallaxTravel = (forward ? 1 : -1) * parallaxFraction * along
        }

        /// The camera at linear progress `progress` (drift) and eased progress `eased` (travel).
        func pose(progress: Double, eased: Double) -> Pose {
            let along = from + (to - from) * eased
            let across = self.across + drift * Wave.sum(waves, at: progress)
            // The far plane (depth 0) rides with the viewport; depth 1 slides `parallaxTravel` further.
            let parallax = parallaxTravel * (eased - 0.5)
            if horizontal {
                return Pose(zoom: zoom, centerX: along, centerY: across, parallax: parallax, pivot: 0)
            }
            return Pose(zoom: zoom, centerX: across, centerY: along, parallax: parallax, pivot: 0)
        }
    }

    /// Orbit: near and far things slide opposite ways about a pivot depth, along a sine arc, while
    /// the subject at the pivot stays put and the camera rises or sinks a little along the arc.
    struct OrbitPlan: Sendable, Equatable {
        /// Zoom that leaves room for the parallax and the rise.
        var zoom: Double
        /// Horizontal centre of the arc.
        var centerX: Double
        /// Vertical centre at the middle of the arc.
        var centerY: Double
        /// Vertical travel at the ends of the arc, in source pixels (signed).
        var lift: Double
        /// Parallax at the ends of the arc, in source pixels (signed).
        var swing: Double
        /// The depth that stays put (the subject the camera circles).
        var pivot: Double
        /// Extra zoom at the middle of the arc, as a fraction.
        var bulge: Double

        /// Draws the direction, strength, pivot and rise.
        init(frame: Frame, random: inout SeededRandom) {
            let intensity = frame.intensity
            let direction: Double = random.nextUnit() < 0.5 ? -1 : 1
            pivot = random.next(in: 0.35...0.65)
            let swingFraction = 0.05 * intensity * random.next(in: 0.7...1.3)
            let liftFraction = 0.03 * intensity * random.next(in: -1...1)
            // Room each side for the largest parallax shift, and above and below for the rise.
            zoom = max(
                1, frame.cover.0 * (1 + 2 * swingFraction * max(pivot, 1 - pivot)) / frame.source.0,
                frame.cover.1 * (1 + 2 * abs(liftFraction)) / frame.source.1)
            let width = frame.cover.0 / zoom
            let height = frame.cover.1 / zoom
            centerX = frame.source.0 / 2
            let room = max(0, (frame.source.1 - height) / 2 - abs(liftFraction) * height)
            centerY = frame.source.1 / 2 + (random.nextUnit() * 2 - 1) * 0.5 * room
            lift = liftFraction * height
            swing = direction * swingFraction * width
            bulge = 0.03 * intensity
        }

        /// The camera at eased progress `eased`.
        func pose(eased: Double) -> Pose {
            let arc = sin(.pi * (eased - 0.5))
            let zoom = self.zoom * (1 + bulge * cos(.pi * (eased - 0.5)))
            return Pose(
                zoom: zoom, centerX: centerX, centerY: centerY + lift * arc, parallax: swing * arc,
                pivot: pivot)
        }
    }

    /// Hand-held: a slight zoom with a smooth wobble made of a few slow seeded sines.
    struct HandheldPlan: Sendable, Equatable {
        /// Zoom that leaves room for the wobble.
        var zoom: Double
        /// Centre of the source.
        var centerX: Double
        /// Vertical centre of the source.
        var centerY: Double
        /// Peak horizontal wobble, in source pixels.
        var reachX: Double
        /// Peak vertical wobble.
        var reachY: Double
        /// Horizontal wobble, per frame.
        var wavesX: [Wave]
        /// Vertical wobble, per frame.
        var wavesY: [Wave]
        /// Slow breathing of the zoom, per frame.
        var breath: Wave

        /// Wobble frequencies assume about 24 frames a second: 0.15–1.1 Hz, a held camera's sway.
        static let framesPerSecond = 24.0

        /// Draws the wobble.
        init(frame: Frame, random: inout SeededRandom) {
            let intensity = frame.intensity
            zoom = 1 + 0.05 * intensity
            centerX = frame.source.0 / 2
            centerY = frame.source.1 / 2
            // Stay within 90% of the room the zoom made on each side.
            reachX = 0.9 * (frame.cover.0 - frame.cover.0 / zoom) / 2
            reachY = 0.9 * (frame.cover.1 - frame.cover.1 / zoom) / 2
            let perFrame = (0.15 / Self.framesPerSecond)...(1.1 / Self.framesPerSecond)
            wavesX = Wave.seeded(count: 3, frequencies: perFrame, random: &random)
            wavesY = Wave.seeded(count: 3, frequencies: perFrame, random: &random)
            breath = Wave(
                amplitude: 0.0075 * intensity,
                frequency: random.next(in: (0.1 / Self.framesPerSecond)...(0.3 / Self.framesPerSecond)),
                phase: random.nextUnit())
        }

        /// The camera at frame `frame`.
        func pose(frame: Int) -> Pose {
            let x = Double(frame)
            // Breathing only zooms in (1 + amplitude + wave >= 1), so it never eats the margin.
            let zoom = self.zoom * (1 + breath.amplitude + breath.value(x))
            return Pose(
                zoom: zoom, centerX: centerX + reachX * Wave.sum(wavesX, at: x),
                centerY: centerY + reachY * Wave.sum(wavesY, at: x))
        }
    }

    /// Ken Burns: an eased move between two seeded framings, one loose and one tight.
    struct KenBurnsPlan: Sendable, Equatable {
        /// Zoom, centre x and centre y of the first frame.
        var start: (zoom: Double, x: Double, y: Double)
        /// Zoom, centre x and centre y of the last frame.
        var end: (zoom: Double, x: Double, y: Double)

        /// Draws both framings; zooms lie in `1...1 + 0.3 × intensity`.
        init(frame: Frame, random: inout SeededRandom) {
            let range = 0.3 * frame.intensity
            let inward = random.nextUnit() < 0.5
            let loose = 1 + range * 0.3 * random.nextUnit()
            let tight = 1 + range * random.next(in: 0.7...1.0)
            start = Self.framing(frame: frame, zoom: inward ? loose : tight, random: &random)
            end = Self.framing(frame: frame, zoom: inward ? tight : loose, random: &random)
        }

        /// A framing at `zoom` with a seeded centre anywhere it fits.
        private static func framing(
            frame: Frame, zoom: Double, random: inout SeededRandom
        ) -> (zoom: Double, x: Double, y: Double) {
            let spareX = frame.source.0 - frame.cover.0 / zoom
            let spareY = frame.source.1 - frame.cover.1 / zoom
            let reach = 0.9 * min(1, frame.intensity)
            let x = frame.source.0 / 2 + (random.nextUnit() - 0.5) * spareX * reach
            let y = frame.source.1 / 2 + (random.nextUnit() - 0.5) * spareY * reach
            return (zoom, x, y)
        }

        /// The camera at eased progress `eased`.
        func pose(eased: Double) -> Pose {
            // Log-space zoom with a linear centre keeps every in-between framing inside the source
            // (its edges are a linear term plus a concave or convex one).
            let zoom = exp(log(start.zoom) + (log(end.zoom) - log(start.zoom)) * eased)
            return Pose(
                zoom: zoom, centerX: start.x + (end.x - start.x) * eased,
                centerY: start.y + (end.y - start.y) * eased)
        }

        /// Plans are equal when both framings are.
        static func == (lhs: KenBurnsPlan, rhs: KenBurnsPlan) -> Bool {
            lhs.start == rhs.start && lhs.end == rhs.end
        }
    }
}
