import Foundation
import Testing
import UISBundle
@testable import UISCompiler
import UISSpec
import UISTestSupport

/// The typed pipeline's JSON (`uis-gen explain --format json`): every example's pipeline survives the
/// round trip through `Codable` unchanged, and its text is stable.
@Suite struct PipelineJSONTests {
    @Test(arguments: examplePaths()) func roundTripsThroughCodable(_ example: String) throws {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent(example))
        let result = BundlePipeline.run(.data(data, file: example), options: BundlePipelineOptions(goal: .resolve))
        let pipeline = try #require(result.pipeline, "\(example): \(result.diagnostics.map(\.formatted))")
        let text = pipeline.jsonText()
        let decoded = try Pipeline(jsonText: text)
        #expect(decoded == pipeline)
        #expect(decoded.jsonText() == text, "the JSON is not stable")
        // the documented top-level keys
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["identity", "provider", "flink", "deployment", "monitoring", "sources", "sinks",
                                     "sinkColumns", "secrets", "artifacts", "connectorNotes"])
    }

    /// Types and coordinates are written as their text, and a wrong one is a decoding error, not a crash.
    @Test func typesAndCoordinatesAreText() throws {
        let json = try JSONEncoder().encode(Column(name: "x", type: try FlinkType.parse("DECIMAL(10, 2) NOT NULL").get()))
        #expect(String(decoding: json, as: UTF8.self).contains("\"DECIMAL(10, 2) NOT NULL\""))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Column.self, from: Data(#"{"name":"x","type":"DECIMAL(10"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Artifact.self, from: Data(#"{"coordinate":"a:b","onMavenCentral":true,"usedBy":""}"#.utf8)) }
    }

    /// Every stage up to the goal runs, and none after it.
    @Test func stopsAtTheGoal() throws {
        let url = repositoryRoot.appendingPathComponent("Examples/realtime-analytics.json")
        for goal in [BundleGoal.validate, .resolve, .compile, .bundle] {
            let result = BundlePipeline.run(.path(url.path), options: BundlePipelineOptions(goal: goal))
            #expect(!result.hasErrors)
            #expect((result.spec != nil) == true)
            #expect((result.pipeline != nil) == (goal >= .resolve))
            #expect((result.compiled != nil) == (goal >= .compile))
            #expect((result.bundle != nil) == (goal >= .bundle))
            #expect(result.specSHA256.count == 64)
        }
    }
}
