import Foundation
import Testing
@testable import UISSpec
import UISTestSupport

/// One expected diagnostic of a bad spec.
struct Expected: Sendable, CustomStringConvertible {
    var severity: Severity
    var path: String
    var line: Int
    var message: String
    var description: String { "\(severity) \(line) [\(path)] \(message)" }
}

func error(_ path: String, line: Int, _ message: String) -> Expected { Expected(severity: .error, path: path, line: line, message: message) }
func warning(_ path: String, line: Int, _ message: String) -> Expected { Expected(severity: .warning, path: path, line: line, message: message) }

/// One file of Tests/Fixtures/bad-specs and every diagnostic it must produce (no more, no fewer).
struct BadSpec: Sendable, CustomStringConvertible {
    var file: String
    var expected: [Expected]
    init(_ file: String, _ expected: Expected...) { self.file = file; self.expected = expected }
    var description: String { file }
}

let badSpecsFolder = repositoryRoot.appendingPathComponent("Tests/Fixtures/bad-specs")

let badSpecs: [BadSpec] = [
    // missing required fields (reported at the mapping that lacks them)
    BadSpec("missing-version.yaml", error("version", line: 2, "missing required field 'version' (the spec version, \"1.1\")")),
    BadSpec("missing-name.yaml", error("name", line: 2, "missing required field 'name'")),
    BadSpec("missing-created-by.yaml", error("created_by", line: 2, "missing required field 'created_by' (the author)")),
    BadSpec("missing-provider.yaml", error("provider", line: 2, "missing required field 'provider'")),
    BadSpec("missing-endpoints.yaml", error("provider.endpoints", line: 6, "missing required field 'endpoints' (a list of at least one endpoint)")),
    BadSpec("missing-sinks.yaml", error("provider.sinks", line: 6, "missing required field 'sinks' (a list of at least one sink)")),
    // wrong types
    BadSpec("provider-is-list.yaml", error("provider", line: 6, "provider must be a mapping, got a list")),
    BadSpec("parallelism-string.yaml", error("provider.parallelism", line: 9, "parallelism must be an integer, got a string 'four'")),
    BadSpec("endpoints-mapping.yaml", error("provider.endpoints", line: 13, "endpoints must be a list, got a mapping")),
    BadSpec("json-endpoints-mapping.json", error("provider.endpoints", line: 9, "endpoints must be a list, got a mapping")),
    BadSpec("top-level-list.yaml", error("", line: 2, "the spec must be a mapping, got a list")),
    // enums list their allowed values
    BadSpec("unknown-provider-type.yaml", error("provider.provider_type", line: 7, "unknown provider_type 'websockets'; expected one of 'websocket', 'webhook', 'kafka', 'database' (did you mean 'websocket'?)")),
    BadSpec("unknown-auth-type.yaml", error("provider.auth_type", line: 10, "unknown auth_type 'token'; expected one of 'none', 'api_key', 'bearer', 'basic', 'oauth2'")),
    BadSpec("unknown-mode.yaml", error("provider.mode", line: 10, "unknown mode 'batch'; expected one of 'websocket', 'webhook', 'streaming', 'cdc'")),
    BadSpec("unknown-sink-type.yaml", error("provider.sinks[0].type", line: 22, "unknown sink type 's3'; expected one of 'kafka', 'iceberg', 'clickhouse'")),
    BadSpec("version-2.yaml", error("version", line: 2, "unsupported spec version '2.0'; expected \"1.1\" (or \"1.0\")")),
    // names
    BadSpec("name-path-traversal.yaml", error("name", line: 3, "name '../x' is not a lowercase DNS-1123 label")),
    BadSpec("name-with-space.yaml", error("name", line: 3, "name 'My Pipeline' is not a lowercase DNS-1123 label")),
    BadSpec("name-46-chars.yaml", error("name", line: 3, "is 46 characters; at most 45 so derived Kubernetes names stay under 63")),
    BadSpec("name-leading-dash.yaml", error("name", line: 3, "name '-x' is not a lowercase DNS-1123 label: use a-z, 0-9 and '-', starting and ending with a letter or digit")),
    BadSpec("endpoint-duplicate.yaml", error("provider.endpoints[1].name", line: 21, "duplicate endpoint name 'ticks'; endpoints[0] has it already")),
    BadSpec("json-duplicate-endpoint.json", error("provider.endpoints[1].name", line: 15, "duplicate endpoint name 'events'; endpoints[0] has it already")),
    BadSpec("endpoint-normalised-duplicate.yaml", error("provider.endpoints[1].name", line: 21, "endpoint name 'a_b' becomes the SQL identifier 'a_b', as endpoints[0]'s name does; names must be unique after normalisation")),
    BadSpec("namespace-trailing-dash.yaml", error("provider.config.namespace", line: 12, "is not a Kubernetes namespace name; expected a lowercase DNS-1123 label")),
    // field_mapping output columns
    BadSpec("column-starts-with-digit.yaml", error("provider.endpoints[0].field_mapping.price", line: 20, "output column '1col' (mapped from 'price') is not an identifier; expected [A-Za-z_][A-Za-z0-9_]*")),
    BadSpec("column-with-space.yaml", error("provider.endpoints[0].field_mapping.price", line: 20, "output column 'a b' (mapped from 'price') is not an identifier")),
    BadSpec("column-used-twice.yaml", error("provider.endpoints[0].field_mapping.price", line: 20, "output column 'event_time' is used twice in field_mapping (also for 'ts')")),
    BadSpec("column-type-conflict.yaml", error("provider.endpoints[1].field_mapping.bid", line: 24, "column 'last_price' is STRING in endpoint 'quotes' but DOUBLE in endpoint 'ticks'")),
    // topics
    BadSpec("sink-topic-slash.yaml", error("provider.sinks[0].kafka_topic", line: 23, "kafka_topic 'ticks/out' holds characters Kafka forbids or is too long; a topic uses [a-zA-Z0-9._-], at most 249 characters")),
    BadSpec("sink-topic-250-chars.yaml", error("provider.sinks[0].kafka_topic", line: 23, "holds characters Kafka forbids or is too long")),
    BadSpec("kafka-topic-path.yaml", error("provider.endpoints[0].path", line: 14, "path '/ws/ticks' is the Kafka topic of this endpoint and holds characters Kafka forbids")),
    // sinks' required settings
    BadSpec("kafka-sink-without-brokers.yaml", error("provider.sinks[0].config.bootstrap_servers", line: 20, "a kafka sink needs brokers: set config.bootstrap_servers here or provider.config.kafka_bootstrap_servers")),
    BadSpec("iceberg-without-table.yaml", error("provider.sinks[0].iceberg_table", line: 22, "missing required field 'iceberg_table' (the Iceberg table, db.table)")),
    BadSpec("iceberg-rest-without-uri.yaml", error("provider.sinks[0].config.catalog_uri", line: 25, "an iceberg sink with a rest catalog needs config.catalog_uri")),
    BadSpec("iceberg-hadoop-without-warehouse.yaml", error("provider.sinks[0].config.warehouse", line: 25, "an iceberg sink with a hadoop catalog needs config.warehouse")),
    BadSpec("clickhouse-without-url.yaml", error("provider.sinks[0].config.url", line: 25, "a clickhouse sink needs config.url, e.g. jdbc:clickhouse://clickhouse:8123")),
    // numbers
    BadSpec("rate-limit-zero.yaml", error("provider.endpoints[0].rate_limit_per_second", line: 15, "rate_limit_per_second must be greater than 0, got 0")),
    BadSpec("rate-limit-negative.yaml", error("provider.endpoints[0].rate_limit_per_second", line: 15, "rate_limit_per_second must be greater than 0, got -5")),
    BadSpec("parallelism-zero.yaml", error("provider.parallelism", line: 9, "parallelism must be between 1 and 4096, got 0")),
    BadSpec("parallelism-5000.yaml", error("provider.parallelism", line: 9, "parallelism must be between 1 and 4096, got 5000")),
    BadSpec("parallelism-huge.yaml", error("provider.parallelism", line: 9, "parallelism 99999999999999999999999 is too large; expected an integer between 1 and 4096")),
    BadSpec("json-parallelism-huge.json", error("provider.parallelism", line: 24, "parallelism 99999999999999999999999 is too large; expected an integer between 1 and 4096")),
    // schema types and columns
    BadSpec("schema-varchar-zero.yaml", error("provider.endpoints[0].schema[1].type", line: 17, "type 'VARCHAR(0)' is not a valid Flink SQL type: length of VARCHAR must be between 1 and 2147483647, got 0")),
    BadSpec("schema-unknown-type.yaml", error("provider.endpoints[0].schema[1].type", line: 17, "type 'STRNG' is not a valid Flink SQL type: unknown type STRNG")),
    BadSpec("kafka-key-field-unknown.yaml", error("provider.sinks[0].kafka_key_field", line: 24, "kafka_key_field 'symbol' names neither a source field ('ts', 'price') nor an output column ('event_time', 'last_price')")),
    BadSpec("event-time-not-a-column.yaml", error("provider.endpoints[0].event_time_field", line: 21, "event_time_field 'ts' is not an output column of this endpoint; expected one of 'event_time', 'last_price'")),
    // unknown keys are warnings with a suggestion
    BadSpec("unknown-key-field-maping.yaml", warning("provider.endpoints[0].field_maping", line: 18, "unknown key 'field_maping'; did you mean 'field_mapping'?")),
    BadSpec("unknown-key-endpoint.yaml",
            warning("provider.endpoint", line: 12, "unknown key 'endpoint'; did you mean 'endpoints'?"),
            error("provider.endpoints", line: 6, "missing required field 'endpoints'")),
    // secrets
    BadSpec("secret-bad-name.yaml", error("provider.endpoints[0].headers.Authorization", line: 16, "'{{bad name}}' is not a valid secret placeholder; a secret is written {{name}}")),
    BadSpec("bearer-literal-token.yaml", warning("provider.endpoints[0].headers.Authorization", line: 16, "header 'Authorization' holds what looks like a live credential")),
    // database providers
    BadSpec("database-without-path.yaml", error("provider.endpoints[0].path", line: 13, "missing required field 'path' (the table to capture, schema.table) for a database provider")),
    BadSpec("mysql-url-without-database.yaml", error("provider.base_url", line: 8, "base_url 'mysql://db:3306' of a database provider must be postgres://host:5432/db or mysql://host:3306/db")),
    BadSpec("postgres-url-bad-port.yaml", error("provider.base_url", line: 8, "base_url 'postgres://db:99999/shop' of a database provider must be")),
    BadSpec("flink-version-119.yaml", error("provider.config.flink_version", line: 12, "flink_version '1.19' is not supported; expected one of \"1.20\", \"2.0\", \"2.1\", \"2.2\"")),
    // not text
    BadSpec("invalid-utf8.yaml", error("", line: 4, "invalid UTF-8 at byte 74 (line 4, column 14)")),
]

