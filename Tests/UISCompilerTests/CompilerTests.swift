import Foundation
import Testing
@testable import UISCompiler
import UISSpec
import UISText
import UISTestSupport

/// Reads a spec from YAML text, failing the test on errors.
func spec(_ yaml: String, file: String = "test.yaml") throws -> Spec {
    let output = SpecReader().read(text: yaml, file: file, syntax: .yaml)
    let errors = output.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "unexpected errors: \(errors.map(\.formatted))")
    return try #require(output.spec)
}

/// A minimal spec with the given provider and sinks blocks.
func yaml(provider: String = "type: websocket", base: String = "wss://x.example", config: String = "{}",
          endpoints: String, sinks: String) -> String {
    """
    version: "1.1"
    name: t
    created_by: me
    provider:
      name: p
      provider_type: \(provider.replacingOccurrences(of: "type: ", with: ""))
      base_url: \(base)
      config: \(config)
      endpoints:
    \(endpoints.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
      sinks:
    \(sinks.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
    """
}

let kafkaSink = """
- type: kafka
  kafka_topic: out
  config: {bootstrap_servers: "k:9092"}
"""

@Suite struct SQLTextTests {
    @Test func identifiersDoubleBackticks() {
        #expect(SQLText.identifier("a`b") == "`a``b`")
        #expect(SQLText.identifier("timestamp") == "`timestamp`")
        #expect(SQLText.path(["c", "d b", "t"]) == "`c`.`d b`.`t`")
    }

    @Test func literalsDoubleQuotes() {
        #expect(SQLText.literal("it's") == "'it''s'")
        #expect(SQLText.literal("a;--b\nc") == "'a;--b\nc'")
    }

    @Test func commentsStayOnOneLineAndHideReferences() {
        #expect(SQLText.comment("a\nb ${X}") == "a b $ {X}")
    }

    @Test func watermarkIntervals() {
        #expect(SQLGenerator.interval(ms: 5000) == "INTERVAL '5' SECOND")
        #expect(SQLGenerator.interval(ms: 250) == "INTERVAL '0.250' SECOND")
        #expect(SQLGenerator.interval(ms: 0) == "INTERVAL '0' SECOND")
    }

    @Test func shellWords() {
        #expect(ShellWord.quote("abc") == "abc")
        #expect(ShellWord.quote("it's") == "'it'\\''s'")
        #expect(ShellWord.quote("") == "''")
    }

