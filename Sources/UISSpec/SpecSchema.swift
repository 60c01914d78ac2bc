/// The JSON Schema (draft 2020-12) of the UIS spec.
///
/// Built as data, never as a string template, from the constants of `SpecRules` and the enums of
/// `Spec.swift`, so the schema and the validator agree. Where the validator only warns (unknown keys),
/// the schema is strict (`additionalProperties: false`) so that editors flag typos; every spec in
/// `Examples/` validates against it (`scripts/verify-schema`).
public enum SpecSchema {
    /// The schema's `$id`.
    public static let id = "https://uis-gen.dev/schemas/uis-spec-1.1.schema.json"

    /// The schema as pretty-printed JSON text with sorted keys, ending in a newline.
    public static func jsonText() -> String {
        root.encoded(sortingKeys: true)
    }

    // MARK: - The schema

    /// The whole schema: the top-level keys and `$defs`.
    static var root: JSONValue {
        [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": .string(id),
            "title": "Unified Ingestion Spec (UIS) 1.1",
            "description": "One streaming ingestion pipeline: a websocket, webhook, Kafka or database-CDC source, its endpoints and field mappings, and its Kafka, Iceberg or ClickHouse sinks. uis-gen compiles it into a Flink bundle.",
            "type": "object",
            "required": ["version", "name", "created_by", "provider"],
            "additionalProperties": false,
            "properties": [
                "$schema": text("The JSON Schema this file follows (for editors); ignored by uis-gen."),
                "version": [
                    "description": "Spec version: \"1.1\" (\"1.0\" is accepted too).",
                    "type": ["string", "number"],
                    "enum": .array(SpecRules.versions.map { .string($0) } + SpecRules.versions.map { .number($0) }),
                ],
                "name": [
                    "description": "Pipeline name: a lowercase DNS-1123 label (a-z, 0-9 and '-', starting and ending with a letter or digit), at most \(SpecRules.maxNameLength) characters so derived Kubernetes names stay under 63. Used for the job name, resource names, file and tarball names.",
                    "type": "string",
                    "minLength": 1,
                    "maxLength": .int(SpecRules.maxNameLength),
                    "pattern": .string(SpecRules.namePattern),
                ],
                "created_by": nonEmpty("The author of the spec."),
                "description": text("Extension: free text, shown in the generated README."),
                "provider": withDescription(ref("provider"), "The source: its type and URL, tuning, endpoints and sinks."),
            ],
            "$defs": defs,
        ]
    }

    /// `$defs`: the schemas the others refer to with `$ref`.
    static var defs: JSONValue {
        [
            "provider": provider,
            "providerConfig": providerConfig,
            "endpoint": endpoint,
            "schemaField": schemaField,
            "sink": sink,
            "kafkaSinkConfig": kafkaSinkConfig,
            "icebergSinkConfig": icebergSinkConfig,
            "clickhouseSinkConfig": clickhouseSinkConfig,
            "secretText": [
                "description": "Text that may hold secret placeholders {{name}} (name of letters, digits, '_', '.' or '-'); a placeholder's value never appears in a generated file.",
                "type": "string",
                "pattern": .string(secretTextPattern),
            ],
            "scalarMap": [
                "description": "A mapping of names to scalar values, kept in order; string values may hold secret placeholders {{name}}.",
                "type": "object",
                "additionalProperties": scalarValue,
            ],
        ]
    }

    // MARK: provider

