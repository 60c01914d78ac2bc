import UISSpec

/// The seed SDK's compiler API in Swift form.
/// `compile` gives the job config (same top-level keys as the seed's JSON), `compileToFlinkSQL` the
/// SQL script, `compileToFlinkArgs` the `flink run` arguments, `validateConfig` checks a job config.
public struct FlinkCompiler: Sendable {
    /// The resolver (with the Flink key lists).
    public var resolver: Resolver

    /// Creates a compiler.
    public init(resolver: Resolver = Resolver()) { self.resolver = resolver }

    /// Where the runner jar and the SQL live inside the image.
    public static let jarPath = "/opt/flink/usrlib/sql-runner.jar"
    /// The SQL script inside the image.
    public static let sqlPath = "/opt/flink/usrlib/sql/pipeline.sql"

    /// Resolves or throws every diagnostic.
    public func pipeline(_ spec: Spec) throws(DiagnosticsError) -> Pipeline {
        let output = resolver.resolve(spec)
        guard let pipeline = output.pipeline else { throw DiagnosticsError(output.diagnostics) }
        return pipeline
    }

    /// The job config: job_type, flink_config, sources, transforms, sinks, state_management, monitoring.
    public func compile(_ spec: Spec) throws(DiagnosticsError) -> JSONValue { jobConfig(try pipeline(spec)) }

    /// The complete pipeline SQL script.
    public func compileToFlinkSQL(_ spec: Spec) throws(DiagnosticsError) -> String { SQLGenerator().script(for: try pipeline(spec)).text }

    /// The `flink run` arguments (without the `flink` binary itself).
    public func compileToFlinkArgs(_ spec: Spec) throws(DiagnosticsError) -> [String] { flinkArgs(try pipeline(spec)) }

