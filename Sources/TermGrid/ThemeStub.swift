/// Temporary until the theme system lands.
public struct Theme: Sendable {
    public let name: String
    public func style(_ scope: String) -> CellStyle {
        scope.hasSuffix(".selected") ? CellStyle(attributes: .reverse) : .plain
    }
    public static let fallback = Theme(name: "plain")
}
