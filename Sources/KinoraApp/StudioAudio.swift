import KinoraSound

/// Where the studio's sound goes.
public enum StudioAudio: Sendable {
    /// The system's audio through ALSA: `KINORA_AUDIO_DEVICE`, else "default".
    case system
    /// The named ALSA device.
    case device(String)
    /// Another output (tests).
    case output(any AudioOutput)
}