    /// `$defs/provider`: the `provider` section.
    static var provider: JSONValue {
        [
            "description": "The source: where records come from, how, its endpoints and its sinks.",
            "type": "object",
            "required": ["name", "provider_type", "base_url", "endpoints", "sinks"],
            "additionalProperties": false,
            "properties": [
                "name": nonEmpty("Provider id, e.g. websocket_provider."),
                "display_name": text("Human-readable provider name."),
                "provider_type": enumeration("The kind of source: websocket, webhook, kafka or database (CDC).", ProviderType.allCases.map(\.rawValue)),
                "base_url": [
                    "description": "Where the source is: wss://… for websocket, https://… for webhook, kafka://host:9092[,host2:9092] for kafka, postgres://host:5432/db or mysql://host:3306/db for database. May hold secret placeholders {{name}}.",
                    "type": "string",
                    "minLength": 1,
                    "pattern": .string(secretTextPattern),
                ],
                "auth_type": enumeration("How the source authenticates (default none).", AuthType.allCases.map(\.rawValue)),
                "config": withDescription(ref("providerConfig"), "Tuning and connection settings; known short keys, or raw Flink configuration keys containing a dot."),
                "tenant_id": text("Owning tenant; becomes a label on every Kubernetes object and metric."),
                "owner": text("Owning team's address; shown in the README and in alert annotations."),
                "mode": enumeration("Ingestion mode (default follows provider_type: websocket, webhook, streaming for kafka, cdc for database).", IngestionMode.allCases.map(\.rawValue)),
                "parallelism": [
                    "description": "Default job parallelism, \(SpecRules.parallelismRange.lowerBound)..\(SpecRules.parallelismRange.upperBound) (default 1).",
                    "type": "integer",
                    "minimum": .int(SpecRules.parallelismRange.lowerBound),
                    "maximum": .int(SpecRules.parallelismRange.upperBound),
                ],
                "endpoints": [
                    "description": "One source stream each, at least one; names unique after normalisation to SQL identifiers.",
                    "type": "array",
                    "minItems": 1,
                    "items": ref("endpoint"),
                ],
                "sinks": [
                    "description": "Where every endpoint's records go (fan-out), at least one.",
                    "type": "array",
                    "minItems": 1,
                    "items": ref("sink"),
                ],
            ],
            "allOf": .array(providerTypeRules + [kafkaBrokersRule]),
        ]
    }

    /// Per provider type: the base URL's form and what an endpoint's `path` is.
    static var providerTypeRules: [JSONValue] {
        let broker = "(?:[A-Za-z0-9._\\[\\]:-]+|\\{\\{[^,]*):[0-9]{1,5}"
        let rules: [(ProviderType, String, JSONValue)] = [
            (.websocket, "^" + caseless("ws") + "[Ss]?://", ["description": "websocket: the URL path, without spaces.", "pattern": "^\\S*$"]),
            (.webhook, "^" + caseless("http") + "[Ss]?://", ["description": "webhook: the URL path, without spaces.", "pattern": "^\\S*$"]),
            (.kafka, "^" + caseless("kafka") + "://" + broker + "(?:," + broker + ")*$",
             ["description": "kafka: the topic to read ([a-zA-Z0-9._-], at most 249 characters).", "pattern": .string(SpecRules.topicPattern), "not": ["enum": [".", ".."]]]),
            (.database, "^(?:" + caseless("postgres") + "(?:" + caseless("ql") + ")?|" + caseless("mysql") + ")://(?:[^/]*@)?[^\\s/:@]+(?::[0-9]{1,5})?/[^/?]+(?:\\?.*)?$",
             ["description": "database: the captured table, schema.table or table.", "pattern": "^[A-Za-z0-9_$]+(?:\\.[A-Za-z0-9_$]+)?$"]),
        ]
        return rules.map { type, urlPattern, pathSchema in
            var endpointRule: JSONValue = ["properties": ["path": pathSchema]]
            if type == .kafka || type == .database { endpointRule["required"] = ["path"] }
            return [
                "if": ["required": ["provider_type"], "properties": ["provider_type": ["const": .string(type.rawValue)]]],
                "then": [
                    "properties": [
                        "base_url": ["pattern": .string(urlPattern)],
                        "endpoints": ["items": endpointRule],
                    ],
                ],
            ]
        }
    }

    /// A kafka sink needs brokers: its own `config.bootstrap_servers` or `provider.config.kafka_bootstrap_servers`.
    static var kafkaBrokersRule: JSONValue {
        [
            "if": ["required": ["config"], "properties": ["config": ["required": ["kafka_bootstrap_servers"]]]],
            "else": [
                "properties": [
                    "sinks": [
                        "items": [
                            "if": ["required": ["type"], "properties": ["type": ["const": "kafka"]]],
                            "then": ["required": ["config"], "properties": ["config": ["required": ["bootstrap_servers"]]]],
                        ],
                    ],
                ],
            ],
        ]
    }

