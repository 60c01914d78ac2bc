import UISSpec

/// The resolved pipeline every later stage works from: typed, target-neutral (no SQL or other
/// output text inside), `Equatable` and `Codable`. Its JSON (`uis-gen explain --format json`) is a
/// stable contract: the upgrade diff compares two of them, and other tools may read it.
public struct Pipeline: Sendable, Equatable, Codable {
    /// Who and what the pipeline is.
    public var identity: PipelineIdentity
    /// The source system.
    public var provider: ProviderSummary
    /// Flink version, resources, state and checkpoints, and the job's Flink configuration.
    public var flink: FlinkSettings
    /// Where the job runs on Kubernetes.
    public var deployment: DeploymentSettings
    /// Alert thresholds.
    public var monitoring: MonitoringSettings
    /// One source table per endpoint, in spec order.
    public var sources: [SourcePlan]
    /// One sink table per sink, in spec order.
    public var sinks: [SinkPlan]
    /// The sink tables' columns (the same for every sink): the union of every endpoint's output, then `uis_endpoint`.
    public var sinkColumns: [Column]
    /// Secrets the job reads from its environment.
    public var secrets: [SecretRef]
    /// Connector and format jars the job needs, deduplicated, in first-use order.
    public var artifacts: [Artifact]
    /// Connectors that Apache Flink does not ship, with the sentence ops must read.
    public var connectorNotes: [String]

    /// Creates a pipeline.
    public init(identity: PipelineIdentity, provider: ProviderSummary, flink: FlinkSettings, deployment: DeploymentSettings,
                monitoring: MonitoringSettings, sources: [SourcePlan], sinks: [SinkPlan], sinkColumns: [Column],
                secrets: [SecretRef], artifacts: [Artifact], connectorNotes: [String]) {
        self.identity = identity
        self.provider = provider
        self.flink = flink
        self.deployment = deployment
        self.monitoring = monitoring
        self.sources = sources
        self.sinks = sinks
        self.sinkColumns = sinkColumns
        self.secrets = secrets
        self.artifacts = artifacts
        self.connectorNotes = connectorNotes
    }
}

/// Names and provenance of a pipeline.
public struct PipelineIdentity: Sendable, Equatable, Codable {
    /// The pipeline name (`name` in the spec): bundle folder, tarball stem.
    public var name: String
    /// `uis-<name>`: the Flink job name.
    public var jobName: String
    /// The spec's `version`.
    public var specVersion: String
    /// The spec's `created_by`.
    public var createdBy: String
    /// The spec's `description`.
    public var description: String?
    /// `provider.name`.
    public var providerName: String
    /// `provider.display_name`.
    public var displayName: String?
    /// `provider.tenant_id`.
    public var tenantID: String?
    /// `provider.owner`.
    public var owner: String?
    /// The Java package of the SQL runner (`io.uisgen.pipeline.<name>`).
    public var javaPackage: String
    /// SHA-256 of the spec file's bytes (hex); empty when unknown.
    public var specSHA256: String
}

/// The source system a pipeline reads.
public struct ProviderSummary: Sendable, Equatable, Codable {
    /// websocket, webhook, kafka or database.
    public var type: ProviderType
    /// The ingestion mode.
    public var mode: IngestionMode
    /// How the source authenticates.
    public var authType: AuthType
    /// `provider.base_url` as written (secret placeholders included).
    public var baseURL: String
    /// What a source record that cannot be decoded does: `provider.config.on_parse_error`, unless `connector_options`
    /// set `json.ignore-parse-errors` themselves.
    public var onParseError: ParseErrorPolicy
}

/// Checkpointing of the job.
public struct CheckpointSettings: Sendable, Equatable, Codable {
    /// Interval between checkpoints.
    public var intervalMs: Int
    /// Time after which a checkpoint is abandoned.
    public var timeoutMs: Int
    /// Where checkpoints are written (a filesystem URI).
    public var dir: String
}

/// Flink version, resources, state and checkpoint settings: what the Flink configuration is built from.
public struct FlinkSettings: Sendable, Equatable, Codable {
    /// The Flink minor version the bundle targets.
    public var version: FlinkVersion
    /// Why this version: pinned by the spec, or the newest every connector supports.
    public var versionReason: String
    /// The base image of the job image.
    public var image: String
    /// Default parallelism.
    public var parallelism: Int
    /// Task slots per TaskManager.
    public var taskSlots: Int
    /// TaskManager process memory (`4g`).
    public var taskManagerMemory: String
    /// JobManager process memory.
    public var jobManagerMemory: String
    /// Checkpointing.
    public var checkpoint: CheckpointSettings
    /// Where savepoints are written.
    public var savepointDir: String
    /// Idle state retention (0: none).
    public var stateTTLMs: Int
    /// The watermark delay for event time.
    public var maxOutOfOrdernessMs: Int
    /// How the operator upgrades the job.
    public var upgradeMode: UpgradeMode
    /// The job's Flink configuration, ordered, real keys only (raw keys from the spec included).
    public var configuration: [ConfigEntry]
    /// The raw keys from the spec that passed the check.
    public var rawKeys: [ConfigEntry]
    /// File system plugins the image enables for the checkpoint, savepoint and HA storage URIs.
    public var fileSystemPlugins: [FileSystemPlugin]
}

/// One Flink configuration entry.
public struct ConfigEntry: Sendable, Hashable, Codable {
    /// The key.
    public var key: String
    /// The value.
    public var value: String
    /// Creates an entry.
    public init(_ key: String, _ value: String) { self.key = key; self.value = value }
}

/// Where the job runs on Kubernetes.
public struct DeploymentSettings: Sendable, Equatable, Codable {
    /// The Kubernetes namespace.
    public var namespace: String
}

/// The thresholds of the generated alerts.
public struct MonitoringSettings: Sendable, Equatable, Codable {
    /// Processing delay above which the delay alert fires.
    public var processingDelayThresholdMs: Int
    /// The error-rate threshold.
    public var errorRateThreshold: Double
    /// Failed checkpoints in a row that page.
    public var checkpointFailureThreshold: Int
}

/// A jar the job needs.
public struct Artifact: Sendable, Hashable, Codable {
    /// Its Maven coordinates.
    public var coordinate: MavenCoordinate
    /// False when ops must publish it to their own repository.
    public var onMavenCentral: Bool
    /// What uses it (`source (kafka), sink 1 (upsert-kafka)`).
    public var usedBy: String
}
