/// A separable maximum filter on `Float` planes (a square dilation), used to thicken ink lines.
enum MaxFilter {
    /// Each output pixel is the largest of the `2 * radius + 1` source pixels around it in its row.
    static func horizontal(from source: Plane<Float>, to destination: Plane<Float>, radius: Int) {
        let width = source.width
        RowBands.run(rows: source.height) { _, rows in
            for y in rows {
                let input = source.row(y)
                let output = destination.row(y)
                output.update(from: input, count: width)
                guard radius > 0 else { continue }
                for offset in 1...radius {
                    // Interior through shifted pointers (vectorises); the ends clamp.
                    let low = min(width, offset)
                    let high = max(low, width - offset)
                    let (left, right) = (input - offset, input + offset)
                    for x in low..<high {
                        output[x] = max(output[x], max(left[x], right[x]))
                    }
                    for edge in 0..<(low + width - high) {
                        let x = edge < low ? edge : high + edge - low
                        output[x] = max(
                            output[x], max(input[max(0, x - offset)], input[min(width - 1, x + offset)]))
                    }
                }
            }
        }
    }

    /// Each output pixel is the largest of the `2 * radius + 1` source pixels around it in its column.
    static func vertical(from source: Plane<Float>, to destination: Plane<Float>, radius: Int) {
        let width = source.width
        let lastRow = source.height - 1
        RowBands.run(rows: source.height) { _, rows in
            for y in rows {
                let output = destination.row(y)
                output.update(from: source.row(y), count: width)
                guard radius > 0 else { continue }
                for offset in 1...radius {
                    let upper = source.row(max(0, y - offset))
                    let lower = source.row(min(lastRow, y + offset))
                    for x in 0..<width {
                        output[x] = max(output[x], max(upper[x], lower[x]))
                    }
                }
            }
        }
    }
}
