/// A `width` × `height` grid of plain values in one allocation, made once and reused every frame.
///
/// Raw memory rather than an array: row bands on several threads write their own rows through the
/// pointer, with no copy-on-write or exclusivity checks inside the inner loops.
final class Plane<Element: BitwiseCopyable> {
    /// Values per row.
    let width: Int
    /// Number of rows.
    let height: Int
    /// The first value of the top row; rows follow each other with no padding.
    let base: UnsafeMutablePointer<Element>

    /// A plane with every value set to `value`.
    init(width: Int, height: Int, value: Element) {
        self.width = max(0, width)
        self.height = max(0, height)
        // One slot even when empty, so `base` is always a valid allocation.
        let capacity = max(1, self.width * self.height)
        base = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        base.initialize(repeating: value, count: capacity)
    }

    /// A one-row plane holding `values`, for lookup tables and kernels; `values` must not be empty.
    init(values: [Element]) {
        precondition(!values.isEmpty, "a table plane needs at least one value")
        width = values.count
        height = 1
        base = UnsafeMutablePointer<Element>.allocate(capacity: values.count)
        _ = UnsafeMutableBufferPointer(start: base, count: values.count).initialize(from: values)
    }

    deinit {
        base.deallocate()
    }

    /// Number of values.
    var count: Int { width * height }

    /// The first value of row `y`.
    @inline(__always)
    func row(_ y: Int) -> UnsafeMutablePointer<Element> {
        base + y * width
    }
}
