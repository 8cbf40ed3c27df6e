import KinoraCore

/// The shape and timing of the picture stream that frames are decoded from.
public struct VideoStreamInfo: Sendable, Equatable, Codable {
    /// The stream's index in the file.
    public var index: Int
    /// Stored width in pixels (before rotation and pixel-aspect correction).
    public var width: Int
    /// Stored height in pixels.
    public var height: Int
    /// Frames per second (from `avg_frame_rate`, else `r_frame_rate`); 0 when unknown.
    public var fps: Double
    /// The exact rate as a fraction, when known.
    public var frameRate: FrameRate?
    /// Number of frames when the container records it (`nb_frames`).
    public var frameCount: Int?
    /// Codec name, for example `h264` or `png`.
    public var codec: String
    /// Pixel format, for example `yuv420p` or `rgb24`.
    public var pixelFormat: String?
    /// Width of one stored pixel relative to its height (1 for square pixels).
    public var sampleAspectRatio: Double
    /// Clockwise display rotation in degrees (0, 90, 180 or 270) of a moving video; ffmpeg
    /// applies it when decoding, so decoded frames are already upright. Always 0 for a still
    /// picture, whose turn is its ``orientation``.
    public var rotation: Int
    /// How a still picture's stored pixels are turned to be shown upright (a JPEG's EXIF
    /// Orientation); Kinora turns them when decoding, so decoded frames are upright. Always
    /// ``PictureOrientation/identity`` for a moving video.
    public var orientation: PictureOrientation

    /// Creates a value from its parts.
    public init(
        index: Int, width: Int, height: Int, fps: Double, frameRate: FrameRate? = nil,
        frameCount: Int? = nil, codec: String, pixelFormat: String? = nil,
        sampleAspectRatio: Double = 1, rotation: Int = 0, orientation: PictureOrientation = .identity
    ) {
        self.index = index
        self.width = width
        self.height = height
        self.fps = fps
        self.frameRate = frameRate
        self.frameCount = frameCount
        self.codec = codec
        self.pixelFormat = pixelFormat
        self.sampleAspectRatio = sampleAspectRatio
        self.rotation = rotation
        self.orientation = orientation
    }

    /// `true` when the picture is shown turned a quarter (a rotation of 90 or 270 degrees, or an
    /// orientation that trades width and height).
    public var isQuarterTurned: Bool { rotation % 180 != 0 || orientation.swapsAxes }

    /// The size decoded frames come out at before any scaling (rotation and orientation applied).
    public var decodedSize: PixelSize {
        isQuarterTurned ? PixelSize(width: height, height: width) : PixelSize(width: width, height: height)
    }

    /// The picture's width as shown, in square pixels (rotation, orientation and pixel aspect
    /// applied).
    public var displayWidth: Double {
        isQuarterTurned ? Double(height) : Double(width) * sampleAspectRatio
    }

    /// The picture's height as shown, in square pixels (see ``displayWidth``).
    public var displayHeight: Double {
        isQuarterTurned ? Double(width) * sampleAspectRatio : Double(height)
    }
}
