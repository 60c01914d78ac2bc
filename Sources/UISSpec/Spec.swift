/// An ordered list of string pairs, as a spec mapping gives them (`headers`, `field_mapping`, …).
public struct OrderedPairs: Sendable, Hashable, Sequence {
    /// One pair.
    public struct Pair: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The value.
        public var value: String
        /// Creates a pair.
        public init(key: String, value: String) { self.key = key; self.value = value }
    }

    /// The pairs in file order.
    public var pairs: [Pair]

    /// Creates a list.
    public init(_ pairs: [Pair] = []) { self.pairs = pairs }

    /// The first value under `key`.
    public subscript(key: String) -> String? { pairs.first { $0.key == key }?.value }

    /// True when there are no pairs.
    public var isEmpty: Bool { pairs.isEmpty }

    /// Iterates the pairs.
    public func makeIterator() -> IndexingIterator<[Pair]> { pairs.makeIterator() }
}

/// The kind of source a provider reads.
public enum ProviderType: String, Sendable, CaseIterable, Codable {
    /// The `provider.provider_type` values: `websocket`, `webhook`, `kafka`, `database` (CDC).
    case websocket, webhook, kafka, database
}

/// How a provider authenticates.
public enum AuthType: String, Sendable, CaseIterable, Codable {
    /// The `provider.auth_type` values; `none` is the default.
    case none, api_key, bearer, basic, oauth2
}

/// The ingestion mode.
public enum IngestionMode: String, Sendable, CaseIterable, Codable {
    /// The `provider.mode` values.
    case websocket, webhook, streaming, cdc

    /// The default mode of a provider type.
    public static func `default`(for type: ProviderType) -> IngestionMode {
        switch type {
        case .websocket: return .websocket
        case .webhook: return .webhook
        case .kafka: return .streaming
        case .database: return .cdc
        }
    }
}

/// The kind of sink.
public enum SinkType: String, Sendable, CaseIterable, Codable {
    /// The `provider.sinks[].type` values.
    case kafka, iceberg, clickhouse
}

/// How the operator upgrades a running job.
/// `provider.config.on_parse_error`: what a source record that cannot be decoded does.
public enum ParseErrorPolicy: String, Sendable, CaseIterable, Codable {
    /// Fail the job (it restarts and meets the record again: the runbook says how to get past it).
    case fail
    /// Drop the record and go on (the format's `ignore-parse-errors`).
    case skip
}

public enum UpgradeMode: String, Sendable, CaseIterable, Codable {
    /// The `provider.config.upgrade_mode` values; `lastState` is written `last-state`.
    case savepoint, lastState = "last-state", stateless
}

/// A Flink minor version uis-gen can target.
public enum FlinkVersion: String, Sendable, CaseIterable, Codable, Comparable {
    /// The `provider.config.flink_version` values, oldest first.
    case v1_20 = "1.20", v2_0 = "2.0", v2_1 = "2.1", v2_2 = "2.2"

    private var order: Int { Self.allCases.firstIndex(of: self)! }
    /// Orders versions oldest first, as `allCases` lists them.
    public static func < (lhs: FlinkVersion, rhs: FlinkVersion) -> Bool { lhs.order < rhs.order }

    /// True for 2.x (config.yaml instead of flink-conf.yaml).
    public var isTwoX: Bool { self != .v1_20 }
}

/// A UIS spec as written, typed, with defaults applied where UIS-SPEC.md names one.
public struct Spec: Sendable {
    /// `"1.0"` or `"1.1"`.
    public var version: String
    /// The pipeline name (DNS-1123 label, ≤ 45 characters).
    public var name: String
    /// The author.
    public var createdBy: String
    /// Free text for the README.
    public var description: String?
    /// The provider: source, endpoints and sinks.
    public var provider: Provider
    /// Where each spec path stands in the file, for later stages' diagnostics.
    public var locations: [String: SourceLocation]
    /// The file the spec came from.
    public var file: String

    /// The location of a spec path, or of its nearest recorded parent.
    public func location(of path: String) -> SourceLocation? {
        var current = path
        while true {
            if let found = locations[current] { return found }
            guard let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { return locations[""] }
            current = String(current[..<cut])
        }
    }
}

