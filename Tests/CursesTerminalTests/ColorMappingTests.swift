import TermGrid
import Testing

@testable import CursesTerminal

/// Theme colours become the curses colour numbers each kind of terminal can show.
@Suite struct ColorMappingTests {
    @Test func nearestOf256UsesTheCubeAndTheGreyRamp() {
        #expect(ColorMapping.nearest256(red: 255, green: 0, blue: 0) == 196)
        #expect(ColorMapping.nearest256(red: 0, green: 0, blue: 0) == 16)
        #expect(ColorMapping.nearest256(red: 255, green: 255, blue: 255) == 231)
        #expect(ColorMapping.nearest256(red: 0x5F, green: 0x87, blue: 0xAF) == 67)
        #expect(ColorMapping.nearest256(red: 128, green: 128, blue: 128) == 244, "a grey goes to the ramp")
        #expect(ColorMapping.nearest256(red: 30, green: 30, blue: 32) == 234)
        #expect(ColorMapping.nearest256(red: 250, green: 100, blue: 0) == 202)
    }

    @Test func indexedColoursHaveXtermsValues() {
        #expect(ColorMapping.rgb(ofIndexed: 196) == (255, 0, 0))
        #expect(ColorMapping.rgb(ofIndexed: 232) == (8, 8, 8))
        #expect(ColorMapping.rgb(ofIndexed: 255) == (238, 238, 238))
        #expect(ColorMapping.rgb(ofIndexed: 1) == (205, 0, 0))
        for index in 16...255 {
            let (red, green, blue) = ColorMapping.rgb(ofIndexed: UInt8(index))
            #expect(Int(ColorMapping.nearest256(red: red, green: green, blue: blue)) == index)
        }
    }

    @Test func nearestOf16() {
        #expect(ColorMapping.nearest16(red: 255, green: 0, blue: 0) == 9)
        #expect(ColorMapping.nearest16(red: 190, green: 10, blue: 0) == 1)
        #expect(ColorMapping.nearest16(red: 12, green: 12, blue: 12) == 0)
        #expect(ColorMapping.nearest16(red: 250, green: 250, blue: 250) == 15)
        #expect(ColorMapping.nearest16(red: 128, green: 128, blue: 128) == 8)
        #expect(ColorMapping.nearest16(red: 0, green: 0, blue: 230) == 4)
    }

    @Test func on256ColoursIndexedStayAndRGBGoesToTheNearest() {
        let mapping = ColorMapping(palette: .indexed256)
        #expect(mapping.foreground(.rgb(255, 0, 0)) == .init(number: 196, bold: false))
        #expect(mapping.background(.indexed(200)) == .init(number: 200, bold: false))
        #expect(mapping.foreground(.ansi(9)) == .init(number: 9, bold: false))
        #expect(mapping.foreground(.standard) == .init(number: -1, bold: false))
        #expect(mapping.background(.standard) == .init(number: -1, bold: false))
    }

    @Test func on16ColoursEverythingGoesToTheNearestANSIColour() {
        let mapping = ColorMapping(palette: .sixteen)
        #expect(mapping.foreground(.indexed(196)) == .init(number: 9, bold: false))
        #expect(mapping.background(.rgb(0, 0, 238)) == .init(number: 4, bold: false))
        #expect(mapping.foreground(.ansi(12)) == .init(number: 12, bold: false))
        #expect(mapping.foreground(.indexed(7)) == .init(number: 7, bold: false))
    }

    @Test func on8ColoursBrightForegroundsAreBold() {
        let mapping = ColorMapping(palette: .eight)
        #expect(mapping.foreground(.ansi(9)) == .init(number: 1, bold: true))
        #expect(mapping.background(.ansi(9)) == .init(number: 1, bold: false))
        #expect(mapping.foreground(.indexed(196)) == .init(number: 1, bold: true))
        #expect(mapping.foreground(.rgb(255, 255, 255)) == .init(number: 7, bold: true))
        #expect(mapping.foreground(.ansi(2)) == .init(number: 2, bold: false))
    }

    @Test func monochromeIgnoresColours() {
        let mapping = ColorMapping(palette: .none)
        #expect(!mapping.usesColor)
        #expect(mapping.foreground(.rgb(255, 0, 0)).number == -1)
        #expect(mapping.background(.ansi(3)).number == -1)
    }

    @Test func directColourSendsRGB() {
        let mapping = ColorMapping(palette: .direct)
        #expect(mapping.foreground(.rgb(1, 2, 3)).number == 0x01_0203)
        #expect(mapping.foreground(.ansi(3)).number == 3)
        #expect(mapping.foreground(.ansi(9)).number == 0xFF_0000)
        #expect(mapping.background(.indexed(21)).number == 0x00_00FF)
        #expect(mapping.foreground(.rgb(0, 0, 5)).number == 0, "below 8 would read as an ANSI colour")
    }

    @Test func withoutDefaultColoursTheStandardOnesAreWhiteOnBlack() {
        let mapping = ColorMapping(palette: .indexed256, defaultColors: false)
        #expect(mapping.foreground(.standard).number == 7)
        #expect(mapping.background(.standard).number == 0)
    }

    @Test func paletteFollowsTheTerminalAndTheChosenDepth() {
        #expect(ColorMapping(colors: 256, depth: .indexed256).palette == .indexed256)
        #expect(ColorMapping(colors: 256, depth: .ansi16).palette == .sixteen)
        #expect(ColorMapping(colors: 8, depth: .indexed256).palette == .eight)
        #expect(ColorMapping(colors: 256, depth: .trueColor).palette == .indexed256)
        #expect(ColorMapping(colors: 1 << 24, depth: .trueColor).palette == .direct)
        #expect(ColorMapping(colors: 1 << 24, depth: .indexed256).palette == .indexed256)
        #expect(ColorMapping(colors: 256, depth: .monochrome).palette == .none)
        #expect(ColorMapping(colors: 0, depth: .ansi16).palette == .none)
    }

    @Test func depthFromColoursAndEnvironment() {
        #expect(ColorMapping.depth(colors: 256, environment: [:]) == .indexed256)
        #expect(ColorMapping.depth(colors: 256, environment: ["COLORTERM": "truecolor"]) == .trueColor)
        #expect(ColorMapping.depth(colors: 256, environment: ["COLORTERM": "24bit"]) == .trueColor)
        #expect(ColorMapping.depth(colors: 8, environment: ["COLORTERM": "truecolor"]) == .ansi16)
        #expect(ColorMapping.depth(colors: 1 << 24, environment: [:]) == .trueColor)
        #expect(ColorMapping.depth(colors: 8, environment: [:]) == .ansi16)
        #expect(ColorMapping.depth(colors: 2, environment: [:]) == .monochrome)
        #expect(ColorMapping.depth(colors: 256, environment: ["KINORA_COLORS": "mono"]) == .monochrome)
        #expect(ColorMapping.depth(colors: 256, environment: ["KINORA_COLORS": "16"]) == .ansi16)
        #expect(ColorMapping.depth(colors: 8, environment: ["KINORA_COLORS": "truecolor"]) == .trueColor)
        #expect(ColorMapping.depth(colors: 256, environment: ["NO_COLOR": "1"]) == .monochrome)
        #expect(
            ColorMapping.depth(colors: 256, environment: ["NO_COLOR": "1", "KINORA_COLORS": "256"])
                == .indexed256)
        #expect(ColorMapping.depth(colors: 256, environment: ["KINORA_COLORS": "lots"]) == .indexed256)
    }
}