    @Test func sha256MatchesSha256sumAcrossBlockBoundaries() throws {
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 4097] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let text = try runProcess("/usr/bin/sha256sum", [], stdin: Data(bytes)).stdoutText
            #expect(FileDigest.sha256Hex(bytes) == String(text.prefix(64)), "length \(length)")
        }
    }

    @Test func sha256KnownVectors() {
        #expect(FileDigest.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(FileDigest.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(FileDigest.sha256Hex(Array(String(repeating: "a", count: 1000).utf8)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}

@Suite struct ResolverTests {
    @Test func seedExampleTargetsNewestKafkaVersionAndMapsKey() throws {
        let s = try spec(yaml(endpoints: """
        - name: ticks
          path: /ws
          headers: {Authorization: "Bearer {{token}}"}
          field_mapping: {timestamp: event_time, symbol: ticker}
        """, sinks: """
        - type: kafka
          kafka_topic: out
          kafka_key_field: symbol
          config: {bootstrap_servers: "k:9092", transactional: true}
        """))
        let p = try #require(Resolver().resolve(s).pipeline)
        #expect(p.flink.version == .v2_2)
        let sink = try #require(p.sinks.first)
        #expect(sink.kind == .kafka)
        #expect(sink.options.contains(TableOption("key.fields", "ticker")))
        #expect(sink.options.contains(TableOption("sink.delivery-guarantee", "exactly-once")))
        let timeout = Int(sink.options.first { $0.key == "properties.transaction.timeout.ms" }!.value)!
        #expect(timeout > p.flink.checkpoint.intervalMs)
        #expect(p.secrets == [SecretRef(name: "token", environmentVariable: "UIS_SECRET_TOKEN", usedAt: ["provider.endpoints[0].headers.Authorization"])])
        let source = try #require(p.sources.first)
        #expect(source.options.contains(TableOption("header.Authorization", "Bearer ${UIS_SECRET_TOKEN}")))
        #expect(source.eventTime == EventTimeColumn(name: source.eventTime?.name ?? "", sourceField: "timestamp", conversion: .text,
                                                    type: .primitive(name: "TIMESTAMP", parameters: [3], suffix: "", nullable: true)))
        #expect(SQLGenerator().sourceTable(source).contains(" AS TO_TIMESTAMP(`timestamp`),\n"))
        #expect(source.watermark?.column == "event_time_rowtime" || source.watermark?.column == "event_time")
    }

    @Test func epochMillisEventTimeAndQueryEncoding() throws {
        let s = try spec(yaml(endpoints: """
        - name: e
          path: /p
          query_params: {q: "a b&c", key: "{{k}}"}
          schema: [{name: ts, type: BIGINT}]
          field_mapping: {ts: event_time}
        """, sinks: kafkaSink))
        let source = try #require(Resolver().resolve(s).pipeline?.sources.first)
        #expect(source.eventTime?.conversion == .epochMillis && source.eventTime?.sourceField == "ts")
        #expect(SQLGenerator().sourceTable(source).contains("`event_time` AS TO_TIMESTAMP_LTZ(`ts`, 3)"))
        #expect(source.projections.first { $0.column == "event_time" }?.readsEventTime == true)
        #expect(source.options.first { $0.key == "url" }?.value == "wss://x.example/p?q=a%20b%26c&key=${UIS_SECRET_K}")
    }

    @Test func timestampFieldCarriesWatermarkDirectly() throws {
        let s = try spec(yaml(endpoints: """
        - name: e
          schema: [{name: at, type: TIMESTAMP(3)}]
          field_mapping: {at: event_time}
        """, sinks: kafkaSink))
        let source = try #require(Resolver().resolve(s).pipeline?.sources.first)
        #expect(source.eventTime == nil)
        #expect(source.watermark?.column == "at")
        let sql = SQLGenerator().sourceTable(source)
        #expect(sql.contains("WATERMARK FOR `at` AS `at` - INTERVAL '5' SECOND"))
    }

    @Test func fanOutUnionsColumnsAndNullFills() throws {
        let s = try spec(yaml(endpoints: """
        - name: a
          schema: [{name: x, type: INT}]
        - name: b
          schema: [{name: y, type: DOUBLE}]
        """, sinks: kafkaSink))
        let p = try #require(Resolver().resolve(s).pipeline)
        #expect(p.sinkColumns.map(\.name) == ["x", "y", "uis_endpoint"])
        let insert = SQLGenerator().insert(sources: p.sources, sink: p.sinks[0], columns: p.sinkColumns)
        #expect(insert.contains("CAST(NULL AS INT) AS `x`"))
        #expect(insert.contains("CAST('b' AS STRING) AS `uis_endpoint`"))
        // one writer per sink: the endpoints are one UNION ALL, in spec order
        #expect(insert.components(separatedBy: "\nUNION ALL\n").count == 2)
        #expect(insert.range(of: "FROM `src_a`")!.lowerBound < insert.range(of: "FROM `src_b`")!.lowerBound)
        let script = SQLGenerator().script(for: p).text
        #expect(script.components(separatedBy: "INSERT INTO").count - 1 == 1)
        #expect(script.contains("EXECUTE STATEMENT SET\nBEGIN\n"))
    }

    @Test func cdcFeedsUpsertKafkaKeyedOnPrimaryKey() throws {
        let s = try spec(yaml(provider: "type: database", base: "postgres://db:5432/shop",
                              config: "{username: u, password: \"{{pw}}\"}", endpoints: """
        - name: orders
          path: public.orders
          schema: [{name: id, type: BIGINT NOT NULL}, {name: total, type: DOUBLE}]
        """, sinks: kafkaSink))
        let p = try #require(Resolver().resolve(s).pipeline)
        #expect(p.flink.version == .v2_2)  // postgres-cdc 1.20, 2.2 and Kafka 1.20 to 2.2: the newest common version
        let source = p.sources[0]
        #expect(source.primaryKey == ["id"])
        #expect(source.options.contains(TableOption("slot.name", "uis_t_orders")))
        #expect(source.options.contains(TableOption("password", "${UIS_SECRET_PW}")))
        #expect(p.sinks[0].kind == .upsertKafka)
        #expect(p.sinks[0].primaryKey == ["id"])
        #expect(!p.sinks[0].options.contains { $0.key == "key.fields" })
    }

    @Test func cdcKeyThatIsNotThePrimaryKeyIsAnError() throws {
        let s = try spec(yaml(provider: "type: database", base: "postgres://db:5432/shop",
                              config: "{username: u}", endpoints: """
        - name: orders
          path: orders
          schema: [{name: id, type: BIGINT NOT NULL}, {name: customer, type: BIGINT}]
        """, sinks: """
        - type: kafka
          kafka_topic: out
          kafka_key_field: customer
          config: {bootstrap_servers: "k:9092"}
        """))
        let output = Resolver().resolve(s)
        #expect(output.pipeline == nil)
        let error = try #require(output.diagnostics.first { $0.severity == .error })
        #expect(error.path == "provider.sinks[0].kafka_key_field")
        #expect(error.message.contains("primary key"))
        #expect(error.location?.line != nil)
    }

    @Test func pinnedVersionUnsupportedByAConnectorIsAnErrorListingVersions() throws {
        let s = try spec(yaml(config: "{flink_version: \"2.2\"}", endpoints: "- name: e", sinks: """
        - type: iceberg
          iceberg_table: db.t
          config: {catalog_uri: "https://c"}
        """))
        let output = Resolver().resolve(s)
        let error = try #require(output.diagnostics.first { $0.severity == .error })
        #expect(error.path == "provider.config.flink_version")
        #expect(error.message.contains("iceberg: 1.20, 2.0, 2.1"))
    }

    @Test func connectorsWithoutCommonVersionAreAnError() throws {
        let s = try spec(yaml(provider: "type: database", base: "mysql://db:3306/shop", config: "{username: u}", endpoints: """
        - name: e
          path: t
          schema: [{name: id, type: INT NOT NULL}]
        """, sinks: """
        - type: iceberg
          iceberg_table: db.t
          config: {catalog_uri: "https://c"}
        """))
        // mysql-cdc: 1.20, 2.2; iceberg: 1.20, 2.0, 2.1 -> 1.20 in common
        #expect(Resolver().resolve(s).pipeline?.flink.version == .v1_20)
    }

    @Test func rawFlinkKeysAreCheckedAgainstTheRealList() throws {
        let s = try spec(yaml(config: """
        {"pipeline.operator-chaining.enabled": "false", "state.checkpointing.mode": "EXACTLY_ONCE", "execution.checkpointing.intervall": "1 s", "pipeline.operator-chaining": "true"}
        """, endpoints: "- name: e", sinks: kafkaSink))
        let output = Resolver().resolve(s)
        let p = try #require(output.pipeline)
        let keys = p.flink.configuration.map(\.key)
        #expect(keys.contains("pipeline.operator-chaining.enabled"))
        #expect(!keys.contains("state.checkpointing.mode"))
        #expect(!keys.contains("execution.checkpointing.intervall"))
        let warnings = output.diagnostics.filter { $0.severity == .warning }.map(\.message)
        #expect(warnings.contains { $0.contains("execution.checkpointing.mode") })
        #expect(warnings.contains { $0.contains("Did you mean 'execution.checkpointing.interval'") })
        #expect(warnings.contains { $0.contains("deprecated") })
    }

    @Test func everyGeneratedKeyExistsInEveryTargetVersion() {
        let keys = FlinkConfigKeys.bundled
        for version in FlinkVersion.allCases {
            #expect(keys.count(version) > 900, "Flink \(version.rawValue) key list looks empty")
            let settings = FlinkSettings(version: version, versionReason: "test", image: "flink", parallelism: 2, taskSlots: 1,
                                         taskManagerMemory: "4g", jobManagerMemory: "2g",
                                         checkpoint: CheckpointSettings(intervalMs: 1000, timeoutMs: 2000, dir: "s3://a/"), savepointDir: "s3://b/",
                                         stateTTLMs: 10, maxOutOfOrdernessMs: 0, upgradeMode: .savepoint, configuration: [], rawKeys: [],
                                         fileSystemPlugins: [])
            let builder = FlinkConfigBuilder(settings: settings, jobName: "uis-x")
            for entry in builder.entries() {
                #expect(keys.isKnown(entry.key, version: version), "\(entry.key) is not a Flink \(version.rawValue) key")
            }
            for key in ["high-availability.type", "high-availability.storageDir", "table.local-time-zone", "table.exec.source.idle-timeout"] {
                #expect(keys.isKnown(key, version: version))
            }
            for invented: String in ["state.checkpointing.mode", "kafka.bootstrap.servers", "flink.debug.mode"] {
                #expect(keys.lookup(invented, version: version) == .unknown)
            }
        }
    }

    @Test func endpointWithoutSchemaOrMappingReadsTheRawMessage() throws {
        let s = try spec(yaml(endpoints: "- name: e\n  path: /in", sinks: kafkaSink))
        let source = try #require(Resolver().resolve(s).pipeline?.sources.first)
        #expect(source.physicalColumns.map(\.name) == ["payload"])
        #expect(source.options.contains(TableOption("format", "raw")))
    }

    @Test func cdcWithoutIdTakesTheSinkKeyAsPrimaryKey() throws {
        let s = try spec(yaml(provider: "type: database", base: "postgres://db:5432/app", config: "{username: u}", endpoints: """
        - name: customers
          path: public.customers
          field_mapping: {customer_id: customer_id, email: email}
        """, sinks: """
        - type: kafka
          kafka_topic: out
          kafka_key_field: customer_id
          config: {bootstrap_servers: "k:9092"}
        """))
        let p = try #require(Resolver().resolve(s).pipeline)
        #expect(p.sources[0].primaryKey == ["customer_id"])
        #expect(p.sinks[0].primaryKey == ["customer_id"])
    }

    @Test func cdcEndpointWithoutColumnsIsAnError() throws {
        let s = try spec(yaml(provider: "type: database", base: "postgres://db:5432/app", config: "{username: u}",
                              endpoints: "- name: t\n  path: public.t", sinks: kafkaSink))
        let output = Resolver().resolve(s)
        #expect(output.diagnostics.contains { $0.severity == .error && $0.path == "provider.endpoints[0]" && $0.message.contains("schema or a field_mapping") })
    }

    @Test func dollarBraceInUserTextIsRefused() throws {
        let s = try spec(yaml(endpoints: """
        - name: e
          headers: {X: "${HOME}"}
        """, sinks: kafkaSink))
        let output = Resolver().resolve(s)
        #expect(output.diagnostics.contains { $0.severity == .error && $0.path == "provider.endpoints[0].headers.X" })
    }
}