/// The `provider` section.
public struct Provider: Sendable {
    /// `provider.name`: the provider id (`websocket_provider`).
    public var name: String
    /// `provider.display_name`: the human-readable name.
    public var displayName: String?
    /// `provider.provider_type`: the kind of source.
    public var providerType: ProviderType
    /// `provider.base_url`: where the source is (`wss://…`, `https://…`, `kafka://…`, `postgres://…` or `mysql://…`).
    public var baseURL: String
    /// `provider.auth_type` (default `none`).
    public var authType: AuthType
    /// `provider.config`, typed.
    public var config: ProviderConfig
    /// `provider.tenant_id`: the owning tenant.
    public var tenantID: String?
    /// `provider.owner`: the owning team's address.
    public var owner: String?
    /// `provider.mode` (default: the one `provider_type` implies).
    public var mode: IngestionMode
    /// `provider.parallelism`: default job parallelism, 1...4096 (default 1).
    public var parallelism: Int
    /// `provider.endpoints`: the source streams, in file order.
    public var endpoints: [Endpoint]
    /// `provider.sinks`: where every endpoint's records go, in file order.
    public var sinks: [Sink]
}

/// `provider.config`: known short keys typed, raw Flink keys kept in order.
public struct ProviderConfig: Sendable {
    /// `provider.config.taskmanager_memory`: TaskManager process memory (`"8g"`, `"2048m"`).
    public var taskmanagerMemory: String = "4g"
    /// `provider.config.jobmanager_memory`: JobManager process memory.
    public var jobmanagerMemory: String = "2g"
    /// `provider.config.task_slots`: slots per TaskManager.
    public var taskSlots: Int = 1
    /// `provider.config.kafka_bootstrap_servers`: default brokers for Kafka sinks that name none.
    public var kafkaBootstrapServers: String?
    /// `provider.config.checkpoint_interval_ms`: milliseconds between checkpoints.
    public var checkpointIntervalMs: Int = 60_000
    /// `provider.config.checkpoint_timeout_ms`: checkpoint timeout in milliseconds.
    public var checkpointTimeoutMs: Int = 300_000
    /// `provider.config.checkpoint_dir`: checkpoint location URI; nil means `s3://flink-checkpoints/<name>/`.
    public var checkpointDir: String?
    /// `provider.config.savepoint_dir`: savepoint location URI; nil means `s3://flink-savepoints/<name>/`.
    public var savepointDir: String?
    /// `provider.config.state_ttl_ms`: idle state retention in milliseconds.
    public var stateTTLMs: Int = 86_400_000
    /// `provider.config.max_out_of_orderness_ms`: watermark delay in milliseconds.
    public var maxOutOfOrdernessMs: Int = 5_000
    /// `provider.config.processing_delay_threshold_ms`: alert threshold for processing delay, in milliseconds.
    public var processingDelayThresholdMs: Int = 300_000
    /// `provider.config.error_rate_threshold`: alert threshold for the error rate, 0...1.
    public var errorRateThreshold: Double = 0.01
    /// `provider.config.checkpoint_failure_threshold`: alert threshold for failed checkpoints in a row.
    public var checkpointFailureThreshold: Int = 3
    /// `provider.config.upgrade_mode`: how the operator upgrades the running job.
    public var upgradeMode: UpgradeMode = .savepoint
    /// `provider.config.on_parse_error`: fail the job (default) or skip records that do not decode.
    public var onParseError: ParseErrorPolicy = .fail
    /// `provider.config.username`: database user for CDC.
    public var username: String?
    /// `provider.config.password`: database password for CDC, normally a `{{secret}}` placeholder.
    public var password: String?
    /// `provider.config.debezium_config`: passed to a CDC source as `debezium.<key>` options.
    public var debeziumConfig = OrderedPairs()
    /// `provider.config.connector`: the Flink connector identifier of a websocket or webhook source.
    public var connector: String?
    /// `provider.config.connector_artifact`: that connector's Maven coordinates `group:artifact:version`.
    public var connectorArtifact: String?
    /// `provider.config.connector_options`: extra source connector options, passed through as given.
    public var connectorOptions = OrderedPairs()
    /// `provider.config.flink_version`: the pinned Flink version; nil means the newest all connectors support.
    public var flinkVersion: FlinkVersion?
    /// `provider.config.image`: the Flink image the job runs on; nil means the official image of the version.
    public var image: String?
    /// `provider.config.namespace`: the Kubernetes namespace.
    public var namespace: String = "default"
    /// Dotted keys passed through to the Flink configuration, in file order.
    public var rawFlinkKeys = OrderedPairs()

