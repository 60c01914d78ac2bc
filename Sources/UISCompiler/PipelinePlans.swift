import UISSpec

/// A column of a table uis-gen declares.
public struct Column: Sendable, Hashable, Codable {
    /// The column name (any characters for source columns; identifiers for output columns).
    public var name: String
    /// Its type.
    public var type: FlinkType
}

/// A secret the job needs: a `{{name}}` placeholder in the spec.
public struct SecretRef: Sendable, Hashable, Codable {
    /// The placeholder name, also the key in the Kubernetes Secret.
    public var name: String
    /// The environment variable the job reads it from, and its `${…}` reference in connector options.
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

/// One option of a connector (`'key' = 'value'` in a WITH clause). Values may hold `${ENV}` secret references.
public struct TableOption: Sendable, Hashable, Codable {
    /// The option key.
    public var key: String
    /// The value.
    public var value: String
    /// Creates an option.
    public init(_ key: String, _ value: String) { self.key = key; self.value = value }
}

/// How a raw source field becomes the event-time column when it is not already a TIMESTAMP(≤3).
public enum EventTimeConversion: String, Sendable, Hashable, Codable {
    /// A TIMESTAMP / TIMESTAMP_LTZ of higher precision, cast to precision 3.
    case castToMillis = "cast"
    /// An integer read as epoch milliseconds.
    case epochMillis = "epoch_millis"
    /// Text parsed as `yyyy-MM-dd HH:mm:ss[.SSS]`.
    case text
}

/// The computed event-time column of a source table.
public struct EventTimeColumn: Sendable, Hashable, Codable {
    /// The computed column's name.
    public var name: String
    /// The physical field it reads.
    public var sourceField: String
    /// How it converts that field.
    public var conversion: EventTimeConversion
    /// Its type (TIMESTAMP(3) or TIMESTAMP_LTZ(3)).
    public var type: FlinkType
}

/// The watermark of a source table.
public struct Watermark: Sendable, Hashable, Codable {
    /// The time column (a physical TIMESTAMP(≤3) field or the computed event-time column).
    public var column: String
    /// How far behind the largest time seen the watermark trails.
    public var delayMs: Int
}

/// One output column of an endpoint and what fills it.
public struct Projection: Sendable, Hashable, Codable {
    /// The output column.
    public var column: String
    /// The source field it reads.
    public var sourceField: String
    /// The column's type.
    public var type: FlinkType
    /// True when it reads the source's computed event-time column (which converts `sourceField`).
    public var readsEventTime: Bool
}

/// How a source table is declared and read.
public struct SourcePlan: Sendable, Equatable, Codable {
    /// The endpoint's name as written.
    public var endpointName: String
    /// The endpoint's index in the spec.
    public var index: Int
    /// The table name (`src_<endpoint>`).
    public var tableName: String
    /// The connector.
    public var connector: ConnectorInfo
    /// Physical columns: the source fields read, in order.
    public var physicalColumns: [Column]
    /// A computed event-time column, when the raw field is not a TIMESTAMP(≤3).
    public var eventTime: EventTimeColumn?
    /// The watermark.
    public var watermark: Watermark?
    /// Primary key columns (source field names), for CDC.
    public var primaryKey: [String]
    /// Connector options.
    public var options: [TableOption]
    /// The output: each output column with the field that fills it.
    public var projections: [Projection]
    /// Notes for the reader (rate-limit notes, connector notes).
    public var notes: [String]
    /// True when the source emits updates and deletes.
    public var isChangelog: Bool { connector.producesChangelog }
}

/// The kind of sink table.
public enum SinkKind: String, Sendable, Codable {
    case kafka, upsertKafka = "upsert-kafka", iceberg, clickhouse
}

/// An Iceberg catalog the job declares.
public struct CatalogPlan: Sendable, Equatable, Codable {
    /// The catalog's name in the job.
    public var name: String
    /// The database the table lives in.
    public var database: String
    /// Catalog options.
    public var options: [TableOption]
}

/// How a sink table is declared and written.
public struct SinkPlan: Sendable, Equatable, Codable {
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
    /// Connector options (or table properties for Iceberg).
    public var options: [TableOption]
    /// The connector.
    public var connector: ConnectorInfo
    /// A short human description (`Kafka topic processed-ticks`).
    public var title: String
    /// Notes for the reader.
    public var notes: [String]
    /// True when the table is created only if missing, inside a catalog (Iceberg).
    public var createIfNotExists: Bool { catalog != nil }
    /// True when the sink is written as a changelog keyed on `primaryKey` (upserts and deletes).
    public var isUpsert: Bool { !primaryKey.isEmpty }
}
