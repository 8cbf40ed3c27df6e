import Foundation

/// Halftone: the picture printed as CMYK dots, each ink on its own rotated screen, each dot
/// sized from the ink's average coverage around its centre.
///
/// The screens are fixed per seed (angle offset and phase), not per frame, so a still picture
/// prints the same dots every frame.
final class HalftoneFilter: StyleFilter {
    /// One ink's dot screen: dots sit on the integer lattice of the rotated coordinates
    /// `u = (x cos θ + y sin θ) / cell + phase.u`, `v = (y cos θ - x sin θ) / cell + phase.v`.
    private struct Screen {
        /// Cosine of the screen angle, divided by the cell size.
        let cosine: Float
        /// Sine of the screen angle, divided by the cell size.
        let sine: Float
        /// Screen offset along u, in cells.
        let phaseU: Float
        /// Screen offset along v, in cells.
        let phaseV: Float
        /// The lowest lattice u that has a dot touching the picture.
        let firstU: Float
        /// The lowest lattice v that has a dot touching the picture.
        let firstV: Float
        /// One dot radius (in cells) per lattice point, row-major over v; refilled every frame.
        let radii: Plane<Float>
    }

    private let width: Int
    private let height: Int
    /// Side of one screen cell in pixels.
    let cellSize: Float
    /// Pixels per side of the blocks the inks are measured on: dots only need coverage at cell
    /// scale, so separating and blurring on a grid a few times coarser saves most of the work.
    private let step: Int
    /// Cyan, magenta, yellow and black coverage, 0...1, on the coarse grid, blurred to cell scale.
    private let inks: [Plane<Float>]
    private let scratch: Plane<Float>
    private let blur: GaussianBlur
    /// Cyan, magenta, yellow and black screens, in that order.
    private let screens: [Screen]
    /// Coverage in 1/256 → dot radius in cells, so the inked area of a cell matches the coverage.
    private let radiusTable: Plane<Float>
    /// Per row band: one ink row per screen, then a distance row and a lattice index row.
    private let rowScratch: Plane<Float>

    /// Classic screen angles in degrees: cyan 15, magenta 75, yellow 0, black 45.
    private static let angles: [Double] = [15, 75, 0, 45]
    /// Paper colour, a slightly warm white.
    private static let paperColour: (Float, Float, Float) = (250, 247, 238)
    /// Grey shared by C, M and Y below which there is no black ink ("skeleton black"): light
    /// tones print as colour rosettes, black only builds up in the shadows.
    private static let blackStart: Float = 0.3
    /// Scratch rows per band: four inks, distance, lattice index.
    private static let rowsPerBand = 6

    /// A halftone filter for frames of `width` × `height`, its screens placed by `seed`.
    init(width: Int, height: Int, seed: UInt64) {
        self.width = width
        self.height = height
        let scale = PixelMath.scale(width: width, height: height)
        let cell = Float(max(4, 7 * scale))
        cellSize = cell
        step = max(1, Int(cell / 2))
        let coarseWidth = (width + step - 1) / step
        let coarseHeight = (height + step - 1) / step
        inks = (0..<4).map { _ in Plane(width: coarseWidth, height: coarseHeight, value: 0) }
        scratch = Plane(width: coarseWidth, height: coarseHeight, value: 0)
        blur = GaussianBlur(sigma: Double(cell) * 0.4 / Double(step))
        let turn = (SeededRandom.hashUnit(seed: seed, 0x6861_6C66) - 0.5) * 30
        screens = Self.angles.enumerated().map { index, angle in
            Self.screen(
                angle: (angle + turn) * Double.pi / 180, cell: Double(cell), width: width, height: height,
                phase: (
                    SeededRandom.hashUnit(seed: seed, 0x6861_6C66, UInt64(index) + 1, 1),
                    SeededRandom.hashUnit(seed: seed, 0x6861_6C66, UInt64(index) + 1, 2)
                ))
        }
        radiusTable = Plane(values: (0...256).map { Float(Self.radius(coverage: Double($0) / 256)) })
        rowScratch = Plane(width: width, height: RowBands.capacity(rows: height) * Self.rowsPerBand, value: 0)
    }

