import Foundation
import Testing
@testable import UISBundle
import UISTestSupport

/// The self-check's JSON syntax check against Foundation's parser: every JSON file of every example
/// bundle, and thousands of byte-level mutations of them, get the same verdict.
@Suite struct JSONSyntaxTests {
    /// Foundation's verdict, made strict: it accepts a trailing comma (`[1,]`), which RFC 8259 and the
    /// consumers of these files (DolphinScheduler's Jackson, the operator) reject.
    static func foundationAccepts(_ text: String) -> Bool {
        if text.range(of: #",[ \t\n\r]*[\]}]"#, options: .regularExpression) != nil { return false }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil
    }

    @Test(arguments: [
        ("{}", true), ("[]", true), ("0", true), ("-0.5e+3", true), ("\"a\\u00e9\\n\"", true), (" {\"a\": [1, true, null]} ", true),
        ("", false), ("{", false), ("[1,]", false), ("{\"a\" 1}", false), ("01", false), ("1.", false), (".5", false),
        ("\"tab\there\"", false), ("\"\\x\"", false), ("tru", false), ("[1] [2]", false), ("{\"a\":1,}", false), ("\"\\u12g4\"", false),
    ])
    func knownCases(text: String, valid: Bool) {
        #expect(JSONSyntax.isValid(text) == valid)
        #expect(Self.foundationAccepts(text) == valid)
    }

    @Test func agreesWithFoundationOnMutatedBundleJSON() throws {
        var originals: [String] = []
        for example in examplePaths() {
            originals += try renderExample(example).files.filter { $0.path.hasSuffix(".json") }.map(\.contents)
        }
        #expect(originals.count >= 20)
        for text in originals { #expect(JSONSyntax.isValid(text)) }
        var random = SplitMix64(seed: 0x15_0A)
        let alphabet = Array("{}[]\",:\\01-.e tn".utf8)
        var rejected = 0
        for round in 0..<3_000 {
            let text = random.mutated(random.pick(originals), alphabet: alphabet)
            let ours = JSONSyntax.isValid(text), theirs = Self.foundationAccepts(text)
            if !ours { rejected += 1 }
            #expect(ours == theirs, "round \(round): ours \(ours), Foundation \(theirs)")
            if ours != theirs { break }
        }
        #expect(rejected > 600, "the mutations should break many files (\(rejected) rejected)")
    }

    @Test func deepNestingIsRefusedNotRecursed() {
        #expect(!JSONSyntax.isValid(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)))
    }
}