    /// `$defs/providerConfig`: `provider.config`, its known short keys and raw (dotted) Flink keys.
    static var providerConfig: JSONValue {
        [
            "description": "Tuning and connection settings. Known short keys are listed; any key containing a dot is a raw Flink configuration key passed through unchanged.",
            "type": "object",
            "additionalProperties": false,
            "patternProperties": [
                "^[^.]+\\..+$": [
                    "description": "A raw Flink configuration key (e.g. execution.checkpointing.mode), passed through to the Flink configuration.",
                    "type": ["string", "number", "boolean"],
                    "pattern": .string(secretTextPattern),
                ],
            ],
            "properties": [
                "taskmanager_memory": memory("TaskManager process memory (default 4g), e.g. \"8g\" or \"2048m\"."),
                "jobmanager_memory": memory("JobManager process memory (default 2g), e.g. \"2g\" or \"1600m\"."),
                "task_slots": integerOrString("Slots per TaskManager (default 1); a string or an integer.", SpecRules.taskSlotsRange),
                "kafka_bootstrap_servers": brokers("Default brokers for Kafka sinks that name none, e.g. \"kafka-1:9092,kafka-2:9092\"."),
                "checkpoint_interval_ms": integerOrString("Checkpoint interval in milliseconds (default 60000).", SpecRules.checkpointMillisRange),
                "checkpoint_timeout_ms": integerOrString("Checkpoint timeout in milliseconds (default 300000).", SpecRules.checkpointMillisRange),
                "checkpoint_dir": uri("Checkpoint location (default s3://flink-checkpoints/<name>/)."),
                "savepoint_dir": uri("Savepoint location (default s3://flink-savepoints/<name>/)."),
                "state_ttl_ms": integerOrString("Idle state retention in milliseconds (default 86400000).", SpecRules.stateTTLRange),
                "max_out_of_orderness_ms": integerOrString("Watermark delay in milliseconds (default 5000).", SpecRules.outOfOrdernessRange),
                "processing_delay_threshold_ms": integerOrString("Alert threshold: processing delay in milliseconds (default 300000).", SpecRules.delayThresholdRange),
                "error_rate_threshold": [
                    "description": "Alert threshold: error rate between 0 and 1 (default 0.01).",
                    "anyOf": [
                        ["type": "number", "minimum": 0, "maximum": 1],
                        ["type": "string", "pattern": "^(?:0*\\.[0-9]+|0+(?:\\.[0-9]*)?|0*1(?:\\.0*)?)$"],
                    ],
                ],
                "checkpoint_failure_threshold": integerOrString("Alert threshold: failed checkpoints in a row (default 3).", SpecRules.checkpointFailureRange),
                "upgrade_mode": enumeration("How the operator upgrades the running job (default savepoint).", UpgradeMode.allCases.map(\.rawValue)),
                "on_parse_error": enumeration("What a source record that cannot be decoded does: fail the job (default) or skip it.", ParseErrorPolicy.allCases.map(\.rawValue)),
                "username": secret("Database user for CDC."),
                "password": secret("Database password for CDC; use a secret placeholder such as \"{{db_password}}\"."),
                "debezium_config": withDescription(ref("scalarMap"), "Passed to a CDC source as debezium.<key> options."),
                "connector": connector("The source's Flink connector identifier (needed for websocket and webhook)."),
                "connector_artifact": mavenCoordinates("The source connector's Maven coordinates group:artifact:version."),
                "connector_options": withDescription(ref("scalarMap"), "Extra source connector options, passed through as given."),
                "flink_version": [
                    "description": "Extension: the Flink version to target (default: the newest version all connectors support).",
                    "type": ["string", "number"],
                    "enum": .array(FlinkVersion.allCases.map { .string($0.rawValue) } + FlinkVersion.allCases.map { .number($0.rawValue) }),
                ],
                "image": [
                    "description": "Extension: the Flink image the job runs on (default flink:<version>).",
                    "type": "string",
                    "pattern": "^\\S+$",
                ],
                "namespace": [
                    "description": "Extension: Kubernetes namespace (default \"default\").",
                    "type": "string",
                    "minLength": 1,
                    "maxLength": .int(SpecRules.maxNamespaceLength),
                    "pattern": .string(SpecRules.namePattern),
                ],
            ],
        ]
    }

    // MARK: endpoints

