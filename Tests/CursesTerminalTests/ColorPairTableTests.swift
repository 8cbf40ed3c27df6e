import Testing

@testable import CursesTerminal

/// Colour pairs are made once per combination, reused, and compacted when they run out.
@Suite struct ColorPairTableTests {
    typealias Colors = ColorPairTable.Colors
    let red = Colors(foreground: 1, background: -1)
    let blue = Colors(foreground: 4, background: 0)
    let green = Colors(foreground: 2, background: 7)

    @Test func theTerminalsOwnColoursArePairZero() {
        var table = ColorPairTable(capacity: 4)
        #expect(table.pair(for: .standard) == .existing(0))
        #expect(table.count == 0)
        #expect(table.colors(ofPair: 0) == .standard)
    }

    @Test func aCombinationGetsOnePairAndKeepsIt() {
        var table = ColorPairTable(capacity: 4)
        #expect(table.pair(for: red) == .added(1))
        #expect(table.pair(for: blue) == .added(2))
        #expect(table.pair(for: red) == .existing(1))
        #expect(table.pair(for: blue) == .existing(2))
        #expect(table.count == 2)
        #expect(table.colors(ofPair: 2) == blue)
        #expect(table.colors(ofPair: 3) == nil)
        #expect(table.colors(ofPair: -1) == nil)
    }

    @Test func whenFullCompactingKeepsThePairsInUse() {
        var table = ColorPairTable(capacity: 2)
        #expect(table.pair(for: red) == .added(1))
        #expect(table.pair(for: blue) == .added(2))
        #expect(table.pair(for: green) == .full)
        let renumbered = table.compact(keeping: [0, 2])
        #expect(renumbered == [0: 0, 2: 1])
        #expect(table.colors(ofPair: 1) == blue)
        #expect(table.pair(for: blue) == .existing(1))
        #expect(table.pair(for: green) == .added(2))
        #expect(table.pair(for: red) == .full)
    }

    @Test func compactingWithNothingInUseStartsOver() {
        var table = ColorPairTable(capacity: 1)
        _ = table.pair(for: red)
        #expect(table.compact(keeping: []) == [0: 0])
        #expect(table.count == 0)
        #expect(table.pair(for: green) == .added(1))
    }

    @Test func noPairsAtAll() {
        var table = ColorPairTable(capacity: 0)
        #expect(table.pair(for: red) == .full)
        #expect(table.pair(for: .standard) == .existing(0))
    }
}