    /// Applies the look; `frameIndex` is ignored (the screens do not move).
    func apply(to pixels: UnsafeMutablePointer<UInt8>, frameIndex: Int) {
        separate(pixels)
        for ink in inks {
            blur.apply(to: ink, scratch: scratch)
        }
        for (screen, ink) in zip(screens, inks) {
            sizeDots(of: screen, from: ink)
        }
        compose(into: pixels)
    }

    /// Averages rgb24 over `step`-pixel blocks and splits each average into CMYK coverage, black
    /// replacing the grey shared by C, M and Y above `blackStart`.
    private func separate(_ pixels: UnsafeMutablePointer<UInt8>) {
        let (width, height, step) = (width, height, step)
        let (cyan, magenta, yellow, black) = (inks[0], inks[1], inks[2], inks[3])
        let blackStart = Self.blackStart
        let blackScale = 1 / (1 - blackStart)
        RowBands.run(rows: cyan.height) { _, rows in
            for blockY in rows {
                let top = blockY * step
                let bottom = min(height, top + step)
                for blockX in 0..<cyan.width {
                    let left = blockX * step
                    let right = min(width, left + step)
                    var sums: (UInt32, UInt32, UInt32) = (0, 0, 0)
                    for y in top..<bottom {
                        let row = pixels + y * width * 3
                        for x in left..<right {
                            sums.0 &+= UInt32(row[3 * x])
                            sums.1 &+= UInt32(row[3 * x + 1])
                            sums.2 &+= UInt32(row[3 * x + 2])
                        }
                    }
                    let scale = 1 / (255 * Float((bottom - top) * (right - left)))
                    let c = 1 - Float(sums.0) * scale
                    let m = 1 - Float(sums.1) * scale
                    let yl = 1 - Float(sums.2) * scale
                    let k = max(0, min(c, min(m, yl)) - blackStart) * blackScale
                    // (1 - c) = (1 - c') (1 - k): the separation reproduces the colour exactly.
                    let rest = 1 / max(1e-4, 1 - k)
                    let index = blockY * cyan.width + blockX
                    cyan.base[index] = max(0, c - k) * rest
                    magenta.base[index] = max(0, m - k) * rest
                    yellow.base[index] = max(0, yl - k) * rest
                    black.base[index] = k
                }
            }
        }
    }

    /// Sets the radius of every dot of `screen` from the blurred `ink` coverage at its centre.
    private func sizeDots(of screen: Screen, from ink: Plane<Float>) {
        let table = radiusTable.base
        let toCoarse = cellSize * cellSize / Float(step)
        let radii = screen.radii
        for row in 0..<radii.height {
            let v = screen.firstV + Float(row) - screen.phaseV
            let output = radii.row(row)
            for column in 0..<radii.width {
                let u = screen.firstU + Float(column) - screen.phaseU
                // The inverse rotation, back to picture pixels, then to the coarse grid.
                let x = (u * screen.cosine - v * screen.sine) * toCoarse - 0.5
                let y = (u * screen.sine + v * screen.cosine) * toCoarse - 0.5
                let sampleX = PixelMath.index(x, limit: ink.width - 1)
                let sampleY = PixelMath.index(y, limit: ink.height - 1)
                let coverage = ink.row(sampleY)[sampleX]
                output[column] = table[PixelMath.index(coverage * 256, limit: 256)]
            }
        }
    }

    /// Prints the four screens onto the paper.
    private func compose(into pixels: UnsafeMutablePointer<UInt8>) {
        let width = width
        let screens = screens
        let cell = cellSize
        let rowScratch = rowScratch
        let (paperRed, paperGreen, paperBlue) = Self.paperColour
        RowBands.run(rows: height) { band, rows in
            let first = band * Self.rowsPerBand
            let (cyan, magenta, yellow, black) = (
                rowScratch.row(first), rowScratch.row(first + 1), rowScratch.row(first + 2),
                rowScratch.row(first + 3)
            )
            let distances = rowScratch.row(first + 4)
            let cells = rowScratch.row(first + 5)
            for y in rows {
                for (index, screen) in screens.enumerated() {
                    Self.printRow(
                        y: y, screen: screen, width: width, cell: cell, into: rowScratch.row(first + index),
                        distances: distances, cells: cells)
                }
                let output = pixels + y &* width &* 3
                for x in 0..<width {
                    let paper = 1 - black[x]
                    // Wrapping index arithmetic: no overflow checks, so the stores can vectorise.
                    output[3 &* x] = PixelMath.byte(paperRed * (1 - cyan[x]) * paper)
                    output[3 &* x &+ 1] = PixelMath.byte(paperGreen * (1 - magenta[x]) * paper)
                    output[3 &* x &+ 2] = PixelMath.byte(paperBlue * (1 - yellow[x]) * paper)
                }
            }
        }
    }

