import Foundation
import PropertyBased
import Testing
@testable import UISSpec
import UISTestSupport

@Suite("SpecSchema")
struct SchemaTests {
    static let regenerate = "swift run uis-gen schema -o Generated/uis-spec.schema.json"

    func schema() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(SpecSchema.jsonText().utf8)) as? [String: Any])
    }

    @Test func generatedFileIsUpToDate() throws {
        let url = repositoryRoot.appendingPathComponent("Generated/uis-spec.schema.json")
        let onDisk = try? String(contentsOf: url, encoding: .utf8)
        #expect(onDisk == SpecSchema.jsonText(), "Generated/uis-spec.schema.json is stale; regenerate it with: \(Self.regenerate)")
    }

    @Test func isDeterministicSortedAndEndsWithNewline() throws {
        let text = SpecSchema.jsonText()
        #expect(text == SpecSchema.jsonText())
        #expect(text.hasSuffix("}\n"))
        #expect(!text.contains("\\/"))
        let object = try schema()
        #expect(object["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(object["$id"] as? String == SpecSchema.id)
        #expect(object["required"] as? [String] == ["version", "name", "created_by", "provider"])
    }

    /// Walks every schema object; `properties` children must all carry a description.
    func walk(_ value: Any, path: String, visit: (String, [String: Any]) -> Void) {
        if let object = value as? [String: Any] {
            visit(path, object)
            for (key, child) in object { walk(child, path: path + "/" + key, visit: visit) }
        } else if let array = value as? [Any] {
            for (i, child) in array.enumerated() { walk(child, path: path + "/\(i)", visit: visit) }
        }
    }

    @Test func everyPropertyHasADescription() throws {
        var missing: [String] = []
        var count = 0
        walk(try schema(), path: "#") { path, object in
            // only the declarations; if/then overlays refine declared properties
            guard path.hasSuffix("/properties") || path.hasSuffix("/patternProperties"),
                  !path.contains("/if/"), !path.contains("/then/"), !path.contains("/else/") else { return }
            for (key, child) in object {
                count += 1
                guard let child = child as? [String: Any] else { continue }
                if child["description"] == nil { missing.append(path + "/" + key) }
            }
        }
        #expect(missing.isEmpty, "without description: \(missing.sorted())")
        #expect(count > 60)
    }

    @Test func enumsMatchTheModel() throws {
        let defs = try #require(try schema()["$defs"] as? [String: Any])
        func property(_ def: String, _ name: String) -> [String: Any]? {
            ((defs[def] as? [String: Any])?["properties"] as? [String: Any])?[name] as? [String: Any]
        }
        #expect(property("provider", "provider_type")?["enum"] as? [String] == ProviderType.allCases.map(\.rawValue))
        #expect(property("provider", "auth_type")?["enum"] as? [String] == AuthType.allCases.map(\.rawValue))
        #expect(property("provider", "mode")?["enum"] as? [String] == IngestionMode.allCases.map(\.rawValue))
        #expect(property("sink", "type")?["enum"] as? [String] == SinkType.allCases.map(\.rawValue))
        #expect(property("providerConfig", "upgrade_mode")?["enum"] as? [String] == UpgradeMode.allCases.map(\.rawValue))
        #expect(property("icebergSinkConfig", "catalog_type")?["enum"] as? [String] == SpecRules.icebergCatalogTypes)
        #expect(property("kafkaSinkConfig", "format")?["enum"] as? [String] == SpecRules.kafkaFormats)
        let flink = try #require(property("providerConfig", "flink_version")?["enum"] as? [Any])
        #expect(flink.compactMap { $0 as? String } == FlinkVersion.allCases.map(\.rawValue))
        let parallelism = try #require(property("provider", "parallelism"))
        #expect(parallelism["minimum"] as? Int == SpecRules.parallelismRange.lowerBound)
        #expect(parallelism["maximum"] as? Int == SpecRules.parallelismRange.upperBound)
        #expect(property("endpoint", "rate_limit_per_second")?["minimum"] as? Int == 1)
        let name = try #require(try schema()["properties"] as? [String: Any])["name"] as? [String: Any]
        #expect(name?["pattern"] as? String == SpecRules.namePattern)
        #expect(name?["maxLength"] as? Int == SpecRules.maxNameLength)
        // every known config key of the decoder is declared
        let configKeys = Set(((defs["providerConfig"] as? [String: Any])?["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
        #expect(configKeys.isSuperset(of: ["taskmanager_memory", "jobmanager_memory", "task_slots", "kafka_bootstrap_servers",
                                           "checkpoint_interval_ms", "checkpoint_timeout_ms", "checkpoint_dir", "savepoint_dir", "state_ttl_ms",
                                           "max_out_of_orderness_ms", "processing_delay_threshold_ms", "error_rate_threshold",
                                           "checkpoint_failure_threshold", "upgrade_mode", "username", "password", "debezium_config",
                                           "connector", "connector_artifact", "connector_options", "flink_version", "image", "namespace"]))
    }

    // The schema's patterns agree with the validator's checks on random text.

    func matches(_ pattern: String, _ text: String) -> Bool {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    static let nameChars = Gen<Character?>.element(of: ["a", "z", "0", "9", "-", "A", "_", "."] as [Character]).map { $0 ?? "a" }

    @Test func namePatternAgreesWithValidator() async {
        await propertyCheck(input: Self.nameChars.string(of: 0...50)) { name in
            let bySchema = matches(SpecRules.namePattern, name) && name.count <= SpecRules.maxNameLength
            #expect(bySchema == SpecRules.isValidName(name), "\(name)")
        }
    }

    @Test func columnPatternAgreesWithValidator() async {
        await propertyCheck(input: Self.nameChars.string(of: 0...8)) { column in
            #expect(matches(SpecRules.columnPattern, column) == SpecRules.isIdentifier(column), "\(column)")
        }
    }

    @Test func topicPatternAgreesWithValidator() async {
        let chars = Gen<Character?>.element(of: ["a", "Z", "0", ".", "_", "-", "/", " "] as [Character]).map { $0 ?? "a" }
        await propertyCheck(input: chars.string(of: 0...5)) { topic in
            let bySchema = matches(SpecRules.topicPattern, topic) && topic != "." && topic != ".."
            #expect(bySchema == SpecRules.isValidTopic(topic), "\(topic)")
        }
        #expect(!matches(SpecRules.topicPattern, String(repeating: "t", count: 250)))
        #expect(matches(SpecRules.topicPattern, String(repeating: "t", count: 249)))
    }

    @Test func secretPatternAgreesWithValidator() async {
        let chars = Gen<Character?>.element(of: ["{", "}", "a", " ", ".", "!"] as [Character]).map { $0 ?? "a" }
        await propertyCheck(count: 300, input: chars.string(of: 0...12)) { text in
            let valid = SpecRules.placeholders(in: text).allSatisfy(\.valid)
            #expect(matches(SpecSchema.secretTextPattern, text) == valid, "\(text)")
        }
    }

    @Test func memoryPatternAgreesWithValidator() throws {
        let pattern = try #require(SpecSchema.memory("").object?["pattern"]?.stringValue)
        for text in ["8g", "2048m", "4096 mb", "1G", "100", "1 gibibytes", "0g", "g", "8 gigs", "-1g", "", "01g", "8gb "] {
            #expect(matches(pattern, text) == SpecRules.isMemorySize(text), "\(text)")
        }
    }

    @Test func typePatternAcceptsEveryValidType() throws {
        let pattern = try #require(SpecSchema.schemaField.object?["properties"]?.object?["type"]?.object?["pattern"]?.stringValue)
        for (text, _) in FlinkTypeTests.valid { #expect(matches(pattern, text), "\(text)") }
        for text in ["STRNG", "FOO", "INTEGERS", "ROWS<a INT>"] { #expect(!matches(pattern, text), "\(text)") }
    }
}

extension JSONValue {
    var object: [String: JSONValue]? { if case let .object(o) = self { return Dictionary(o, uniquingKeysWith: { a, _ in a }) } else { return nil } }
    var stringValue: String? { if case let .string(s) = self { return s } else { return nil } }
}