    /// `$defs/endpoint`: one `provider.endpoints[]` entry.
    static var endpoint: JSONValue {
        [
            "description": "One source stream.",
            "type": "object",
            "required": ["name"],
            "additionalProperties": false,
            "properties": [
                "name": [
                    "description": "Stream name; becomes an SQL identifier (characters outside [A-Za-z0-9_] become '_'), unique in the spec.",
                    "type": "string",
                    "pattern": "[A-Za-z0-9]",
                ],
                "path": [
                    "description": "websocket/webhook: URL path; kafka: topic name; database: schema.table (or table).",
                    "type": "string",
                    "pattern": .string(secretTextPattern),
                ],
                "query_params": withDescription(ref("scalarMap"), "Query parameters appended to the URL."),
                "headers": withDescription(ref("scalarMap"), "Request headers; values may hold secret placeholders, e.g. \"Bearer {{token}}\"."),
                "field_mapping": [
                    "description": "Source field → output column, in order (\"timestamp\": \"event_time\"). Source fields may hold any characters; output columns are identifiers, unique per endpoint. Without a mapping, every schema field passes through under its own name.",
                    "type": "object",
                    "additionalProperties": [
                        "description": "The output column: an identifier [A-Za-z_][A-Za-z0-9_]*, not '\(SpecRules.endpointColumn)'.",
                        "type": "string",
                        "pattern": .string(SpecRules.columnPattern),
                        "not": ["pattern": .string("^" + caseless(SpecRules.endpointColumn) + "$")],
                    ],
                ],
                "rate_limit_per_second": [
                    "description": "Most records a second this endpoint reads; greater than 0.",
                    "type": "integer",
                    "minimum": 1,
                ],
                "schema": [
                    "description": "Extension: the source fields with Flink SQL types, in order. Fields not listed are typed STRING.",
                    "type": "array",
                    "items": ref("schemaField"),
                ],
                "event_time_field": nonEmpty("Extension: the output column that carries event time. Default: a column named event_time if there is one."),
            ],
        ]
    }

    /// `$defs/schemaField`: one entry of an endpoint's `schema`.
    static var schemaField: JSONValue {
        [
            "description": "A source field and its Flink SQL type.",
            "type": "object",
            "required": ["name", "type"],
            "additionalProperties": false,
            "properties": [
                "name": [
                    "description": "The source field name (any characters).",
                    "type": "string",
                    "minLength": 1,
                ],
                "type": [
                    "description": "A Flink SQL type such as STRING, BIGINT NOT NULL, DECIMAL(12, 2), TIMESTAMP(3), TIMESTAMP_LTZ(3), ARRAY<STRING>, MAP<STRING, STRING> or ROW<a INT, b STRING>.",
                    "type": "string",
                    "pattern": .string("^\\s*(?:" + FlinkType.typeKeywords.sorted { $0.count > $1.count }.map(caseless).joined(separator: "|") + ")(?![A-Za-z0-9_])"),
                ],
            ],
        ]
    }

    // MARK: sinks

    /// `$defs/sink`: one `provider.sinks[]` entry, with the keys and `config` each sink type takes.
    static var sink: JSONValue {
        let tables: [SinkType: String] = [.kafka: "kafka_topic", .iceberg: "iceberg_table", .clickhouse: "clickhouse_table"]
        let ownKeys: [SinkType: [String]] = [.kafka: ["kafka_topic", "kafka_key_field"], .iceberg: ["iceberg_table"], .clickhouse: ["clickhouse_table"]]
        let configs: [SinkType: String] = [.kafka: "kafkaSinkConfig", .iceberg: "icebergSinkConfig", .clickhouse: "clickhouseSinkConfig"]
        let rules: [JSONValue] = SinkType.allCases.map { type in
            var forbidden: [String: JSONValue] = [:]
            for other in SinkType.allCases where other != type {
                for key in ownKeys[other]! where !ownKeys[type]!.contains(key) { forbidden[key] = false }
            }
            var properties = forbidden
            properties["config"] = ref(configs[type]!)
            var required: [JSONValue] = [.string(tables[type]!)]
            if type != .kafka { required.append("config") }
            return [
                "if": ["required": ["type"], "properties": ["type": ["const": .string(type.rawValue)]]],
                "then": ["required": .array(required), "properties": .sortedObject(properties)],
            ]
        }
        return [
            "description": "A sink: every record of every endpoint goes to every sink.",
            "type": "object",
            "required": ["type"],
            "additionalProperties": false,
            "properties": [
                "type": enumeration("The kind of sink.", SinkType.allCases.map(\.rawValue)),
                "kafka_topic": [
                    "description": "kafka: the topic to write ([a-zA-Z0-9._-], at most 249 characters).",
                    "type": "string",
                    "pattern": .string(SpecRules.topicPattern),
                    "not": ["enum": [".", ".."]],
                ],
                "kafka_key_field": nonEmpty("kafka: the record key, a source field or its mapped column."),
                "iceberg_table": dbTable("iceberg: the table, db.table."),
                "clickhouse_table": dbTable("clickhouse: the table, db.table."),
                "config": ["description": "The sink's settings; the keys depend on type.", "type": "object"],
            ],
            "allOf": .array(rules),
        ]
    }

