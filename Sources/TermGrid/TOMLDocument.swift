/// A settings file read with TOMLKit (toml++, TOML 1.0): its values as plain Swift values, and the
/// means to word an error about any of them.
///
/// This is the one TOML reader of Kinora: themes, `keys.toml` and `studio.toml` are all read
/// through it, so they accept the same TOML and word their errors the same way. A file that is
/// not TOML is refused with the line and column, what is wrong in plain words, and, where the
/// line was written the way Kinora's earlier, looser readers accepted (`? = help`,
/// `theme = light`, an inline table over several lines), that line rewritten in valid TOML.
///
/// Modules that read settings use this type and ``Value``, never TOMLKit itself.
public struct TOMLDocument: Sendable, Equatable {
    /// The file, as named in messages.
    public let file: String
    /// The top-level keys and their values.
    public let root: [String: Value]
    /// The text, kept to find the line of a key when there is an error to report.
    let source: TOMLSourceLines

    /// Reads `text`; `file` is named in errors.
    ///
    /// - Throws: ``TOMLFileError`` with the line and column when `text` is not TOML, saying what
    ///   to write instead.
    public init(text: String, file: String) throws(TOMLFileError) {
        self.file = file
        source = TOMLSourceLines(text)
        if let index = text.firstIndex(of: "\0") {
            let line = text[..<index].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            throw TOMLFileError(
                file: file, line: line, problem: "the file holds a NUL character",
                remedy: "save it as plain UTF-8 text")
        }
        switch TOMLParse.table(text) {
        case .success(let table):
            root = Value.entries(of: table)
        case .failure(let failure):
            throw TOMLSyntaxAdvice(source: source, file: file).error(for: failure)
        }
    }

    /// The line (counting from 1) that defines `path`, found by reading the file again a line at a
    /// time; call it only to report an error. For a value over several lines it is the last one.
    public func line(of path: [String]) -> Int? {
        source.line(of: path)
    }

    /// An error about the value at `path`: names the file, the line and the key path.
    public func error(at path: [String], problem: String, remedy: String) -> TOMLFileError {
        TOMLFileError(
            file: file, line: line(of: path), key: TOMLFileError.display(path), problem: problem,
            remedy: remedy)
    }
}
