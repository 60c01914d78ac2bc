import UISSpec
import UISText

/// What uis-gen knows about one Flink SQL connector: its identifier and the jar for each Flink version.
/// Facts from shared/reference/flink-facts.md section 4; data, not code paths.
public struct ConnectorInfo: Sendable, Hashable, Codable {
    /// The catalogue key (`kafka`, `postgres-cdc`, …).
    public var id: String
    /// The value of the `'connector'` option.
    public var identifier: String
    /// The jar per Flink version; a version missing here is not supported by this connector.
    public var artifacts: [FlinkVersion: MavenCoordinate]
    /// False when the jar is not on Maven Central and ops must provide it.
    public var onMavenCentral: Bool
    /// False when no such connector exists in Apache Flink (websocket, webhook).
    public var existsUpstream: Bool
    /// A plain sentence for the README and SQL comments.
    public var note: String
    /// True when the source emits a changelog (updates and deletes).
    public var producesChangelog: Bool
    /// The option that limits records per second, when the connector has one.
    public var rateLimitOption: String?

    /// Versions with an artifact, oldest first.
    public var supportedVersions: [FlinkVersion] { FlinkVersion.allCases.filter { artifacts[$0] != nil } }

    /// The JSON keys.
    enum CodingKeys: String, CodingKey {
        case id, identifier, artifacts, onMavenCentral, existsUpstream, note, producesChangelog, rateLimitOption
    }

    /// Creates connector facts.
    public init(id: String, identifier: String, artifacts: [FlinkVersion: MavenCoordinate], onMavenCentral: Bool,
                existsUpstream: Bool, note: String, producesChangelog: Bool, rateLimitOption: String?) {
        self.id = id
        self.identifier = identifier
        self.artifacts = artifacts
        self.onMavenCentral = onMavenCentral
        self.existsUpstream = existsUpstream
        self.note = note
        self.producesChangelog = producesChangelog
        self.rateLimitOption = rateLimitOption
    }

    /// Decodes; `artifacts` is an object keyed by Flink version (`{"2.2": "g:a:v"}`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        identifier = try c.decode(String.self, forKey: .identifier)
        let byVersion = try c.decode([String: MavenCoordinate].self, forKey: .artifacts)
        var artifacts: [FlinkVersion: MavenCoordinate] = [:]
        for (key, coordinate) in byVersion {
            guard let version = FlinkVersion(rawValue: key) else {
                throw DecodingError.dataCorruptedError(forKey: .artifacts, in: c, debugDescription: "unknown Flink version \(key)")
            }
            artifacts[version] = coordinate
        }
        self.artifacts = artifacts
        onMavenCentral = try c.decode(Bool.self, forKey: .onMavenCentral)
        existsUpstream = try c.decode(Bool.self, forKey: .existsUpstream)
        note = try c.decode(String.self, forKey: .note)
        producesChangelog = try c.decode(Bool.self, forKey: .producesChangelog)
        rateLimitOption = try c.decodeIfPresent(String.self, forKey: .rateLimitOption)
    }

    /// Encodes; `artifacts` as an object keyed by Flink version.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(identifier, forKey: .identifier)
        try c.encode(Dictionary(uniqueKeysWithValues: artifacts.map { ($0.key.rawValue, $0.value) }), forKey: .artifacts)
        try c.encode(onMavenCentral, forKey: .onMavenCentral)
        try c.encode(existsUpstream, forKey: .existsUpstream)
        try c.encode(note, forKey: .note)
        try c.encode(producesChangelog, forKey: .producesChangelog)
        try c.encodeIfPresent(rateLimitOption, forKey: .rateLimitOption)
    }
}

