import KinoraEngine
import Testing

@Test func engineVersionIsNamed() {
    #expect(BuiltinEngine.version.hasPrefix("builtin-"))
}
