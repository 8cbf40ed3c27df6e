/// A pointer handed to the bands of one pass, each of which touches only its own part of the
/// memory (or only reads), so sharing it across threads is safe though the compiler cannot see it.
struct SamplerPointer<Pointee>: @unchecked Sendable {
    /// The pointer.
    let pointer: UnsafeMutablePointer<Pointee>

    /// Wraps `pointer`.
    init(_ pointer: UnsafeMutablePointer<Pointee>) {
        self.pointer = pointer
    }
}
