import Foundation
import Testing
import Yams
@testable import UISBundle
import UISCompiler
import UISSpec
import UISTestSupport

/// The self-check's fast YAML recogniser against Yams: it may say `valid` only where Yams parses the
/// text (with the self-check's basic resolver), and it must recognise the bundled templates' output.
@Suite struct SimpleYAMLTests {
    static func yamsAccepts(_ text: String) -> Bool {
        // compose_all's sequence keeps a parse error in `error` instead of throwing it
        guard var documents = try? Yams.compose_all(yaml: text, .basic, .default, .utf8) else { return false }
        while documents.next() != nil {}
        return documents.error == nil
    }

    /// Every YAML file of every example bundle, except the FlinkDeployment (always parsed by Yams).
    static func generatedYAML() throws -> [String] {
        var texts: [String] = []
        for example in examplePaths() {
            texts += try renderExample(example).files
                .filter { ($0.path.hasSuffix(".yaml") || $0.path.hasSuffix(".yml")) && $0.path != "k8s/flinkdeployment.yaml" && $0.path != "flink/flink-conf.yaml" }
                .map(\.contents)
        }
        return texts
    }

    @Test func recognisesTheBundledTemplatesOutput() throws {
        let texts = try Self.generatedYAML()
        #expect(texts.count >= 25)
        let recognised = texts.filter { SimpleYAML.check($0) == .valid }
        #expect(recognised.count * 10 >= texts.count * 9, "recognised \(recognised.count) of \(texts.count)")
        for text in texts { #expect(Self.yamsAccepts(text)) }
    }

    @Test(arguments: [
        ("a: 1\nb:\n  c: \"x\"\n  d:\n    - e\n    - \"f\" # note\n", SimpleYAML.Verdict.valid),
        ("# only a comment\n", .valid),
        ("- a: 1\n  b: 2\n- c\n", .valid),
        ("a: 1\na: 2\n", .unknown),                   // duplicate key: Yams reports it
        ("a: 1\n\"a\": 2\n", .unknown),
        ("a: 1\n   b: 2\n", .unknown),                 // bad indentation
        ("a:\n  b: 1\n c: 2\n", .unknown),
        ("a: \"unclosed\n", .unknown),
        ("a: x y\n", .unknown),                        // plain text with spaces: left to Yams
        ("a:\tb\n", .unknown),
        ("a: [1, 2]\n", .unknown),
        ("a: \"\\q\"\n", .unknown),                    // not a YAML escape
        ("a: \"\u{7}\"\n", .unknown),                  // a control character inside quotes
        ("a:\nb: 1\n", .unknown),                      // null value: valid, but left to Yams
        ("a: b: c\n", .unknown),
        ("- - a\n", .unknown),
        ("---\na: 1\n", .unknown),
    ])
    func knownCases(text: String, verdict: SimpleYAML.Verdict) {
        #expect(SimpleYAML.check(text) == verdict)
        if verdict == .valid { #expect(Self.yamsAccepts(text)) }
    }

    /// Byte-level mutations of generated files: whenever the recogniser says valid, Yams agrees.
    @Test func neverValidWhereYamsFails() throws {
        let originals = try Self.generatedYAML()
        // longer runs: UIS_YAML_CASES=100000 UIS_YAML_SEED=3 swift test --filter SimpleYAMLTests
        let environment = ProcessInfo.processInfo.environment
        var random = SplitMix64(seed: environment["UIS_YAML_SEED"].flatMap { UInt64($0) } ?? 0x5A_4D_4C)
        let alphabet = Array(" \n-:#\"\\'\t{}[]&*!|>%@`,?axZ0é".utf8)
        var validAfterMutation = 0, yamsRejected = 0
        for round in 0..<(environment["UIS_YAML_CASES"].flatMap { Int($0) } ?? 4_000) {
            let text = random.mutated(random.pick(originals), alphabet: alphabet)
            let yams = Self.yamsAccepts(text)
            if !yams { yamsRejected += 1 }
            if SimpleYAML.check(text) == .valid {
                validAfterMutation += 1
                #expect(yams, "round \(round): recognised as valid but Yams rejects: \(String(reflecting: text))")
                if !yams { break }
            }
        }
        #expect(validAfterMutation > 500 && yamsRejected > 500, "\(validAfterMutation) recognised, \(yamsRejected) rejected by Yams")
    }
}

/// The self-check reports a YAML file that does not parse, whichever way it was checked.
@Suite struct SelfCheckYAMLTests {
    @Test(arguments: [
        "apiVersion: v1\nkind: [unclosed\n",       // not plain block YAML: Yams decides
        "a: 1\na: 2\n",                            // duplicate key
        "a:\n  b: 1\n c: 2\n",                     // bad indentation
    ])
    func brokenYAMLIsReported(text: String) throws {
        let url = repositoryRoot.appendingPathComponent("Examples/realtime-analytics.json")
        let result = BundlePipeline.run(.path(url.path))
        let bundle = try #require(result.bundle, "\(result.diagnostics.map(\.formatted))")
        let context = BundleContext(pipeline: try #require(result.pipeline))
        let broken = bundle.files.map { $0.path == "k8s/monitoring/podmonitor.yaml" ? BundleFile(path: $0.path, contents: text) : $0 }
        let problems = BundleCheck.problems(broken, context: context)
        #expect(problems.contains { $0.location?.file == "k8s/monitoring/podmonitor.yaml" && $0.message.hasPrefix("self-check: does not parse back as YAML") }, "\(problems)")
        // Yams says where it stopped: the diagnostic has the line (all three texts break on line 2 or 3)
        #expect(problems.contains { ($0.location?.line ?? 0) >= 1 }, "\(problems)")
    }

    /// A FlinkDeployment that is empty or absent is reported once, with what is wrong with it.
    @Test func emptyOrMissingDeploymentIsReported() throws {
        let result = BundlePipeline.run(.path(repositoryRoot.appendingPathComponent("Examples/orders-cdc.yaml").path))
        let bundle = try #require(result.bundle)
        let context = BundleContext(pipeline: try #require(result.pipeline))
        let empty = bundle.files.map { $0.path == "k8s/flinkdeployment.yaml" ? BundleFile(path: $0.path, contents: "# nothing\n") : $0 }
        #expect(BundleCheck.problems(empty, context: context).map(\.message) == ["self-check: holds no YAML document"])
        let missing = bundle.files.filter { $0.path != "k8s/flinkdeployment.yaml" }
        #expect(BundleCheck.problems(missing, context: context).map(\.message) == ["self-check: missing"])
    }
}
