import Foundation
import KinoraMedia
import Testing

@testable import KinoraEngine

/// Synthetic pictures and measurements shared by the camera and sampler tests.
enum CameraFixtures {
    /// A 1-pixel black-and-white checkerboard.
    static func checkerboard(width: Int, height: Int) -> RGBFrame {
        var frame = RGBFrame(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width where (x + y) % 2 == 0 {
                frame[x, y] = RGB(red: 255, green: 255, blue: 255)
            }
        }
        return frame
    }

    /// A busy, never-dark texture (every channel in `50...250`): seeded sines plus pixel noise,
    /// so every part of it differs from every other.
    static func texture(width: Int, height: Int, seed: UInt64 = 1) -> RGBFrame {
        var frame = RGBFrame(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                var channels: [UInt8] = []
                for channel in 0..<3 {
                    let wave =
                        sin(Double(x) * (0.11 + 0.03 * Double(channel)) + Double(seed))
                        * cos(Double(y) * (0.07 + 0.02 * Double(channel)) - Double(channel))
                    let noise = SeededRandom.hashUnit(seed: seed, UInt64(x), UInt64(y), UInt64(channel))
                    channels.append(UInt8(150 + 70 * wave + 30 * (noise - 0.5)))
                }
                frame[x, y] = RGB(red: channels[0], green: channels[1], blue: channels[2])
            }
        }
        return frame
    }

    /// Smooth random blobs (value noise on an 8-pixel lattice) in `60...240`: nothing repeats, so
    /// a shift between two frames has one clear answer.
    static func noise(width: Int, height: Int, seed: UInt64 = 1) -> RGBFrame {
        var frame = RGBFrame(width: width, height: height)
        func lattice(_ x: Int, _ y: Int) -> Double {
            SeededRandom.hashUnit(seed: seed, UInt64(bitPattern: Int64(x)), UInt64(bitPattern: Int64(y)))
        }
        for y in 0..<height {
            for x in 0..<width {
                let fx = Double(x) / 8
                let fy = Double(y) / 8
                let (cx, cy) = (Int(fx), Int(fy))
                let (tx, ty) = (fx - Double(cx), fy - Double(cy))
                let top = lattice(cx, cy) * (1 - tx) + lattice(cx + 1, cy) * tx
                let bottom = lattice(cx, cy + 1) * (1 - tx) + lattice(cx + 1, cy + 1) * tx
                let value = UInt8(60 + 180 * (top * (1 - ty) + bottom * ty))
                frame[x, y] = RGB(red: value, green: value, blue: 240 - (value - 60))
            }
        }
        return frame
    }

    /// A frame of `background` grey with a dark round Gaussian spot of `sigma` pixels at `(x, y)`.
    static func spot(width: Int, height: Int, x: Double, y: Double, sigma: Double) -> RGBFrame {
        var frame = RGBFrame(width: width, height: height)
        for row in 0..<height {
            for column in 0..<width {
                let dx = Double(column) + 0.5 - x
                let dy = Double(row) + 0.5 - y
                let value = 200 - 160 * exp(-(dx * dx + dy * dy) / (2 * sigma * sigma))
                let byte = UInt8(value.rounded())
                frame[column, row] = RGB(red: byte, green: byte, blue: byte)
            }
        }
        return frame
    }

    /// The centroid of the darkness below 200 (the spot of ``spot(width:height:x:y:sigma:)``).
    static func spotCentroid(_ frame: RGBFrame) -> (x: Double, y: Double) {
        var total = 0.0
        var sumX = 0.0
        var sumY = 0.0
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let weight = max(0, 200 - Double(frame[x, y].green))
                total += weight
                sumX += weight * (Double(x) + 0.5)
                sumY += weight * (Double(y) + 0.5)
            }
        }
        return total > 0 ? (sumX / total, sumY / total) : (.nan, .nan)
    }

    /// FNV-1a of the frame's bytes: a stable fingerprint to compare frames by.
    static func fingerprint(_ frame: RGBFrame) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in frame.pixels {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The mean absolute difference of two frames' bytes.
    static func meanDifference(_ a: RGBFrame, _ b: RGBFrame) -> Double {
        precondition(a.pixels.count == b.pixels.count)
        var total = 0
        for index in a.pixels.indices {
            total += abs(Int(a.pixels[index]) - Int(b.pixels[index]))
        }
        return Double(total) / Double(max(1, a.pixels.count))
    }

    /// The standard deviation of all bytes of `frame`.
    static func standardDeviation(_ frame: RGBFrame) -> Double {
        let values = frame.pixels.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return variance.squareRoot()
    }

    /// The smallest channel value among the pixels of the outermost rows and columns.
    static func darkestEdge(_ frame: RGBFrame) -> UInt8 {
        var darkest: UInt8 = 255
        for y in 0..<frame.height {
            for x in 0..<frame.width where x == 0 || y == 0 || x == frame.width - 1 || y == frame.height - 1 {
                let pixel = frame[x, y]
                darkest = min(darkest, pixel.red, pixel.green, pixel.blue)
            }
        }
        return darkest
    }

    /// How far (in whole pixels, within `reach`) the rows `rows` of `later` are shifted
    /// sideways against `earlier`: the shift with the least difference of column profiles.
    static func horizontalShift(from earlier: RGBFrame, to later: RGBFrame, rows: Range<Int>, reach: Int)
        -> Int
    {
        func profile(_ frame: RGBFrame) -> [Double] {
            (0..<frame.width).map { x in
                rows.reduce(0.0) { $0 + Double(frame[x, $1].green) } / Double(rows.count)
            }
        }
        let before = profile(earlier)
        let after = profile(later)
        var best = 0
        var bestError = Double.infinity
        for shift in -reach...reach {
            var error = 0.0
            var count = 0
            for x in max(0, -shift)..<min(before.count, before.count - shift) {
                error += abs(after[x + shift] - before[x])
                count += 1
            }
            if count > 0, error / Double(count) < bestError {
                bestError = error / Double(count)
                best = shift
            }
        }
        return best
    }
}

/// Checks on the fixtures themselves, so a broken fixture cannot make other tests pass vacuously.
@Suite struct CameraFixturesTests {
    @Test func checkerboardAlternates() {
        let board = CameraFixtures.checkerboard(width: 4, height: 3)
        #expect(
            board[0, 0].red == 255 && board[1, 0].red == 0 && board[0, 1].red == 0 && board[1, 1].red == 255)
        #expect(CameraFixtures.standardDeviation(board) > 120)
    }

    @Test func textureIsBusyAndNeverDark() {
        let texture = CameraFixtures.texture(width: 64, height: 32)
        #expect(texture.pixels.min() ?? 0 >= 50)
        #expect(CameraFixtures.standardDeviation(texture) > 20)
    }

    @Test func spotCentroidFindsTheSpot() {
        let frame = CameraFixtures.spot(width: 80, height: 60, x: 30.25, y: 20.5, sigma: 3)
        let centroid = CameraFixtures.spotCentroid(frame)
        #expect(abs(centroid.x - 30.25) < 0.05 && abs(centroid.y - 20.5) < 0.05)
    }

    @Test func shiftFinderFindsAShift() {
        let texture = CameraFixtures.noise(width: 120, height: 20)
        var shifted = texture
        for y in 0..<20 {
            for x in 0..<120 {
                shifted[x, y] = texture[min(119, x + 5), y]
            }
        }
        #expect(CameraFixtures.horizontalShift(from: texture, to: shifted, rows: 0..<20, reach: 10) == -5)
    }
}
