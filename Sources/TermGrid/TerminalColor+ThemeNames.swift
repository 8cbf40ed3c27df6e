extension TerminalColor {
    /// The ANSI colour names a theme may write, with their numbers 0–15.
    ///
    /// `black` … `white` are 0–7; `light-NAME` and `bright-NAME` are 8–15; `gray` (or `grey`) is 8,
    /// bright black, and `light-gray` is 7, as most terminals' settings call them.
    static let ansiNames: [String: UInt8] = {
        let base = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
        var names: [String: UInt8] = [:]
        for (number, name) in base.enumerated() {
            names[name] = UInt8(number)
            names["light-\(name)"] = UInt8(number + 8)
            names["bright-\(name)"] = UInt8(number + 8)
        }
        for grey in ["gray", "grey"] {
            names[grey] = 8
            names["light-\(grey)"] = 7
            names["bright-\(grey)"] = 7
        }
        return names
    }()

    /// Reads a colour a theme writes without its palette: `#rrggbb` (or `#rgb`), an ANSI name, a
    /// number 0–255 or `default`; `nil` for anything else.
    ///
    /// ANSI names and hex digits may be in any case; `_` may stand for `-` in names.
    init?(themeText text: String) {
        let lowered = text.lowercased()
        if lowered == "default" {
            self = .standard
        } else if lowered.hasPrefix("#") {
            guard let color = Self.hex(lowered.dropFirst()) else { return nil }
            self = color
        } else if !lowered.isEmpty, lowered.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let number = Int(lowered), let color = Self.numbered(number) else { return nil }
            self = color
        } else if let number = Self.ansiNames[lowered.replacingUnderscores()] {
            self = .ansi(number)
        } else {
            return nil
        }
    }

    /// The colour a theme means by the number `number`: 0–15 are the ANSI colours, 16–255 the rest
    /// of the xterm palette; `nil` outside 0–255.
    static func numbered(_ number: Int) -> TerminalColor? {
        switch number {
        case 0..<16: .ansi(UInt8(number))
        case 16..<256: .indexed(UInt8(number))
        default: nil
        }
    }

    private static func hex(_ digits: Substring) -> TerminalColor? {
        guard digits.allSatisfy(\.isHexDigit) else { return nil }
        let expanded: String
        switch digits.count {
        case 6: expanded = String(digits)
        case 3: expanded = digits.map { "\($0)\($0)" }.joined()
        default: return nil
        }
        guard let value = UInt32(expanded, radix: 16) else { return nil }
        return .rgb(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
    }
}

extension String {
    /// This text with `_` written as `-`.
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
