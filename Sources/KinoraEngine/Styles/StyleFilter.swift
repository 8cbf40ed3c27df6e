/// The per-frame work of one look, on packed rgb24 frames of the size the filter was made for.
protocol StyleFilter: AnyObject {
    /// Applies the full look in place to `pixels`, `width * height * 3` bytes of rgb24.
    ///
    /// The result depends only on the pixels, the filter's seed and `frameIndex`.
    func apply(to pixels: UnsafeMutablePointer<UInt8>, frameIndex: Int)
}
