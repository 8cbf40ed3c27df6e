import Foundation

/// The few bytes of RIFF WAVE that hold 16-bit mono PCM: written for scratch voices, read back for their
/// length. Everything else about sound files goes through ffmpeg.
enum WAVFile {
    /// A WAV file's bytes for `samples` at `sampleRate`.
    static func data(samples: [Int16], sampleRate: Int) -> Data {
        var data = Data(capacity: 44 + samples.count * 2)
        func append<Value: FixedWidthInteger>(_ value: Value) {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        let bytes = UInt32(samples.count * 2)
        data.append(contentsOf: Array("RIFF".utf8))
        append(36 + bytes)
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        append(UInt32(16))
        append(UInt16(1))  // PCM
        append(UInt16(1))  // mono
        append(UInt32(sampleRate))
        append(UInt32(sampleRate * 2))
        append(UInt16(2))
        append(UInt16(16))
        data.append(contentsOf: Array("data".utf8))
        append(bytes)
        samples.map(\.littleEndian).withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }

    /// The length in seconds of a 16-bit mono WAV file Kinora wrote, or `nil` when there is none (or it
    /// is not one).
    static func duration(of url: URL) -> Double? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 44), header.count == 44,
            header.prefix(4) == Data("RIFF".utf8), header[8..<12] == Data("WAVE".utf8),
            let size = try? handle.seekToEnd()
        else { return nil }
        let rate = header[24..<28].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard rate > 0, size > 44 else { return nil }
        return Double(size - 44) / 2 / Double(rate)
    }
}