@Suite struct FlinkCompilerTests {
    @Test func jobConfigHasTheSeedSections() throws {
        let s = try spec(yaml(endpoints: "- name: e", sinks: kafkaSink))
        let config = try FlinkCompiler().compile(s)
        guard case let .object(pairs) = config else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == ["job_type", "flink_version", "flink_config", "sources", "transforms", "sinks", "state_management", "monitoring"])
        #expect(FlinkCompiler().validateConfig(config).isEmpty)
        let text = config.encoded()
        #expect(text.contains("\"reconnect_config\""))
        #expect(!text.contains("state.checkpointing.mode"))
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    }

    @Test func validateConfigFindsInventedKeysAndMissingSections() {
        let bad: JSONValue = .object([("job_type", .string("streaming")), ("flink_config", .strings([("state.checkpointing.mode", "x")]))])
        let problems = FlinkCompiler().validateConfig(bad)
        #expect(problems.contains { $0.contains("state.checkpointing.mode") })
        #expect(problems.contains { $0.contains("'sources'") })
    }

    @Test func flinkArgsUseRealCLIOptions() throws {
        let s = try spec(yaml(endpoints: "- name: e", sinks: kafkaSink))
        let args = try FlinkCompiler().compileToFlinkArgs(s)
        #expect(args.prefix(6) == ["run", "--detached", "--parallelism", "1", "--class", "io.uisgen.pipeline.t.SqlRunner"])
        #expect(args.suffix(2) == [FlinkCompiler.jarPath, FlinkCompiler.sqlPath])
        #expect(!args.contains("--job-name"))
    }

    @Test func jsonEncodingEscapesAndKeepsOrder() {
        let value: JSONValue = .object([("b", .string("q\"\\\n\u{1}é")), ("a", .array([.int(1), .bool(false), .null, .double(0.5)]))])
        let text = value.encoded()
        #expect(text.hasPrefix("{\n  \"b\""))
        let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(parsed?["b"] as? String == "q\"\\\n\u{1}é")
    }
}

