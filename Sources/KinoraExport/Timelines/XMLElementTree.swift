/// A small XML tree for the FCP 7 and MLT writers: elements with ordered attributes, child elements or
/// text, printed with two-space indents and every value escaped by ``XMLText``.
struct XMLElementTree: Sendable {
    /// The element's name.
    var name: String
    /// Attributes in the order they are written.
    var attributes: [(String, String)]
    /// Child elements (ignored when ``text`` is set).
    var children: [XMLElementTree]
    /// The element's text, if it holds text rather than elements.
    var text: String?

    /// An element holding `children`.
    init(_ name: String, _ attributes: [(String, String)] = [], children: [XMLElementTree] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = nil
    }

    /// An element holding `text`.
    init(_ name: String, _ attributes: [(String, String)] = [], text: String) {
        self.name = name
        self.attributes = attributes
        self.children = []
        self.text = text
    }

    /// Adds a child element.
    mutating func append(_ child: XMLElementTree) { children.append(child) }

    /// The element and everything in it, indented by `depth` levels, ending in a newline.
    func rendered(depth: Int = 0) -> String {
        var out = ""
        write(to: &out, depth: depth)
        return out
    }

    private func write(to out: inout String, depth: Int) {
        let indent = String(repeating: "  ", count: depth)
        out += indent + "<" + name
        for (key, value) in attributes {
            out += " \(key)=\"\(XMLText.escaped(value))\""
        }
        if let text {
            out += text.isEmpty ? "/>\n" : ">\(XMLText.escaped(text))</\(name)>\n"
        } else if children.isEmpty {
            out += "/>\n"
        } else {
            out += ">\n"
            for child in children { child.write(to: &out, depth: depth + 1) }
            out += indent + "</\(name)>\n"
        }
    }
}
