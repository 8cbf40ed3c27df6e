import Foundation
/// Temporary until the theme system lands.
public struct Theme: Sendable {
    public let name: String
    public func style(_ scope: String) -> CellStyle {
        scope.hasSuffix(".selected") ? CellStyle(attributes: .reverse) : .plain
    }
    public static let fallback = Theme(name: "plain")
}
extension Theme {
    public static func load(named: String, directories: [Foundation.URL]) throws -> Theme { .fallback }
    public func mapped(to depth: ColorDepth) -> Theme { self }
}
