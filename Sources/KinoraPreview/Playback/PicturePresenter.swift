import KinoraMedia

/// Turns the frames of a moving picture into the bytes that update it on the terminal, sending only
/// what changed since the last frame it presented.
///
/// A presenter remembers what is on the screen; a frame it is not asked to present (dropped for
/// time or bandwidth) leaves the screen, and its memory, as they were.
public protocol PicturePresenter {
    /// The bytes that make the picture show `frame`; `key` names the frame for the picture cache
    /// (the same key must always mean the same pixels).
    mutating func present(_ frame: RGBFrame, key: String) -> [UInt8]

    /// The bytes that end playback (free terminal memory, reset colours).
    mutating func finish() -> [UInt8]
}
