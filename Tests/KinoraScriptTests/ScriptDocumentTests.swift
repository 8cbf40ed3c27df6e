import Testing

@testable import KinoraScript

/// The elements both readers produce.
@Suite struct ScriptDocumentTests {
    @Test func titlePageValuesAreFoundWhateverTheirCase() {
        let document = ScriptDocument(
            titlePage: [(key: "Title", value: "Brick & Steel"), (key: "Draft date", value: "6/23/2012")])
        #expect(document.titlePageValue("title") == "Brick & Steel")
        #expect(document.titlePageValue("DRAFT DATE") == "6/23/2012")
        #expect(document.titlePageValue("author") == nil)
        #expect(ScriptElement.pageBreak(line: 7).line == 7)
    }
}
