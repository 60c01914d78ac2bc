import UISSpec

/// A column of a table uis-gen declares.
public struct Column: Sendable, Hashable {
    /// The column name (any characters for source columns; identifiers for output columns).
    public var name: String
    /// Its type.
    public var type: FlinkType
}

/// A secret the job needs: a `{{name}}` placeholder in the spec.
public struct SecretRef: Sendable, Hashable {
    /// The placeholder name, also the key in the Kubernetes Secret.
    public var name: String
    /// The environment variable the job reads it from, and its `${…}` reference in the SQL.
    public var environmentVariable: String
    /// Spec paths where it is used.
    public var usedAt: [String]

    /// Creates a reference.
    public init(name: String, environmentVariable: String, usedAt: [String]) {
        self.name = name
        self.environmentVariable = environmentVariable
        self.usedAt = usedAt
    }
}

/// One `'key' = 'value'` option of a table's WITH clause. Values may hold `${ENV}` secret references.
public struct TableOption: Sendable, Hashable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) { self.key = key; self.value = value }
}

/// How a source table is declared and read.
public struct SourcePlan: Sendable {
    /// The endpoint's name as written.
    public var endpointName: String
    /// The endpoint's index in the spec.
    public var index: Int
    /// The SQL table name (`src_<endpoint>`).
    public var tableName: String
    /// The connector.
    public var connector: ConnectorInfo
    /// Physical columns: the source fields read, in order.
    public var physicalColumns: [Column]
    /// A computed event-time column, when the raw field is not a TIMESTAMP(≤3).
    public var computedColumn: (name: String, expression: String, type: FlinkType)?
    /// The watermark: column and delay.
    public var watermark: (column: String, delayMs: Int)?
    /// Primary key columns (source field names), for CDC.
    public var primaryKey: [String]
    /// WITH options.
    public var options: [TableOption]
    /// The output: each output column with the expression that fills it.
    public var projections: [(column: String, expression: String, type: FlinkType)]
    /// Comments to put above the table (rate-limit notes, connector notes).
    public var notes: [String]
    /// True when the source emits updates and deletes.
    public var isChangelog: Bool { connector.producesChangelog }
}

/// The kind of sink table.
public enum SinkKind: String, Sendable {
    case kafka, upsertKafka = "upsert-kafka", iceberg, clickhouse
}

/// An Iceberg catalog declared with CREATE CATALOG.
public struct CatalogPlan: Sendable {
    public var name: String
    public var database: String
    public var options: [TableOption]
}

/// How a sink table is declared and written.
public struct SinkPlan: Sendable {
    /// The sink's index in the spec.
    public var index: Int
    /// Kafka, upsert-kafka, Iceberg or ClickHouse.
    public var kind: SinkKind
    /// The table's identifier parts (`[name]` or `[catalog, db, table]`).
    public var tableName: [String]
    /// The catalog, for Iceberg.
    public var catalog: CatalogPlan?
    /// Columns: the union of every endpoint's output plus the endpoint column.
    public var columns: [Column]
    /// Primary key columns (upsert sinks).
    public var primaryKey: [String]
    /// WITH options (or table properties for Iceberg).
    public var options: [TableOption]
    /// The connector.
    public var connector: ConnectorInfo
    /// A short human description (`Kafka topic processed-ticks`).
    public var title: String
    /// Comments to put above the table.
    public var notes: [String]
    /// True when `CREATE TABLE IF NOT EXISTS` inside a catalog (Iceberg).
    public var createIfNotExists: Bool { catalog != nil }
}

/// The normalised pipeline every later stage works from.
public struct Pipeline: Sendable {
    public var name: String
    /// `uis-<name>`: Flink job name, Kubernetes deployment name.
    public var jobName: String
    public var specVersion: String
    public var createdBy: String
    public var description: String?
    public var providerName: String
    public var displayName: String?
    public var providerType: ProviderType
    public var mode: IngestionMode
    public var authType: AuthType
    public var baseURL: String
    public var tenantID: String?
    public var owner: String?
    public var flinkVersion: FlinkVersion
    public var image: String
    public var namespace: String
    public var parallelism: Int
    public var taskSlots: Int
    public var taskManagerMemory: String
    public var jobManagerMemory: String
    public var checkpointIntervalMs: Int
    public var checkpointTimeoutMs: Int
    public var checkpointDir: String
    public var savepointDir: String
    public var stateTTLMs: Int
    public var maxOutOfOrdernessMs: Int
    public var upgradeMode: UpgradeMode
    public var processingDelayThresholdMs: Int
    public var errorRateThreshold: Double
    public var checkpointFailureThreshold: Int
    public var sources: [SourcePlan]
    public var sinks: [SinkPlan]
    /// The sink tables' columns (same for every sink).
    public var sinkColumns: [Column]
    public var secrets: [SecretRef]
    /// Flink configuration for the job, ordered, real keys only.
    public var flinkConfiguration: [(key: String, value: String)]
    /// Raw keys from the spec that passed the check.
    public var rawFlinkKeys: [(key: String, value: String)]
    /// Connector and format jars the job needs, deduplicated, in first-use order.
    public var artifacts: [(coordinate: MavenCoordinate, onMavenCentral: Bool, usedBy: String)]
    /// Connectors that Apache Flink does not ship, with the sentence ops must read.
    public var connectorNotes: [String]
    /// The Java package of the runner.
    public var javaPackage: String
    /// SHA-256 of the spec file's bytes (hex), when known.
    public var specSHA256: String
}
