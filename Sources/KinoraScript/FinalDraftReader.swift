import Foundation
import KinoraCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads Final Draft's XML (`.fdx`) into a ``ScriptDocument``: the same elements as Fountain, from the
/// paragraph types (Scene Heading, Action, Character, Dialogue, Parenthetical, Transition, Shot).
public enum FinalDraftReader {
    /// The elements of the Final Draft document in `data`.
    ///
    /// - Throws: ``ScriptError`` naming `file` (and the line) for XML that is not well formed, a document
    ///   that is not Final Draft, or one with no scenes or action.
    public static func read(_ data: Data, file: String) throws -> ScriptDocument {
        let text = try ScriptText(data, file: file)
        var warnings = text.warnings
        guard !text.text.allSatisfy(\.isWhitespace) else {
            throw ScriptError(file: file, reason: "it is empty; it has no scenes or action")
        }
        guard text.text.drop(while: \.isWhitespace).first == "<" else {
            throw ScriptError(
                file: file, line: 1,
                reason: "it is not XML, so not a Final Draft script; if it is Fountain, name it .fountain")
        }
        // A file that says its encoding is decoded by the parser as it says; one that does not is XML's
        // UTF-8 by rule, so its text as read (Windows-1252 when it was not UTF-8) is what the parser gets.
        let declared = declaredEncoding(text.text)
        let parser = XMLParser(data: declared.map { $0 == "UTF-8" } ?? true ? Data(text.text.utf8) : data)
        // A declared encoding is no guess: no warning that the file was not UTF-8.
        if let declared, declared != "UTF-8" { warnings = [text.controlsWarning].compactMap { $0 } }
        let collector = FinalDraftXML()
        parser.delegate = collector
        let parsed = parser.parse()
        if let root = collector.rootElement, root != "FinalDraft" {
            throw ScriptError(
                file: file,
                reason:
                    "it is XML but not a Final Draft script (its root is <\(TerminalText.sanitized(root))>, "
                    + "not <FinalDraft>); export it from Final Draft as .fdx, or save it as Fountain")
        }
        guard parsed, parser.parserError == nil, collector.isBalanced else {
            throw ScriptError(
                file: file, line: parser.lineNumber,
                reason: "it is not well-formed XML (a tag there is broken or an element is not closed); "
                    + "open it in Final Draft and save it again")
        }
        guard collector.rootElement != nil else {
            throw ScriptError(file: file, reason: "it is not a Final Draft script (no <FinalDraft> element)")
        }
        let titlePage = titlePage(collector.paragraphs.filter(\.onTitlePage))
        let elements = elements(
            collector.paragraphs.filter { !$0.onTitlePage }, file: file, warnings: &warnings)
        guard elements.contains(where: \.isContent) else {
            throw ScriptError(
                file: file,
                reason: "it has no scenes or action (no Scene Heading, Action or Dialogue paragraphs)")
        }
        return ScriptDocument(titlePage: titlePage, elements: elements, warnings: warnings)
    }