    /// How much of each pixel of row `y` the nearest dot of `screen` covers, 0...1, with a
    /// one-pixel soft edge, written to `output`.
    ///
    /// Two loops: the first (lattice point and distance per pixel) vectorises; the second looks
    /// the dot radii up.
    @inline(__always)
    private static func printRow(
        y: Int, screen: Screen, width: Int, cell: Float, into output: UnsafeMutablePointer<Float>,
        distances: UnsafeMutablePointer<Float>, cells: UnsafeMutablePointer<Float>
    ) {
        let pointY = Float(y) + 0.5
        let rowU = pointY * screen.sine + screen.phaseU
        let rowV = pointY * screen.cosine + screen.phaseV
        let columns = Float(screen.radii.width)
        let lastCell = Float(screen.radii.count - 1)
        for x in 0..<width {
            let pointX = Float(x) + 0.5
            let u = rowU + pointX * screen.cosine
            let v = rowV - pointX * screen.sine
            let latticeU = PixelMath.rounded(u)
            let latticeV = PixelMath.rounded(v)
            let du = u - latticeU
            let dv = v - latticeV
            distances[x] = (du * du + dv * dv).squareRoot()
            // Integer-valued, exact in Float: the lattice point's index in `screen.radii`.
            let index = (latticeV - screen.firstV) * columns + (latticeU - screen.firstU)
            cells[x] = min(lastCell, max(0, index))
        }
        let radii = screen.radii.base
        for x in 0..<width {
            let radius = radii[Int(cells[x])]
            output[x] = min(1, max(0, (radius - distances[x]) * cell + 0.5))
        }
    }

    /// A screen at `angle` radians with cells of `cell` pixels and `phase` (in cells), with a
    /// radius slot for every lattice point whose dot can touch a `width` × `height` picture.
    private static func screen(
        angle: Double, cell: Double, width: Int, height: Int, phase: (Double, Double)
    ) -> Screen {
        let cosine = cos(angle) / cell
        let sine = sin(angle) / cell
        let corners = [
            (0.0, 0.0), (Double(width), 0.0), (0.0, Double(height)), (Double(width), Double(height)),
        ]
        let us = corners.map { $0.0 * cosine + $0.1 * sine + phase.0 }
        let vs = corners.map { $0.1 * cosine - $0.0 * sine + phase.1 }
        // One lattice point of margin: a pixel's nearest point can lie just outside the picture.
        let firstU = (us.min() ?? 0).rounded(.down) - 1
        let firstV = (vs.min() ?? 0).rounded(.down) - 1
        let columns = Int((us.max() ?? 0).rounded(.up) - firstU) + 2
        let rows = Int((vs.max() ?? 0).rounded(.up) - firstV) + 2
        return Screen(
            cosine: Float(cosine), sine: Float(sine), phaseU: Float(phase.0), phaseV: Float(phase.1),
            firstU: Float(firstU), firstV: Float(firstV), radii: Plane(width: columns, height: rows, value: 0)
        )
    }

    /// The dot radius, in cells, whose circle clipped to its unit cell covers `coverage` of it.
    private static func radius(coverage: Double) -> Double {
        var low = 0.0
        var high = 0.5 * 2.0.squareRoot()
        for _ in 0..<40 {
            let middle = (low + high) / 2
            if coveredArea(radius: middle) < coverage { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// Area of a circle of `radius` centred in a unit square, inside the square.
    private static func coveredArea(radius: Double) -> Double {
        let circle = Double.pi * radius * radius
        guard radius > 0.5 else { return circle }
        // Take off the four caps beyond the square's sides.
        let angle = 2 * acos(0.5 / radius)
        let cap = 0.5 * radius * radius * (angle - sin(angle))
        return min(1, circle - 4 * cap)
    }
}
