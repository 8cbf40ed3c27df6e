import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The paragraphs of a Final Draft XML file as the parser meets them: type, scene number, text (its
/// `<Text>` runs joined), line, whether inside `<TitlePage>` and whether a character of a `<DualDialogue>`
/// that is not its first.
final class FinalDraftXML: NSObject, XMLParserDelegate {
    /// One `<Paragraph>`.
    struct Paragraph {
        /// The `Type` attribute (`Scene Heading`, `Action`, …), empty when absent.
        var type: String
        /// The scene number (`Number` on the paragraph or on its `<SceneProperties>`).
        var number: String?
        /// The text of its `<Text>` runs.
        var text = ""
        /// The line the paragraph starts on.
        var line: Int
        /// Whether Final Draft centres it (`Alignment="Center"`).
        var isCentered = false
        /// Whether it is on the title page.
        var onTitlePage: Bool
        /// Whether it is the second (or later) speaker of a dual dialogue.
        var isDual = false
        /// Whether it holds other paragraphs (a `<DualDialogue>` wrapper), not text of its own.
        var isContainer = false
    }

    /// The name of the document's root element, once seen.
    private(set) var rootElement: String?
    /// The paragraphs that hold text, in order.
    private(set) var paragraphs: [Paragraph] = []
    /// Whether every element opened was closed (some XML parsers end a truncated file without an error).
    var isBalanced: Bool { depth == 0 && rootElement != nil }
    /// How many elements are open.
    private var depth = 0
    /// Open paragraphs, innermost last.
    private var open: [Paragraph] = []
    /// How deep in `<Text>` the parser is.
    private var textDepth = 0
    /// How deep in `<TitlePage>` the parser is.
    private var titlePageDepth = 0
    /// For each open `<DualDialogue>`, the characters met in it so far.
    private var dualCharacters: [Int] = []

    /// Called by the parser at each start tag.
    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if rootElement == nil { rootElement = elementName }
        depth += 1
        switch elementName {
        case "TitlePage": titlePageDepth += 1
        case "DualDialogue":
            dualCharacters.append(0)
            if !open.isEmpty { open[open.count - 1].isContainer = true }
        case "Paragraph":
            if !open.isEmpty { open[open.count - 1].isContainer = true }
            var paragraph = Paragraph(
                type: attributes["Type"] ?? "", number: attributes["Number"], line: parser.lineNumber,
                onTitlePage: titlePageDepth > 0)
            paragraph.isCentered = attributes["Alignment"] == "Center"
            if paragraph.type == "Character", !dualCharacters.isEmpty {
                paragraph.isDual = dualCharacters[dualCharacters.count - 1] > 0
                dualCharacters[dualCharacters.count - 1] += 1
            }
            open.append(paragraph)
        case "SceneProperties":
            if let number = attributes["Number"], !open.isEmpty, open[open.count - 1].number == nil {
                open[open.count - 1].number = number
            }
        case "Text": textDepth += 1
        default: break
        }
    }

    /// Called by the parser at each end tag.
    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        depth -= 1
        switch elementName {
        case "TitlePage": titlePageDepth = max(0, titlePageDepth - 1)
        case "DualDialogue": _ = dualCharacters.popLast()
        case "Paragraph":
            if let paragraph = open.popLast(), !paragraph.isContainer { paragraphs.append(paragraph) }
        case "Text": textDepth = max(0, textDepth - 1)
        default: break
        }
    }

    /// Called by the parser with text; kept when inside a `<Text>` run of a paragraph.
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard textDepth > 0, !open.isEmpty else { return }
        open[open.count - 1].text += ScriptText.withoutControls(string)
    }
}
