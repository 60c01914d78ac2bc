import Foundation
import Testing
@testable import UISSpec
import UISTestSupport

@Suite("SpecDecoder")
struct DecoderTests {
    static let examples: [String] = (try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Examples").path).sorted()) ?? []

    @Test(arguments: examples)
    func examplesDecodeCleanly(file: String) throws {
        let output = SpecReader().read(path: repositoryRoot.appendingPathComponent("Examples").appendingPathComponent(file).path)
        #expect(output.diagnostics.isEmpty, "\(output.diagnostics.map(\.formatted))")
        #expect(output.spec != nil)
    }

    @Test func seedExampleKeepsOrderAndDefaults() throws {
        let spec = try #require(SpecReader().read(path: repositoryRoot.appendingPathComponent("Examples/realtime-analytics.json").path).spec)
        #expect(spec.version == "1.1")
        #expect(spec.provider.config.taskSlots == 4)
        #expect(spec.provider.config.jobmanagerMemory == "2g")
        #expect(spec.provider.endpoints[0].fieldMapping.map(\.value) == ["event_time", "ticker", "last_price", "trade_volume"])
        #expect(spec.provider.sinks[0].config.transactional)
        #expect(spec.location(of: "provider.endpoints[0].field_mapping.symbol")?.line == 20)
    }

    @Test func unquotedVersionAndTaskSlotsAreAccepted() throws {
        let text = minimalSpecYAML.replacingOccurrences(of: "version: \"1.1\"", with: "version: 1.1")
            .replacingOccurrences(of: "  endpoints:", with: "  config:\n    task_slots: 4\n    flink_version: 2.0\n  endpoints:")
        let output = read(text)
        #expect(output.diagnostics.isEmpty, "\(output.diagnostics.map(\.formatted))")
        #expect(output.spec?.provider.config.taskSlots == 4)
        #expect(output.spec?.provider.config.flinkVersion == .v2_0)
    }

    @Test func schemaKeyIsAllowedAtTheTop() {
        let output = read("{\"$schema\": \"uis-spec.schema.json\", \"version\": \"1.1\", \"name\": \"a\", \"created_by\": \"me\", \"provider\": {\"name\": \"p\", \"provider_type\": \"webhook\", \"base_url\": \"https://h\", \"endpoints\": [{\"name\": \"e\"}], \"sinks\": [{\"type\": \"clickhouse\", \"clickhouse_table\": \"a.b\", \"config\": {\"url\": \"jdbc:clickhouse://c:8123\"}}]}}", syntax: .json, file: "t.json")
        #expect(output.diagnostics.isEmpty, "\(output.diagnostics.map(\.formatted))")
    }

    @Test func everyErrorIsReportedInOneRun() {
        let text = minimalSpecYAML.replacingOccurrences(of: "name: tiny", with: "name: Tiny")
            .replacingOccurrences(of: "provider_type: websocket", with: "provider_type: socket")
            .replacingOccurrences(of: "kafka_topic: out", with: "kafka_topic: a/b")
        let output = read(text)
        #expect(output.diagnostics.map(\.path) == ["name", "provider.provider_type", "provider.sinks[0].kafka_topic"])
        #expect(output.spec == nil)
    }

    @Test func quotedKeysInPaths() {
        let text = minimalSpecYAML.replacingOccurrences(of: "      path: /ws\n", with: "      path: /ws\n      field_mapping:\n        \"a.b\": \"x y\"\n")
        let output = read(text)
        #expect(output.diagnostics.first?.path == "provider.endpoints[0].field_mapping[\"a.b\"]")
        #expect(output.diagnostics.first?.location?.line == 12)
    }

    @Test func placeholderInAHeaderIsNotALiteralCredential() {
        let text = minimalSpecYAML.replacingOccurrences(of: "      path: /ws\n", with: "      path: /ws\n      headers:\n        Authorization: Bearer {{token}}\n        X-Api-Key: \"{{key}}\"\n")
        #expect(read(text).diagnostics.isEmpty)
    }

    @Test func dnsLabels() {
        #expect(SpecRules.isValidName("a"))
        #expect(SpecRules.isValidName("a-1"))
        #expect(!SpecRules.isValidName("a-"))
        #expect(!SpecRules.isValidName(String(repeating: "a", count: 46)))
        #expect(SpecRules.isDNSLabel(String(repeating: "a", count: 63), maxLength: 63))
        #expect(!SpecRules.isDNSLabel(String(repeating: "a", count: 62) + "-", maxLength: 63))
        #expect(!SpecRules.isDNSLabel("ä", maxLength: 63))
    }

    @Test func memorySizes() {
        for ok in ["8g", "2048m", "4096 mb", "1G", "100", "1 gibibytes"] { #expect(SpecRules.isMemorySize(ok), "\(ok)") }
        for bad in ["0g", "g", "8 gigs", "-1g", ""] { #expect(!SpecRules.isMemorySize(bad), "\(bad)") }
    }
}