    /// All defaults.
    public init() {}
}

/// One `provider.endpoints[]` entry.
public struct Endpoint: Sendable {
    /// `name`: the stream name; unique after normalisation to an SQL identifier.
    public var name: String
    /// `path`: websocket/webhook URL path, Kafka topic, or database `schema.table` (or `table`).
    public var path: String?
    /// `query_params`: appended to the URL.
    public var queryParams: OrderedPairs
    /// `headers`: request headers; values may hold secret placeholders.
    public var headers: OrderedPairs
    /// `field_mapping`: source field → output column, in order; empty means every schema field passes through.
    public var fieldMapping: OrderedPairs
    /// `rate_limit_per_second`: most records a second, greater than 0.
    public var rateLimitPerSecond: Int?
    /// `schema`: the typed source fields, in order; fields not listed are `STRING`.
    public var schema: [SchemaField]
    /// `event_time_field`: the output column that carries event time.
    public var eventTimeField: String?
}

/// One typed source field of an endpoint's `schema`.
public struct SchemaField: Sendable, Hashable {
    /// The source field name (any characters).
    public var name: String
    /// Its Flink type.
    public var type: FlinkType
}

/// One `provider.sinks[]` entry.
public struct Sink: Sendable {
    /// `type`: the kind of sink.
    public var type: SinkType
    /// Kafka: topic (required).
    public var kafkaTopic: String?
    /// Kafka: record key, a source field or its mapped column.
    public var kafkaKeyField: String?
    /// Iceberg: `db.table`.
    public var icebergTable: String?
    /// ClickHouse: `db.table`.
    public var clickhouseTable: String?
    /// The sink's `config`, typed.
    public var config: SinkConfig
}

/// A sink's `config` section.
public struct SinkConfig: Sendable {
    /// Kafka `config.bootstrap_servers`; nil means `provider.config.kafka_bootstrap_servers`.
    public var bootstrapServers: String?
    /// Kafka `config.transactional`: exactly-once through Kafka transactions.
    public var transactional: Bool = false
    /// Kafka `config.transaction_timeout_ms`: the exactly-once producers' transaction timeout; nil means
    /// ``SpecRules/defaultTransactionTimeoutMs`` (the brokers' default `transaction.max.timeout.ms`).
    public var transactionTimeoutMs: Int?
    /// Kafka `config.format`: `json` or `avro`.
    public var format: String = "json"
    /// Iceberg `config.catalog_type`: `rest`, `hive` or `hadoop`; nil means `rest`.
    public var catalogType: String?
    /// Iceberg `config.catalog_uri`: the REST catalog URL or the Hive metastore URI.
    public var catalogURI: String?
    /// Iceberg `config.warehouse`: the warehouse location.
    public var warehouse: String?
    /// Iceberg `config.upsert_key`: comma-separated columns of the upsert key.
    public var upsertKey: String?
    /// ClickHouse `config.url`: the JDBC URL (`jdbc:clickhouse://host:8123`).
    public var url: String?
    /// ClickHouse `config.username`.
    public var username: String?
    /// ClickHouse `config.password`, normally a `{{secret}}` placeholder.
    public var password: String?
    /// ClickHouse `config.batch_size`: rows per insert batch.
    public var batchSize: Int?
    /// ClickHouse `config.connector`: the sink's Flink connector identifier.
    public var connector: String?
    /// ClickHouse `config.connector_artifact`: the sink connector's Maven coordinates.
    public var connectorArtifact: String?
    /// `config.connector_options`: extra options of the sink table, passed through as given.
    public var connectorOptions = OrderedPairs()

    /// All defaults.
    public init() {}
}