    /// `$defs/kafkaSinkConfig`: a kafka sink's `config`.
    static var kafkaSinkConfig: JSONValue {
        [
            "description": "A kafka sink's settings.",
            "type": "object",
            "additionalProperties": false,
            "properties": [
                "bootstrap_servers": brokers("Brokers, e.g. \"kafka-1:9092,kafka-2:9092\" (default: provider.config.kafka_bootstrap_servers)."),
                "transactional": [
                    "description": "Exactly-once delivery through Kafka transactions (default false).",
                    "anyOf": [["type": "boolean"], ["type": "string", "pattern": .string("^(?:" + caseless("true") + "|" + caseless("false") + ")$")]],
                ],
                "transaction_timeout_ms": integerOrString("Exactly-once transaction timeout in milliseconds (default 900000, the brokers' default transaction.max.timeout.ms); must exceed checkpoint_interval_ms + checkpoint_timeout_ms.", SpecRules.transactionTimeoutRange),
                "format": enumeration("Record format (default json).", SpecRules.kafkaFormats),
                "connector_options": withDescription(ref("scalarMap"), "Extra options of the sink table, passed through as given."),
            ],
        ]
    }

    /// `$defs/icebergSinkConfig`: an iceberg sink's `config`.
    static var icebergSinkConfig: JSONValue {
        [
            "description": "An iceberg sink's settings. A rest or hive catalog (rest is the default) needs catalog_uri; a hadoop catalog needs warehouse.",
            "type": "object",
            "additionalProperties": false,
            "properties": [
                "catalog_type": enumeration("The Iceberg catalog (default rest).", SpecRules.icebergCatalogTypes),
                "catalog_uri": withDescription(ref("secretText"), "The REST catalog URL or the Hive metastore thrift:// URI.", nonEmpty: true),
                "warehouse": nonEmpty("The warehouse location, e.g. s3://bucket/warehouse."),
                "upsert_key": nonEmpty("Comma-separated columns of the upsert key."),
                "connector_options": withDescription(ref("scalarMap"), "Extra options of the sink table, passed through as given."),
            ],
            "if": ["required": ["catalog_type"], "properties": ["catalog_type": ["const": "hadoop"]]],
            "then": ["required": ["warehouse"]],
            "else": ["required": ["catalog_uri"]],
        ]
    }

    /// `$defs/clickhouseSinkConfig`: a clickhouse sink's `config`.
    static var clickhouseSinkConfig: JSONValue {
        [
            "description": "A clickhouse sink's settings.",
            "type": "object",
            "required": ["url"],
            "additionalProperties": false,
            "properties": [
                "url": [
                    "description": "The ClickHouse JDBC URL, e.g. jdbc:clickhouse://clickhouse:8123.",
                    "type": "string",
                    "allOf": [
                        ["pattern": .string("^(?:" + ["jdbc:clickhouse:", "jdbc:ch:", "clickhouse://", "http://", "https://"].map(caseless).joined(separator: "|") + ")")],
                        ["pattern": .string(secretTextPattern)],
                    ],
                ],
                "username": secret("The ClickHouse user."),
                "password": secret("The ClickHouse password; use a secret placeholder such as \"{{clickhouse_password}}\"."),
                "batch_size": integerOrString("Rows per insert batch.", SpecRules.batchSizeRange),
                "connector": connector("The sink's Flink connector identifier."),
                "connector_artifact": mavenCoordinates("The sink connector's Maven coordinates group:artifact:version."),
                "connector_options": withDescription(ref("scalarMap"), "Extra options of the sink table, passed through as given."),
            ],
        ]
    }

    // MARK: - Building blocks

    /// Text whose every `{{…}}` is a valid secret placeholder (an unterminated `{{` is plain text).
    static var secretTextPattern: String {
        "^(?:[^{]|\\{(?!\\{)|\\{\\{" + SpecRules.secretNamePattern + "\\}\\}|\\{\\{(?![\\s\\S]*\\}\\}))*$"
    }