/// Exactly-once Kafka: the transaction timeout outlives a checkpoint cycle, or the spec is rejected.
@Suite struct KafkaTransactionTests {
    func sink(_ config: String) -> String {
        """
        - type: kafka
          kafka_topic: out
          config: {bootstrap_servers: "k:9092", transactional: true\(config)}
        """
    }

    func timeoutOption(_ output: Resolver.Output) -> String? {
        output.pipeline?.sinks.first?.options.first { $0.key == "properties.transaction.timeout.ms" }?.value
    }

    @Test func defaultIsTheBrokersMaximum() throws {
        let output = Resolver().resolve(try spec(yaml(endpoints: "- name: e", sinks: sink(""))))
        #expect(timeoutOption(output) == "900000")
        #expect(output.diagnostics.isEmpty)
        let notes = output.pipeline?.sinks.first?.notes.joined(separator: " ") ?? ""
        #expect(notes.contains("isolation.level=read_committed") && notes.contains("read_uncommitted"))
        #expect(notes.contains("transaction.max.timeout.ms >= 900000"))
    }

    @Test func configuredValueIsUsedAndChecked() throws {
        let ok = Resolver().resolve(try spec(yaml(endpoints: "- name: e", sinks: sink(", transaction_timeout_ms: 600000"))))
        #expect(timeoutOption(ok) == "600000")
        #expect(ok.diagnostics.isEmpty)
        // 60 s interval + 5 min checkpoint timeout (the defaults) = 360000 ms: 300000 is too short
        let short = Resolver().resolve(try spec(yaml(endpoints: "- name: e", sinks: sink(", transaction_timeout_ms: 300000"))))
        #expect(short.pipeline == nil)
        #expect(short.diagnostics.contains { $0.severity == .error && $0.path == "provider.sinks[0].config.transaction_timeout_ms" && $0.message.contains("must exceed") })
        let long = Resolver().resolve(try spec(yaml(endpoints: "- name: e", sinks: sink(", transaction_timeout_ms: 3600000"))))
        #expect(timeoutOption(long) == "3600000")
        #expect(long.diagnostics.map(\.severity) == [.warning])
    }

