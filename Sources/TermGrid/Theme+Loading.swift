import Foundation

extension Theme {
    /// Loads the theme `named` (`dark` reads `dark.toml`) from the first of `directories` that has it.
    ///
    /// Put the person's own folder (`~/.config/kinora/themes`) before the bundled one, so their
    /// theme of the same name wins. `inherits = "NAME"` loads that theme through the same folders,
    /// in the same order, except that a theme inheriting its own name (a person's `dark.toml`
    /// refining the bundled `dark`) looks only in the folders after its own. The child's palette
    /// entries replace the parent's one by one, and a scope the child defines replaces the parent's
    /// definition of it whole; the parent's scopes then use the child's palette.
    ///
    /// - Throws: ``ThemeError``: no such theme, a file that does not read, a circle of `inherits`,
    ///   or a bad colour, palette name or modifier (naming the file, line and key).
    public static func load(named name: String, directories: [URL]) throws -> Theme {
        let stem = try fileStem(of: name)
        guard var current = locate(stem, in: directories, from: 0) else {
            throw ThemeError.notFound(
                name: stem, directories: directories.map(\.path), available: available(in: directories))
        }
        var chain: [ThemeFile] = []
        var visited: [(name: String, path: String)] = []
        while true {
            let file = try read(current.url)
            chain.append(file)
            visited.append((current.name, current.url.standardizedFileURL.path))
            guard let parent = file.parent else { break }
            let parentStem: String
            do {
                parentStem = try fileStem(of: parent.name)
            } catch {
                throw ThemeError.parentNotFound(
                    file: file.file, line: parent.origin.line, name: parent.name,
                    directories: directories.map(\.path))
            }
            let start = parentStem == current.name ? current.directory + 1 : 0
            guard let found = locate(parentStem, in: directories, from: start) else {
                throw ThemeError.parentNotFound(
                    file: file.file, line: parent.origin.line, name: parentStem,
                    directories: directories[min(start, directories.count)...].map(\.path))
            }
            let foundPath = found.url.standardizedFileURL.path
            if visited.contains(where: { $0.path == foundPath }) {
                let circle = (visited + [(parentStem, foundPath)]).map { "\($0.name) (\($0.path))" }
                throw ThemeError.inheritanceCycle(chain: circle, file: file.file, line: parent.origin.line)
            }
            current = found
        }
        var palette: [String: TerminalColor] = [:]
        var scopes: [String: ThemeFile.ScopeDefinition] = [:]
        for file in chain.reversed() {
            palette.merge(file.palette) { _, child in child }
            scopes.merge(file.scopes) { _, child in child }
        }
        return Theme(name: stem, styles: try resolve(scopes, palette: palette))
    }

    /// The names of the themes in `directories` (each `NAME.toml`), sorted, each once.
    ///
    /// Folders that do not exist are skipped.
    public static func available(in directories: [URL]) -> [String] {
        var names: Set<String> = []
        for directory in directories {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
                continue
            }
            for file in files where file.hasSuffix(".toml") && !file.hasPrefix(".") {
                let url = directory.appendingPathComponent(file)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    names.insert(String(file.dropLast(".toml".count)))
                }
            }
        }
        return names.sorted()
    }

    /// Resolves every scope's colours through `palette`, then fills each scope's missing fields
    /// from its nearest defined parent.
    ///
    /// - Throws: ``ThemeError/badColor(file:line:key:value:)`` or
    ///   ``ThemeError/unknownPaletteName(file:line:key:name:palette:)`` for the first bad colour,
    ///   by file and scope name.
    static func resolve(_ scopes: [String: ThemeFile.ScopeDefinition], palette: [String: TerminalColor])
        throws(ThemeError) -> [String: CellStyle]
    {
        let paletteNames = palette.keys.sorted()
        func color(_ reference: ThemeFile.ColorReference?) throws(ThemeError) -> TerminalColor? {
            guard let reference else { return nil }
            let origin = reference.origin
            switch reference.written {
            case .number(let number):
                guard let color = TerminalColor.numbered(number) else {
                    throw .badColor(
                        file: origin.file, line: origin.line, key: origin.key, value: String(number))
                }
                return color
            case .text(let text):
                if let color = palette[text] ?? TerminalColor(themeText: text) { return color }
                if text.hasPrefix("#") || text.isEmpty || text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    throw .badColor(file: origin.file, line: origin.line, key: origin.key, value: text)
                }
                throw .unknownPaletteName(
                    file: origin.file, line: origin.line, key: origin.key, name: text, palette: paletteNames)
            }
        }

        typealias Fields = (
            foreground: TerminalColor?, background: TerminalColor?, attributes: CellStyle.Attributes?
        )
        var own: [String: Fields] = [:]
        // Lines are found only for an error (TOMLKit keeps none), so problems are met in name order.
        let inOrder = scopes.sorted { ($0.value.origin.file, $0.key) < ($1.value.origin.file, $1.key) }
        for (scope, definition) in inOrder {
            own[scope] = (
                try color(definition.foreground), try color(definition.background), definition.attributes
            )
        }
        var styles: [String: CellStyle] = [:]
        for scope in parentsFirst(own.keys) {
            guard let fields = own[scope] else { continue }
            let parent = definedParent(of: scope, in: styles).flatMap { styles[$0] } ?? .plain
            styles[scope] = CellStyle(
                foreground: fields.foreground ?? parent.foreground,
                background: fields.background ?? parent.background,
                attributes: fields.attributes ?? parent.attributes)
        }
        return styles
    }

    /// Reads and parses one theme file.
    private static func read(_ url: URL) throws(ThemeError) -> ThemeFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(file: url.path, reason: (error as NSError).localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: url.path, reason: "it is not UTF-8 text")
        }
        return try ThemeFile(text: text, file: url.path)
    }

    /// The first of `directories`, from index `start` on, holding `NAME.toml`.
    private static func locate(_ name: String, in directories: [URL], from start: Int)
        -> (name: String, url: URL, directory: Int)?
    {
        for index in directories.indices where index >= start {
            let url = directories[index].appendingPathComponent("\(name).toml")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                return (name, url, index)
            }
        }
        return nil
    }

    /// The file name stem a theme name stands for: `dark` and `dark.toml` are both `dark`.
    private static func fileStem(of name: String) throws(ThemeError) -> String {
        let stem = name.hasSuffix(".toml") ? String(name.dropLast(".toml".count)) : name
        guard !stem.isEmpty, !stem.hasPrefix("."), !stem.contains("/"), !stem.contains("\\") else {
            throw .invalidName(name)
        }
        return stem
    }
}