@Suite("Bad-spec corpus")
struct BadSpecTests {
    @Test(arguments: badSpecs)
    func reportsExactlyTheExpectedDiagnostics(_ spec: BadSpec) throws {
        let path = badSpecsFolder.appendingPathComponent(spec.file).path
        let output = SpecReader().read(path: path)
        let got = output.diagnostics
        #expect(got.count == spec.expected.count, "got:\n\(got.map(\.formatted).joined(separator: "\n"))")
        for expected in spec.expected {
            let match = got.first { $0.path == expected.path && $0.severity == expected.severity && $0.message.contains(expected.message) }
            guard let match else {
                Issue.record("missing \(expected)\ngot:\n\(got.map(\.formatted).joined(separator: "\n"))")
                continue
            }
            #expect(match.location?.line == expected.line, "\(expected.path): line \(match.location?.line ?? 0), expected \(expected.line)")
            #expect(match.location?.file == path)
        }
        let hasErrors = spec.expected.contains { $0.severity == .error }
        #expect((output.spec == nil) == hasErrors)
    }

    @Test func everyFixtureIsInTheTable() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: badSpecsFolder.path).filter { !$0.hasPrefix(".") }
        let listed = Set(badSpecs.map(\.file))
        #expect(Set(files) == listed, "not in the table: \(Set(files).subtracting(listed).sorted()); missing files: \(listed.subtracting(files).sorted())")
        #expect(badSpecs.count >= 30)
    }

    @Test func diagnosticLineFormat() throws {
        let path = badSpecsFolder.appendingPathComponent("parallelism-zero.yaml").path
        let diagnostic = try #require(SpecReader().read(path: path).diagnostics.first)
        #expect(diagnostic.formatted == "\(path):9:16: error: parallelism must be between 1 and 4096, got 0 [provider.parallelism]")
    }
}