    @Test func defaultTooShortForLongCheckpointsIsAnError() throws {
        let s = try spec(yaml(config: "{checkpoint_interval_ms: 900000}", endpoints: "- name: e", sinks: sink("")))
        let output = Resolver().resolve(s)
        #expect(output.pipeline == nil)
        #expect(output.diagnostics.contains { $0.path == "provider.sinks[0].config.transactional" && $0.message.contains("900000 ms") })
    }

    @Test func outOfRangeValueIsADecodeError() throws {
        let output = SpecReader().read(text: yaml(endpoints: "- name: e", sinks: sink(", transaction_timeout_ms: 5")), file: "t.yaml", syntax: .yaml)
        #expect(output.spec == nil)
        #expect(output.diagnostics.contains { $0.path == "provider.sinks[0].config.transaction_timeout_ms" })
    }
}

/// `provider.config.on_parse_error`: skip becomes the JSON format's ignore-parse-errors; fail is the default.
@Suite struct ParseErrorPolicyTests {
    func options(_ config: String, provider: String = "type: kafka", base: String = "kafka://k:9092") throws -> (Resolver.Output, [TableOption]) {
        let s = try spec(yaml(provider: provider, base: base, config: config, endpoints: "- name: e\n  path: in\n  schema: [{name: id, type: BIGINT NOT NULL}]", sinks: kafkaSink))
        let output = Resolver().resolve(s)
        return (output, output.pipeline?.sources.first?.options ?? [])
    }

    @Test func skipIgnoresParseErrors() throws {
        let (output, options) = try options("{on_parse_error: skip}")
        #expect(options.contains(TableOption("json.ignore-parse-errors", "true")))
        #expect(output.pipeline?.sources.first?.notes.contains { $0.hasPrefix("on_parse_error skip") } == true)
    }

    @Test func failIsTheDefault() throws {
        let (_, byDefault) = try options("{}")
        #expect(!byDefault.contains { $0.key == "json.ignore-parse-errors" })
        let (_, explicit) = try options("{on_parse_error: fail}")
        #expect(explicit == byDefault)
    }

