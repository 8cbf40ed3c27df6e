import KinoraStudio

/// Runs the studio (placeholder until it lands).
public enum StudioApp {}