    /// A value of a scalar map: string, number, boolean or null, with valid placeholders.
    static var scalarValue: JSONValue {
        ["type": ["string", "number", "boolean", "null"], "pattern": .string(secretTextPattern)]
    }

    /// A `$ref` to `#/$defs/<name>`.
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/$defs/" + name)] }

    /// `schema` with `description` set (and `minLength: 1` when `nonEmpty`).
    static func withDescription(_ schema: JSONValue, _ description: String, nonEmpty: Bool = false) -> JSONValue {
        var schema = schema
        schema["description"] = .string(description)
        if nonEmpty { schema["minLength"] = 1 }
        return schema
    }

    /// A string with a description.
    static func text(_ description: String) -> JSONValue { ["description": .string(description), "type": "string"] }

    /// A string that holds at least one non-space character.
    static func nonEmpty(_ description: String) -> JSONValue {
        ["description": .string(description), "type": "string", "pattern": "\\S"]
    }

    /// A string whose `{{…}}` are valid secret placeholders.
    static func secret(_ description: String) -> JSONValue {
        ["description": .string(description), "type": "string", "pattern": .string(secretTextPattern)]
    }

    /// A string that is one of `values`.
    static func enumeration(_ description: String, _ values: [String]) -> JSONValue {
        ["description": .string(description), "type": "string", "enum": .array(values.map { .string($0) })]
    }

    /// A memory size: a number with an optional unit, such as `8g` or `2048m`.
    static func memory(_ description: String) -> JSONValue {
        let units = ["b", "bytes", "k", "kb", "kibibytes", "m", "mb", "mebibytes", "g", "gb", "gibibytes", "t", "tb", "tebibytes"]
        return [
            "description": .string(description),
            "type": "string",
            "pattern": .string("^[ \\t]*0*[1-9][0-9]*[ \\t]*(?:" + units.sorted { $0.count > $1.count }.map(caseless).joined(separator: "|") + ")?[ \\t]*$"),
        ]
    }

    /// An integer in `range`, or a string of digits.
    static func integerOrString(_ description: String, _ range: ClosedRange<Int>) -> JSONValue {
        [
            "description": .string(description),
            "anyOf": [
                ["type": "integer", "minimum": .int(range.lowerBound), "maximum": .int(range.upperBound)],
                ["type": "string", "pattern": "^[ \\t]*[0-9]+[ \\t]*$"],
            ],
        ]
    }

    /// A comma-separated list of `host:port` brokers; a broker may instead hold a secret placeholder.
    static func brokers(_ description: String) -> JSONValue {
        let broker = "(?:[A-Za-z0-9._\\[\\]:-]+:[0-9]{1,5}|[^,]*\\{\\{" + SpecRules.secretNamePattern + "\\}\\}[^,]*)"
        return [
            "description": .string(description),
            "type": "string",
            "pattern": .string("^[ \\t]*" + broker + "[ \\t]*(?:,[ \\t]*" + broker + "[ \\t]*)*$"),
        ]
    }

    /// A URI: text with a `://`, not starting with a space.
    static func uri(_ description: String) -> JSONValue {
        ["description": .string(description), "type": "string", "pattern": "^\\S.*://"]
    }

    /// A `db.table` name of ASCII letters, digits, `_` and `-`.
    static func dbTable(_ description: String) -> JSONValue {
        ["description": .string(description), "type": "string", "pattern": "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$"]
    }

    /// A connector identifier: not blank, without `'` or line breaks.
    static func connector(_ description: String) -> JSONValue {
        ["description": .string(description), "type": "string", "pattern": "^[^'\\n]*\\S[^'\\n]*$"]
    }

    /// Maven coordinates `group:artifact:version` (a fourth part allowed).
    static func mavenCoordinates(_ description: String) -> JSONValue {
        let part = "[A-Za-z0-9._-]+"
        return ["description": .string(description), "type": "string", "pattern": .string("^\(part):\(part):\(part)(?::\(part))?$")]
    }

    /// A regex matching `word` in any letter case: `ab_1` → `[Aa][Bb]_1`.
    static func caseless(_ word: String) -> String {
        var out = ""
        for ch in word {
            if ch.isLetter, ch.isASCII { out += "[\(ch.uppercased())\(ch.lowercased())]" }
            else if "\\^$.|?*+()[]{}".contains(ch) { out += "\\\(ch)" }
            else { out.append(ch) }
        }
        return out
    }
}
