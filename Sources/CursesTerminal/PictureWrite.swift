/// placeholder
public struct PictureWrite: Sendable, Hashable {
    public var row: Int
    public var column: Int
    public var bytes: [UInt8]
    public init(row: Int, column: Int, bytes: [UInt8]) {
        self.row = row
        self.column = column
        self.bytes = bytes
    }
}
