import Foundation
import PropertyBased
import Testing
import UISBundle
import UISCompiler
import UISTestSupport
import Yams
import UISText

/// Strings full of what breaks output languages: quotes, backslashes, newlines, `{{`, `#`, `: `, emoji.
let hostileCharacters: [Character] = ["'", "\"", "`", "\\", "\n", "\r", "\t", "{", "}", "#", ":", " ", "-", "$", "&", "<", ">", "|", "*", "é", "日", "😀", "\u{0}", "\u{1B}", "\u{85}", "\u{2028}", "a", "Z", "0", "%", "@", "!", "?", "[", "]", ",", ";"]

let hostileString = Gen<Character?>.element(of: hostileCharacters).array(of: 0...40).map { characters in
    String(characters.compactMap { $0 })
}

@Suite struct EscaperTests {
    @Test func yamlScalarsRoundTrip() async {
        await propertyCheck(input: hostileString) { text in
            let parsed = try? Yams.load(yaml: "key: " + Escape.yaml(text) + "\n") as? [String: Any]
            #expect(parsed?["key"] as? String == text, "\(Escape.yaml(text))")
        }
    }

    @Test func jsonStringsRoundTrip() async {
        await propertyCheck(input: hostileString) { text in
            let parsed = try? JSONSerialization.jsonObject(with: Data(("[" + Escape.json(text) + "]").utf8)) as? [String]
            #expect(parsed == [text])
        }
    }

    @Test func shellWordsRoundTripThroughBash() async throws {
        // bash cannot carry NUL in a word; every other character must survive.
        let samples = (0..<60).map { i in String((0..<(i % 17)).map { hostileCharacters[($0 * 7 + i) % hostileCharacters.count] }).replacingOccurrences(of: "\u{0}", with: "") }
        for text in samples {
            let output = try runProcess("/bin/bash", ["-c", "printf %s " + Escape.shell(text)])
            #expect(output.stdoutText == text, "\(Escape.shell(text))")
        }
    }

    @Test func labelValuesAreValidKubernetesLabels() async {
        await propertyCheck(input: hostileString) { text in
            let label = Escape.labelValue(text + text + text)
            #expect(label.count <= 63)
            #expect(label.isEmpty || label.range(of: "^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$", options: .regularExpression) != nil)
        }
    }

    @Test func kubernetesNamesAreDNSLabels() async {
        await propertyCheck(input: hostileString) { text in
            let name = Escape.kubernetesName(text)
            #expect(name.range(of: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", options: .regularExpression) != nil, "\(name)")
        }
    }

    @Test func prometheusTemplateTextKeepsBracesLiteral() {
        #expect(Escape.prometheusTemplateText("a {{b}} c") == "a {{ \"{{\" }}b{{ \"}}\" }} c")
    }

    @Test func xmlAndJavaEscapes() {
        #expect(Escape.xml("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;")
        #expect(!Escape.xmlComment("a--b-").contains("--"))
        #expect(!Escape.xmlComment("a--b-").hasSuffix("-"))
        #expect(Escape.javaString("q\"\\\n😀") == "q\\\"\\\\\\n\\ud83d\\ude00")
    }

    @Test func markdownEscapesInlineMarkup() {
        #expect(Escape.markdown("a*b_c|d\ne") == "a\\*b\\_c\\|d e")
        #expect(Escape.markdown("# title") == "\\# title")
        #expect(Escape.markdownCode("a`b") == "``a`b``")
    }
}
