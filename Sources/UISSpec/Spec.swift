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
    case websocket, webhook, kafka, database
}

/// How a provider authenticates.
public enum AuthType: String, Sendable, CaseIterable, Codable {
    case none, api_key, bearer, basic, oauth2
}

/// The ingestion mode.
public enum IngestionMode: String, Sendable, CaseIterable, Codable {
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
    case kafka, iceberg, clickhouse
}

/// How the operator upgrades a running job.
public enum UpgradeMode: String, Sendable, CaseIterable, Codable {
    case savepoint, lastState = "last-state", stateless
}

/// A Flink minor version uis-gen can target.
public enum FlinkVersion: String, Sendable, CaseIterable, Codable, Comparable {
    case v1_20 = "1.20", v2_0 = "2.0", v2_1 = "2.1", v2_2 = "2.2"

    private var order: Int { Self.allCases.firstIndex(of: self)! }
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
    public var name: String
    public var displayName: String?
    public var providerType: ProviderType
    public var baseURL: String
    public var authType: AuthType
    public var config: ProviderConfig
    public var tenantID: String?
    public var owner: String?
    public var mode: IngestionMode
    public var parallelism: Int
    public var endpoints: [Endpoint]
    public var sinks: [Sink]
}

/// `provider.config`: known short keys typed, raw Flink keys kept in order.
public struct ProviderConfig: Sendable {
    public var taskmanagerMemory: String = "4g"
    public var jobmanagerMemory: String = "2g"
    public var taskSlots: Int = 1
    public var kafkaBootstrapServers: String?
    public var checkpointIntervalMs: Int = 60_000
    public var checkpointTimeoutMs: Int = 300_000
    public var checkpointDir: String?
    public var savepointDir: String?
    public var stateTTLMs: Int = 86_400_000
    public var maxOutOfOrdernessMs: Int = 5_000
    public var processingDelayThresholdMs: Int = 300_000
    public var errorRateThreshold: Double = 0.01
    public var checkpointFailureThreshold: Int = 3
    public var upgradeMode: UpgradeMode = .savepoint
    public var username: String?
    public var password: String?
    public var debeziumConfig = OrderedPairs()
    public var connector: String?
    public var connectorArtifact: String?
    public var connectorOptions = OrderedPairs()
    public var flinkVersion: FlinkVersion?
    public var image: String?
    public var namespace: String = "default"
    /// Dotted keys passed through to the Flink configuration, in file order.
    public var rawFlinkKeys = OrderedPairs()

    /// All defaults.
    public init() {}
}

/// One `provider.endpoints[]` entry.
public struct Endpoint: Sendable {
    public var name: String
    public var path: String?
    public var queryParams: OrderedPairs
    public var headers: OrderedPairs
    public var fieldMapping: OrderedPairs
    public var rateLimitPerSecond: Int?
    public var schema: [SchemaField]
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
    public var bootstrapServers: String?
    public var transactional: Bool = false
    public var format: String = "json"
    public var catalogType: String?
    public var catalogURI: String?
    public var warehouse: String?
    public var upsertKey: String?
    public var url: String?
    public var username: String?
    public var password: String?
    public var batchSize: Int?
    public var connector: String?
    public var connectorArtifact: String?
    public var connectorOptions = OrderedPairs()

    /// All defaults.
    public init() {}
}
