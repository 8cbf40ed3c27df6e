import KinoraCore

extension TakeRequest {
    /// The request the engine is given. For an extended take, only the continuation: image-to-video from
    /// the base's last frame, one frame longer than it adds, since its first frame (the base's last) is
    /// dropped at the join. Any other request goes as it is.
    public var engineRequest: TakeRequest {
        guard let extends else { return self }
        var request = self
        let total = fps.frames(in: duration)
        let base = fps.frames(in: extends.baseDuration)
        request.duration = Double(max(2, total - base + 1)) / fps.framesPerSecond
        request.extends = nil
        request.firstFrame = nil
        return request
    }
}