    /// The encoding the XML declaration names, upper-cased (`ISO-8859-1`), or `nil` when it names none.
    static func declaredEncoding(_ text: String) -> String? {
        guard text.hasPrefix("<?xml"), let end = text.range(of: "?>") else { return nil }
        let declaration = text[..<end.lowerBound]
        guard let key = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote }).uppercased()
    }

    /// Title page paragraphs have no keys: the first line is the title; the line after a `Written by` /
    /// `by` line is the author (that line the credit).
    private static func titlePage(_ paragraphs: [FinalDraftXML.Paragraph]) -> [(key: String, value: String)] {
        let lines = paragraphs.map { trimmed($0.text) }.filter { !$0.isEmpty }
        guard let title = lines.first else { return [] }
        var entries: [(key: String, value: String)] = [("Title", title)]
        if let credit = lines.dropFirst().firstIndex(where: { isCredit($0) }), credit + 1 < lines.count {
            entries.append(("Credit", lines[credit]))
            entries.append(("Author", lines[credit + 1]))
        }
        return entries
    }

    /// Whether a title page line introduces the author (`Written by`, `Screenplay by`, `by`).
    private static func isCredit(_ line: String) -> Bool {
        let lower = line.lowercased()
        return lower == "by" || lower.hasSuffix(" by")
    }

    /// The script's elements from its body paragraphs; unknown types are read as action, with a warning;
    /// centred paragraphs in a row are one centred element (as Fountain's `> … <` lines).
    private static func elements(
        _ paragraphs: [FinalDraftXML.Paragraph], file: String, warnings: inout [String]
    ) -> [ScriptElement] {
        var elements: [ScriptElement] = []
        var speech: DialogueBlock?
        var unknownTypes: [String: Int] = [:]
        func endSpeech() {
            if let block = speech { elements.append(.dialogue(block)) }
            speech = nil
        }
        var centredContinues = false
        for paragraph in paragraphs {
            let text = trimmed(paragraph.text)
            let followsCentred = centredContinues
            centredContinues = false
            switch paragraph.type {
            case "Dialogue", "Parenthetical":
                guard !text.isEmpty else { continue }
                guard var block = speech else {
                    elements.append(.action(text: text, line: paragraph.line))
                    continue
                }
                if paragraph.type == "Parenthetical" {
                    block.parts.append(.parenthetical(text.hasPrefix("(") ? text : "(\(text))"))
                } else if case .spoken(let spoken) = block.parts.last {
                    block.parts[block.parts.count - 1] = .spoken(spoken + "\n" + text)
                } else {
                    block.parts.append(.spoken(text))
                }
                speech = block
                continue
            default: endSpeech()
            }
            switch paragraph.type {
            case "Scene Heading":
                guard !text.isEmpty else { continue }
                let number = paragraph.number.map(trimmed).flatMap { $0.isEmpty ? nil : $0 }
                elements.append(.sceneHeading(text: text, number: number, line: paragraph.line))
            case "Character":
                guard !text.isEmpty else { continue }
                speech = character(text, isDual: paragraph.isDual, line: paragraph.line)
            case "Transition":
                guard !text.isEmpty else { continue }
                elements.append(.transition(text: text, line: paragraph.line))
            case "Shot":
                elements.append(.shotMarker(label: text.isEmpty ? nil : text, line: paragraph.line))
            case "Action", "General":
                guard !text.isEmpty else { continue }
                centredContinues = paragraph.isCentered
                if paragraph.isCentered, followsCentred, case .centered(let above, let line) = elements.last {
                    elements[elements.count - 1] = .centered(text: above + "\n" + text, line: line)
                } else if paragraph.isCentered {
                    elements.append(.centered(text: text, line: paragraph.line))
                } else {
                    elements.append(.action(text: text, line: paragraph.line))
                }
            default:
                guard !text.isEmpty else { continue }
                if unknownTypes[paragraph.type] == nil { unknownTypes[paragraph.type] = paragraph.line }
                elements.append(.action(text: text, line: paragraph.line))
            }
        }
        endSpeech()
        for (type, line) in unknownTypes.sorted(by: { $0.value < $1.value }) {
            let name = type.isEmpty ? "without a Type" : "of type \"\(TerminalText.sanitized(type))\""
            warnings.append(
                "\(TerminalText.sanitized(file)), line \(line): paragraphs \(name) were read as action")
        }
        return elements
    }

    /// A speaker from a Character paragraph (`MIMI (V.O.)`): the name and its extensions.
    private static func character(_ text: String, isDual: Bool, line: Int) -> DialogueBlock {
        var name = Substring(text)
        var extensions: [String] = []
        if let open = text.firstIndex(of: "(") {
            name = text[..<open]
            var rest = text[open...]
            while let start = rest.firstIndex(of: "("), let end = rest[start...].firstIndex(of: ")") {
                extensions.append(trimmed(String(rest[rest.index(after: start)..<end])))
                rest = rest[rest.index(after: end)...]
            }
        }
        return DialogueBlock(
            character: trimmed(String(name)), extensions: extensions, parts: [], isDual: isDual, line: line)
    }

    /// `text` without whitespace and line ends at either end.
    private static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