    @Test func skipOnADatabaseSourceIsAWarning() throws {
        let s = try spec(yaml(provider: "type: database", base: "postgres://db:5432/shop", config: "{username: u, password: \"{{p}}\", on_parse_error: skip}",
                              endpoints: "- name: orders\n  path: public.orders\n  schema: [{name: id, type: BIGINT NOT NULL}]", sinks: kafkaSink))
        let output = Resolver().resolve(s)
        #expect(output.pipeline != nil)
        #expect(output.diagnostics.contains { $0.severity == .warning && $0.path == "provider.config.on_parse_error" })
    }

    @Test func unknownPolicyIsADecodeError() throws {
        let output = SpecReader().read(text: yaml(config: "{on_parse_error: ignore}", endpoints: "- name: e", sinks: kafkaSink), file: "t.yaml", syntax: .yaml)
        #expect(output.spec == nil)
        #expect(output.diagnostics.contains { $0.path == "provider.config.on_parse_error" })
    }
}

/// Checkpoint and savepoint URIs: the image enables the Flink file system plugin of each scheme.
@Suite struct FileSystemPluginTests {
    func resolve(_ config: String) throws -> Resolver.Output {
        Resolver().resolve(try spec(yaml(config: config, endpoints: "- name: e", sinks: kafkaSink)))
    }

    @Test func defaultS3DirsUsePresto() throws {
        let p = try #require(try resolve("{}").pipeline)
        #expect(p.flink.fileSystemPlugins == [FileSystemPlugin(name: "s3-fs-presto", jar: "flink-s3-fs-presto-\(FlinkRelease.full(p.flink.version)).jar",
                                                                schemes: ["s3"], usedBy: ["provider.config.checkpoint_dir", "provider.config.savepoint_dir"])])
    }

    @Test func eachSchemeGetsItsPlugin() throws {
        let p = try #require(try resolve("{checkpoint_dir: \"s3a://b/c/\", savepoint_dir: \"gs://b/s/\"}").pipeline)
        #expect(p.flink.fileSystemPlugins.map(\.name) == ["s3-fs-hadoop", "gs-fs-hadoop"])
        let azure = try #require(try resolve("{checkpoint_dir: \"abfss://c@a.dfs.core.windows.net/x/\", savepoint_dir: \"file:///data/s/\"}").pipeline)
        #expect(azure.flink.fileSystemPlugins.map(\.name) == ["azure-fs-hadoop"])
    }

    @Test func unknownSchemeIsAnErrorAtItsField() throws {
        let output = try resolve("{checkpoint_dir: \"ftp://host/c/\"}")
        #expect(output.pipeline == nil)
        #expect(output.diagnostics.contains { $0.severity == .error && $0.path == "provider.config.checkpoint_dir" && $0.message.contains("'ftp://'") })
    }

    @Test func hdfsNeedsHadoopAndSaysSo() throws {
        let output = try resolve("{checkpoint_dir: \"hdfs://nn/c/\", savepoint_dir: \"hdfs://nn/s/\"}")
        #expect(output.pipeline?.flink.fileSystemPlugins == [])
        #expect(output.diagnostics.filter { $0.severity == .warning && $0.message.contains("HADOOP_CLASSPATH") }.count == 2)
    }
}

/// `connector_options` that set the JSON format's ignore-parse-errors decide the policy the README and notes state.
@Suite struct EffectiveParseErrorPolicyTests {
    @Test func connectorOptionsWin() throws {
        let skip = try spec(yaml(config: "{connector_options: {\"json.ignore-parse-errors\": \"true\"}}", endpoints: "- name: e\n  schema: [{name: a, type: INT}]", sinks: kafkaSink))
        let p = try #require(Resolver().resolve(skip).pipeline)
        #expect(p.provider.onParseError == .skip)
        #expect(p.sources[0].notes.contains { $0.hasPrefix("on_parse_error skip") })
        let fail = try spec(yaml(config: "{on_parse_error: skip, connector_options: {\"json.ignore-parse-errors\": \"false\"}}", endpoints: "- name: e\n  schema: [{name: a, type: INT}]", sinks: kafkaSink))
        let q = try #require(Resolver().resolve(fail).pipeline)
        #expect(q.provider.onParseError == .fail)
        #expect(q.sources[0].options.contains(TableOption("json.ignore-parse-errors", "false")))
    }
}
