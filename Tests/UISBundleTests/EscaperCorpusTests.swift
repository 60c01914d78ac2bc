import Foundation
import Testing
import UISBundle
import UISCompiler
import UISSpec
import UISText
import UISTestSupport

/// Writes random strings and their escaped forms for `scripts/verify-escapers`, which reads them back with
/// the real consumers (Flink's SQL parser, javac + java, Python's XML parser, `promtool test rules`).
/// Runs only when `UIS_ESCAPER_CORPUS` names the output file; `UIS_ESCAPER_COUNT` (default 300) strings.
@Suite struct EscaperCorpusTests {
    @Test func writeCorpus() throws {
        let env = ProcessInfo.processInfo.environment
        guard let path = env["UIS_ESCAPER_CORPUS"] else { return }
        let count = env["UIS_ESCAPER_COUNT"].flatMap(Int.init) ?? 300
        var rng = SplitMix64(seed: env["UIS_ESCAPER_SEED"].flatMap(UInt64.init) ?? 7)
        var items: [JSONValue] = []
        for i in 0..<count {
            // fixed nasty cases first, then random strings from the fuzzer's alphabet
            let fixed = ["", "'", "`", "\"", "\\", "''", "``", "{{", "}}", "{{ x }}", "{{token}}", "$value", "${HOME}", "a\r\nb", "\u{0}", "🚀👩‍👩‍👧", "--", "/*", ";", "{}}", "{{{x}}}", "}{{", "{ {"]
            let text = i < fixed.count ? fixed[i] : FuzzNode.randomText(&rng, length: 1 + rng.below(30))
            items.append(.object([
                ("text", .string(text)),
                // Flink's back-quoted identifiers cannot hold CR or LF (the decoder rejects them in source fields)
                ("identifierText", .string("c\(i)_" + text.filter { $0 != "\n" && $0 != "\r" && $0 != "\r\n" })),
                ("sqlIdentifier", .string(SQLText.identifier("c\(i)_" + text.filter { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }))),
                ("sqlLiteral", .string(SQLText.literal(text))),
                ("javaString", .string(Escape.javaString(text))),
                ("xml", .string(Escape.xml(text))),
                ("markdown", .string(Escape.markdown(text))),
                ("shell", .string(Escape.shell(text))),
                ("yaml", .string(Escape.yaml(text))),
                ("prometheusYAML", .string(Escape.yaml(Escape.prometheusTemplateText(text)))),
            ]))
        }
        try Data(JSONValue.array(items).encoded().utf8).write(to: URL(fileURLWithPath: path))
    }
}