/// The connector catalogue: every source and sink connector uis-gen can emit.
package enum ConnectorCatalogue {
    private static func apache(_ artifact: String, _ versions: [FlinkVersion: String]) -> [FlinkVersion: MavenCoordinate] {
        versions.mapValues { MavenCoordinate(group: "org.apache.flink", artifact: artifact, version: $0) }
    }

    /// flink-connector-kafka 3.4.0 (Flink 1.20), 4.0.1 (2.0), 5.0.0 (2.1 and 2.2: the Flink downloads page lists 5.0.0
    /// as compatible with 2.1.x and 2.2.x, and `flink-sql-connector-kafka:5.0.0-2.2` is published beside `5.0.0-2.1`).
    private static let kafkaArtifacts = apache("flink-sql-connector-kafka", [
        .v1_20: "3.4.0-1.20", .v2_0: "4.0.1-2.0", .v2_1: "5.0.0-2.1", .v2_2: "5.0.0-2.2",
    ])

    /// Kafka source and append-only sink.
    package static let kafka = ConnectorInfo(
        id: "kafka", identifier: "kafka", artifacts: kafkaArtifacts, onMavenCentral: true, existsUpstream: true,
        note: "Apache Flink Kafka connector (flink-sql-connector-kafka).", producesChangelog: false, rateLimitOption: nil)

    /// Kafka sink for changelog input, keyed by the primary key.
    package static let upsertKafka = ConnectorInfo(
        id: "upsert-kafka", identifier: "upsert-kafka", artifacts: kafkaArtifacts, onMavenCentral: true, existsUpstream: true,
        note: "Apache Flink upsert-kafka connector (in flink-sql-connector-kafka).", producesChangelog: false, rateLimitOption: nil)

    /// Postgres change data capture (Flink CDC 3.6: Flink 1.20 and 2.2).
    package static let postgresCDC = ConnectorInfo(
        id: "postgres-cdc", identifier: "postgres-cdc",
        artifacts: apache("flink-sql-connector-postgres-cdc", [.v1_20: "3.6.0", .v2_2: "3.6.0"]),
        onMavenCentral: true, existsUpstream: true,
        note: "Flink CDC postgres-cdc connector 3.6.0 (Flink 1.20 and 2.2).", producesChangelog: true, rateLimitOption: nil)

    /// MySQL change data capture (Flink CDC 3.6: Flink 1.20 and 2.2).
    package static let mysqlCDC = ConnectorInfo(
        id: "mysql-cdc", identifier: "mysql-cdc",
        artifacts: apache("flink-sql-connector-mysql-cdc", [.v1_20: "3.6.0", .v2_2: "3.6.0"]),
        onMavenCentral: true, existsUpstream: true,
        note: "Flink CDC mysql-cdc connector 3.6.0 (Flink 1.20 and 2.2).", producesChangelog: true, rateLimitOption: nil)

    /// Iceberg sink through an Iceberg catalog (Iceberg 1.11.0: Flink 1.20, 2.0, 2.1).
    package static let iceberg = ConnectorInfo(
        id: "iceberg", identifier: "iceberg",
        artifacts: [
            .v1_20: MavenCoordinate(group: "org.apache.iceberg", artifact: "iceberg-flink-runtime-1.20", version: "1.11.0"),
            .v2_0: MavenCoordinate(group: "org.apache.iceberg", artifact: "iceberg-flink-runtime-2.0", version: "1.11.0"),
            .v2_1: MavenCoordinate(group: "org.apache.iceberg", artifact: "iceberg-flink-runtime-2.1", version: "1.11.0"),
        ],
        onMavenCentral: true, existsUpstream: true,
        note: "Apache Iceberg Flink runtime 1.11.0 (Flink 1.20, 2.0, 2.1); the catalog's own client jars (Hadoop/Hive/S3) may be needed too.",
        producesChangelog: false, rateLimitOption: nil)

    /// ClickHouse SQL sink: the community connector is not on Maven Central.
    package static func clickhouse(identifier: String?, artifact: MavenCoordinate?) -> ConnectorInfo {
        let coordinate = artifact ?? MavenCoordinate(group: "org.apache.flink", artifact: "flink-connector-clickhouse", version: "1.0.0-SNAPSHOT")
        return ConnectorInfo(
            id: "clickhouse", identifier: identifier ?? "clickhouse",
            artifacts: Dictionary(uniqueKeysWithValues: FlinkVersion.allCases.map { ($0, coordinate) }),
            onMavenCentral: false, existsUpstream: false,
            note: "ClickHouse has no Flink SQL connector on Maven Central: the default is the community connector itinycheng/flink-connector-clickhouse ('connector' = 'clickhouse'), which you build and publish to your own repository (\(coordinate.description)); set the sink's config.connector / config.connector_artifact to use another.",
            producesChangelog: false, rateLimitOption: nil)
    }

    /// A websocket or webhook source: Apache Flink has no such connector; ops provide one.
    package static func custom(for type: ProviderType, identifier: String?, artifact: MavenCoordinate?) -> ConnectorInfo {
        let name = type.rawValue
        var artifacts: [FlinkVersion: MavenCoordinate] = [:]
        if let artifact { for version in FlinkVersion.allCases { artifacts[version] = artifact } }
        let provided = artifact.map { "the bundle uses \($0.description), which must be in your Maven repository" }
            ?? "no artifact is set (provider.config.connector_artifact), so its jar must be dropped into the image's /opt/flink/lib"
        return ConnectorInfo(
            id: name, identifier: identifier ?? name, artifacts: artifacts, onMavenCentral: false, existsUpstream: false,
            note: "Apache Flink has no \(name) source connector: 'connector' = '\(identifier ?? name)' must be provided by your platform; \(provided).",
            producesChangelog: false, rateLimitOption: "rate-limit.records-per-second")
    }

    /// The avro format jar, when a Kafka sink writes avro.
    package static func avroFormat(_ version: FlinkVersion) -> MavenCoordinate {
        MavenCoordinate(group: "org.apache.flink", artifact: "flink-sql-avro", version: FlinkRelease.full(version))
    }
}

/// The released Flink versions uis-gen builds for, and their images.
package enum FlinkRelease {
    /// The newest patch release of each minor line (apache/flink-docker, 2026-05).
    package static func full(_ version: FlinkVersion) -> String {
        switch version {
        case .v1_20: return "1.20.4"
        case .v2_0: return "2.0.2"
        case .v2_1: return "2.1.2"
        case .v2_2: return "2.2.1"
        }
    }

    /// The official image: `flink:<full>-scala_2.12-java17`.
    package static func image(_ version: FlinkVersion) -> String { "flink:\(full(version))-scala_2.12-java17" }

    /// The operator's `flinkVersion` enum value (`v1_20`, `v2_2`).
    package static func operatorVersion(_ version: FlinkVersion) -> String { "v" + version.rawValue.replacingBytes(".", with: "_") }
}