    /// The job config of a resolved pipeline.
    public func jobConfig(_ p: Pipeline) -> JSONValue {
        var sources: [JSONValue] = []
        var transforms: [JSONValue] = []
        for source in p.sources {
            var fields: [(String, JSONValue)] = [
                ("type", .string(p.provider.type == .database ? "cdc" : p.provider.type.rawValue)),
                ("name", .string("\(p.provider.type.rawValue)_\(SpecRules.normalisedIdentifier(source.endpointName))")),
                ("table", .string(source.tableName)),
                ("connector", .string(source.connector.identifier)),
            ]
            let options = Dictionary(source.options.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            switch p.provider.type {
            case .websocket, .webhook:
                fields.append(("url", .string(options["url"] ?? "")))
                if let proto = p.provider.baseURL.split(separator: ":").first { fields.append(("protocol", .string(String(proto)))) }
                fields.append(("headers", .object(source.options.filter { $0.key.hasPrefix("header.") }.map { (String($0.key.dropFirst(7)), .string($0.value)) })))
                fields.append(("format", .string("json")))
                if p.provider.type == .websocket {
                    fields.append(("reconnect_config", .object([("max_attempts", .int(10)), ("initial_delay_ms", .int(1000)),
                                                                ("max_delay_ms", .int(30000)), ("backoff_multiplier", .double(2.0))])))
                    fields.append(("heartbeat", .object([("interval_ms", .int(30000)), ("timeout_ms", .int(10000))])))
                }
            case .kafka:
                fields.append(("topic", .string(options["topic"] ?? "")))
                fields.append(("bootstrap_servers", .string(options["properties.bootstrap.servers"] ?? "")))
                fields.append(("group_id", .string(options["properties.group.id"] ?? "")))
                fields.append(("format", .string("json")))
            case .database:
                fields.append(("hostname", .string(options["hostname"] ?? "")))
                fields.append(("database_name", .string(options["database-name"] ?? "")))
                fields.append(("table_names", .array([.string(options["table-name"] ?? "")])))
                fields.append(("primary_key", .array(source.primaryKey.map(JSONValue.string))))
                fields.append(("debezium_config", .object(source.options.filter { $0.key.hasPrefix("debezium.") }.map { (String($0.key.dropFirst(9)), .string($0.value)) })))
            }
            fields.append(("options", .strings(source.options.map { ($0.key, $0.value) })))
            sources.append(.object(fields))
            let mapping = source.projections.map { ($0.sourceField, JSONValue.string($0.column)) }
            transforms.append(.object([("type", .string("field_mapping")), ("name", .string("map_\(SpecRules.normalisedIdentifier(source.endpointName))")),
                                       ("source", .string(source.tableName)), ("mapping", .object(mapping))]))
            if let watermark = source.watermark {
                transforms.append(.object([("type", .string("watermark")), ("name", .string("watermark_\(SpecRules.normalisedIdentifier(source.endpointName))")),
                                           ("timestamp_column", .string(watermark.column)), ("max_out_of_orderness_ms", .int(watermark.delayMs))]))
            }
        }
        let sinks: [JSONValue] = p.sinks.map { sink in
            var fields: [(String, JSONValue)] = [("type", .string(sink.kind.rawValue)), ("name", .string(sink.tableName.last ?? "")),
                                                 ("table", .string(sink.tableName.joined(separator: "."))), ("connector", .string(sink.connector.identifier))]
            let options = Dictionary(sink.options.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            switch sink.kind {
            case .kafka, .upsertKafka:
                fields.append(("bootstrap_servers", .string(options["properties.bootstrap.servers"] ?? "")))
                fields.append(("topic", .string(options["topic"] ?? "")))
                if let key = options["key.fields"] ?? sink.primaryKey.first { fields.append(("key_field", .string(key))) }
                fields.append(("format", .string(options["value.format"] ?? "json")))
                fields.append(("transactional", .bool(options["sink.delivery-guarantee"] == "exactly-once")))
            case .iceberg:
                if let catalog = sink.catalog { fields.append(("catalog", .strings(catalog.options.map { ($0.key, $0.value) }))) }
            case .clickhouse:
                fields.append(("url", .string(options["url"] ?? "")))
            }
            if !sink.primaryKey.isEmpty { fields.append(("primary_key", .array(sink.primaryKey.map(JSONValue.string)))) }
            fields.append(("options", .strings(sink.options.map { ($0.key, $0.value) })))
            return .object(fields)
        }
        let state: JSONValue = .object([
            ("backend", .string("rocksdb")),
            ("checkpoint_config", .object([("interval_ms", .int(p.flink.checkpoint.intervalMs)), ("timeout_ms", .int(p.flink.checkpoint.timeoutMs)),
                                           ("mode", .string("EXACTLY_ONCE")), ("dir", .string(p.flink.checkpoint.dir)),
                                           ("externalized_retention", .string("RETAIN_ON_CANCELLATION"))])),
            ("savepoint_config", .object([("dir", .string(p.flink.savepointDir)), ("upgrade_mode", .string(p.flink.upgradeMode.rawValue))])),
            ("state_ttl", .object([("enabled", .bool(p.flink.stateTTLMs > 0)), ("time_ms", .int(p.flink.stateTTLMs))])),
        ])
        let monitoring: JSONValue = .object([
            ("metrics_enabled", .bool(true)),
            ("metrics_prefix", .string("uis.\(p.identity.name)")),
            ("prometheus", .object([("enabled", .bool(true)), ("port", .int(FlinkConfigBuilder.prometheusPort)), ("path", .string("/metrics"))])),
            ("alerts", .object([("processing_delay_threshold_ms", .int(p.monitoring.processingDelayThresholdMs)),
                                ("error_rate_threshold", .double(p.monitoring.errorRateThreshold)),
                                ("checkpoint_failure_threshold", .int(p.monitoring.checkpointFailureThreshold))])),
        ])
        return .object([
            ("job_type", .string("streaming")),
            ("flink_version", .string(p.flink.version.rawValue)),
            ("flink_config", .strings(p.flink.configuration.map { ($0.key, $0.value) })),
            ("sources", .array(sources)),
            ("transforms", .array(transforms)),
            ("sinks", .array(sinks)),
            ("state_management", state),
            ("monitoring", monitoring),
        ])
    }

    /// `flink run` arguments for a session or application cluster that already has the image's jars.
    public func flinkArgs(_ p: Pipeline) -> [String] {
        var args = ["run", "--detached", "--parallelism", String(p.flink.parallelism), "--class", p.identity.javaPackage + ".SqlRunner"]
        for entry in p.flink.configuration where !["parallelism.default"].contains(entry.key) {
            args += ["-D", "\(entry.key)=\(entry.value)"]
        }
        args += [Self.jarPath, Self.sqlPath]
        return args
    }

    /// Problems in a job config: missing sections, keys Flink does not have, impossible settings.
    public func validateConfig(_ config: JSONValue) -> [String] { validateConfig(config, keys: .bundled) }

    /// The same against other key lists.
    package func validateConfig(_ config: JSONValue, keys: FlinkConfigKeys) -> [String] {
        var problems: [String] = []
        for section in ["job_type", "flink_config", "sources", "transforms", "sinks", "state_management", "monitoring"] where config[section] == nil {
            problems.append("missing section '\(section)'")
        }
        let version = config["flink_version"].flatMap { if case let .string(s) = $0 { return FlinkVersion(rawValue: s) } else { return nil } } ?? .v2_2
        if case let .object(pairs)? = config["flink_config"] {
            for (key, _) in pairs where !keys.isKnown(key, version: version) {
                problems.append("flink_config key '\(key)' is not a Flink \(version.rawValue) configuration key")
            }
        }
        if case let .array(sources)? = config["sources"], sources.isEmpty { problems.append("no sources") }
        if case let .array(sinks)? = config["sinks"], sinks.isEmpty { problems.append("no sinks") }
        if case let .object(state)? = config["state_management"],
           case let .object(checkpoint)? = state.first(where: { $0.0 == "checkpoint_config" })?.1,
           case let .int(interval)? = checkpoint.first(where: { $0.0 == "interval_ms" })?.1,
           case let .int(timeout)? = checkpoint.first(where: { $0.0 == "timeout_ms" })?.1, interval <= 0 || timeout <= 0 {
            problems.append("checkpoint interval and timeout must be positive")
        }
        return problems
    }
}
