/// A growable block of scratch memory the samplers reuse from frame to frame.
///
/// It only ever grows, so once a move has rendered its first frames, rendering allocates nothing.
/// Not thread-safe: its owner hands out the base pointer to work that writes disjoint parts.
final class SamplerBuffer<Element: BitwiseCopyable> {
    /// The first element; valid until the next ``reserve(_:)`` that grows the buffer.
    private(set) var base: UnsafeMutablePointer<Element>
    /// Elements the buffer holds.
    private(set) var capacity: Int
    /// The value new memory is filled with.
    private let zero: Element

    /// An empty buffer whose memory is filled with `zero` when it grows.
    init(zero: Element) {
        self.zero = zero
        capacity = 1
        base = UnsafeMutablePointer<Element>.allocate(capacity: 1)
        base.initialize(to: zero)
    }

    deinit {
        base.deallocate()
    }

    /// Makes room for at least `count` elements (contents are not kept when it grows).
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        base.deallocate()
        // Grow by half again, so a slowly growing need does not reallocate every frame.
        capacity = max(count, capacity + capacity / 2)
        base = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        base.initialize(repeating: zero, count: capacity)
    }
}
