import UISSpec
import UISText

/// Turns a validated `Spec` into a `Pipeline`: identifiers, column types, mappings, event time,
/// keys, secrets, the Flink version and a connector for every source and sink.
public struct Resolver: Sendable {
    /// The Flink configuration keys of each version, for checking raw keys.
    package var keys: FlinkConfigKeys

    /// Creates a resolver with the key lists of every supported Flink version.
    public init() { keys = .bundled }

    /// Creates a resolver with other key lists (tests).
    package init(keys: FlinkConfigKeys) { self.keys = keys }

    /// The pipeline, or nil with errors; warnings either way.
    public struct Output: Sendable {
        /// The pipeline; nil when there were errors.
        public var pipeline: Pipeline?
        /// Errors and warnings, in the order found.
        public var diagnostics: [Diagnostic]
    }

    /// Resolves a spec. `specSHA256` is the hex digest of the spec file's bytes.
    public func resolve(_ spec: Spec, specSHA256: String = "") -> Output {
        var run = ResolveRun(spec: spec, keys: keys)
        let pipeline = run.resolve(specSHA256: specSHA256)
        return Output(pipeline: run.bag.hasErrors ? nil : pipeline, diagnostics: run.bag.all)
    }
}

/// One resolution: the spec, the diagnostics found, the secrets met.
struct ResolveRun {
    /// The spec being resolved.
    let spec: Spec
    /// The Flink configuration keys of each version.
    let keys: FlinkConfigKeys
    /// The diagnostics found so far.
    var bag = DiagnosticBag()
    /// The secrets met so far, in first-use order.
    var secrets: [SecretRef] = []

    /// A resolution of `spec`.
    init(spec: Spec, keys: FlinkConfigKeys) {
        self.spec = spec
        self.keys = keys
    }

    /// Reports an error at a spec path.
    mutating func error(_ message: String, _ path: String) { bag.error(message, path: path, at: spec.location(of: path)) }
    /// Reports a warning at a spec path.
    mutating func warning(_ message: String, _ path: String) { bag.warning(message, path: path, at: spec.location(of: path)) }

    /// Replaces `{{name}}` with `${UIS_SECRET_NAME}` and records the secret; refuses a literal `${`.
    mutating func secretText(_ value: String, _ path: String) -> String {
        if value.contains("${") {
            error("'${' is reserved for secret references in the generated SQL; write a secret as {{name}}", path)
            return value.replacingBytes("${", with: "$ {")
        }
        var out = ""
        var last = value.startIndex
        for span in SpecRules.placeholderSpans(in: value) where span.valid {
            out += value[last..<span.range.lowerBound]
            out += "${" + secretVariable(span.name, path) + "}"
            last = span.range.upperBound
        }
        out += value[last...]
        return out
    }

    /// The environment variable of secret `name`, recorded with the path that uses it.
    mutating func secretVariable(_ name: String, _ path: String) -> String {
        let variable = Self.environmentVariable(for: name)
        if let index = secrets.firstIndex(where: { $0.environmentVariable == variable }) {
            if secrets[index].name != name {
                error("secret '{{\(name)}}' and secret '{{\(secrets[index].name)}}' both become the environment variable \(variable); rename one", path)
            } else if !secrets[index].usedAt.contains(path) {
                secrets[index].usedAt.append(path)
            }
        } else {
            secrets.append(SecretRef(name: name, environmentVariable: variable, usedAt: [path]))
        }
        return variable
    }

    /// `shop_db.password` → `UIS_SECRET_SHOP_DB_PASSWORD`.
    static func environmentVariable(for name: String) -> String {
        "UIS_SECRET_" + String(name.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    // MARK: - resolve

    /// The whole pipeline: connectors and Flink version first, then sources, fan-out columns, sinks, configuration and artifacts.
    mutating func resolve(specSHA256: String) -> Pipeline? {
        let provider = spec.provider
        let config = provider.config
        let name = spec.name
        let jobName = "uis-" + name

        // connectors first: they decide the Flink version
        let sourceConnector = sourceConnectorInfo()
        let changelog = sourceConnector.producesChangelog
        let sinkConnectors: [ConnectorInfo] = provider.sinks.map { sink in
            switch sink.type {
            case .kafka: return changelog ? ConnectorCatalogue.upsertKafka : ConnectorCatalogue.kafka
            case .iceberg: return ConnectorCatalogue.iceberg
            case .clickhouse: return ConnectorCatalogue.clickhouse(identifier: sink.config.connector, artifact: sink.config.connectorArtifact.flatMap(MavenCoordinate.init))
            }
        }
        guard let chosen = chooseVersion(source: sourceConnector, sinks: sinkConnectors) else { return nil }
        let version = chosen.version

        let checkpointDir = config.checkpointDir ?? "s3://flink-checkpoints/\(name)/"
        let savepointDir = config.savepointDir ?? "s3://flink-savepoints/\(name)/"
        if !version.isTwoX {
            for (key, value) in [("checkpoint_dir", config.checkpointDir), ("savepoint_dir", config.savepointDir)] {
                if let value, let problem = Self.legacyConfigProblem(value) { error("\(key) \(problem)", "provider.config.\(key)") }
            }
        }

        if provider.providerType == .database && config.onParseError == .skip {
            warning("on_parse_error skip has no effect on a database source: the CDC connector decodes the database's change events itself", "provider.config.on_parse_error")
        }

        var sources: [SourcePlan] = []
        for (index, endpoint) in provider.endpoints.enumerated() {
            if let plan = sourcePlan(endpoint, index: index, connector: sourceConnector) { sources.append(plan) }
        }
        guard sources.count == provider.endpoints.count else { return nil }

        // the fan-out columns: union of outputs in order of first appearance, plus the endpoint column
        var sinkColumns: [Column] = []
        var owner: [String: (type: FlinkType, endpoint: String)] = [:]
        for source in sources {
            for projection in source.projections {
                let key = projection.column.lowercased()
                if let existing = owner[key] {
                    if existing.type.asNullable != projection.type.asNullable {
                        error("column '\(projection.column)' is \(projection.type.sql) in endpoint '\(source.endpointName)' but \(existing.type.sql) in endpoint '\(existing.endpoint)'; one column name must have one type across endpoints", "provider.endpoints[\(source.index)]")
                    }
                } else {
                    owner[key] = (projection.type.asNullable, source.endpointName)
                    sinkColumns.append(Column(name: projection.column, type: projection.type.asNullable))
                }
            }
        }
        sinkColumns.append(Column(name: SpecRules.endpointColumn, type: .primitive(name: "STRING", parameters: [], suffix: "", nullable: false)))

        var sinks: [SinkPlan] = []
        let sinkKeys = SinkKeys(spec: spec, sources: sources)  // every endpoint's columns, once for all sinks
        for (index, sink) in provider.sinks.enumerated() {
            if let plan = sinkPlan(sink, index: index, connector: sinkConnectors[index], columns: sinkColumns, keys: sinkKeys, changelog: changelog) {
                sinks.append(plan)
            }
        }

        let rawKeys = checkRawKeys(version: version)
        var flink = FlinkSettings(
            version: version, versionReason: chosen.reason, image: config.image ?? FlinkRelease.image(version),
            parallelism: provider.parallelism, taskSlots: config.taskSlots, taskManagerMemory: config.taskmanagerMemory,
            jobManagerMemory: config.jobmanagerMemory,
            checkpoint: CheckpointSettings(intervalMs: config.checkpointIntervalMs, timeoutMs: config.checkpointTimeoutMs, dir: checkpointDir),
            savepointDir: savepointDir, stateTTLMs: config.stateTTLMs, maxOutOfOrdernessMs: config.maxOutOfOrdernessMs,
            upgradeMode: config.upgradeMode, configuration: [], rawKeys: rawKeys,
            fileSystemPlugins: fileSystemPlugins(checkpointDir: checkpointDir, savepointDir: savepointDir, version: version))
        flink.configuration = FlinkConfigBuilder(settings: flink, jobName: jobName).entries()
        for entry in flink.configuration where !keys.isKnown(entry.key, version: version) {
            error("internal: the generated Flink key '\(entry.key)' is not a key of Flink \(version.rawValue)", "provider.config")
        }

        var artifacts: [Artifact] = []
        func addArtifact(_ info: ConnectorInfo, _ usedBy: String) {
            guard let coordinate = info.artifacts[version] else { return }
            if let i = artifacts.firstIndex(where: { $0.coordinate == coordinate }) {
                if !artifacts[i].usedBy.contains(usedBy) { artifacts[i].usedBy += ", " + usedBy }
            } else { artifacts.append(Artifact(coordinate: coordinate, onMavenCentral: info.onMavenCentral, usedBy: usedBy)) }
        }
        addArtifact(sourceConnector, "source (\(sourceConnector.identifier))")
        for (index, sink) in sinks.enumerated() { addArtifact(sinkConnectors[index], "sink \(sink.index) (\(sink.connector.identifier))") }
        for (index, sink) in provider.sinks.enumerated() where sink.type == .kafka && sink.config.format == "avro" {
            let coordinate = ConnectorCatalogue.avroFormat(version)
            if !artifacts.contains(where: { $0.coordinate == coordinate }) {
                artifacts.append(Artifact(coordinate: coordinate, onMavenCentral: true, usedBy: "sink \(index) (avro format)"))
            }
        }
        var notes: [String] = []
        for info in [sourceConnector] + sinkConnectors where !info.onMavenCentral || !info.existsUpstream {
            if !notes.contains(info.note) { notes.append(info.note) }
        }

        let packageName = "io.uisgen.pipeline." + Self.javaIdentifier(name)
        let identity = PipelineIdentity(
            name: name, jobName: jobName, specVersion: spec.version, createdBy: spec.createdBy, description: spec.description,
            providerName: provider.name, displayName: provider.displayName, tenantID: provider.tenantID, owner: provider.owner,
            javaPackage: packageName, specSHA256: specSHA256)
        return Pipeline(
            identity: identity,
            provider: ProviderSummary(type: provider.providerType, mode: provider.mode, authType: provider.authType, baseURL: provider.baseURL,
                                      onParseError: effectiveParseErrorPolicy()),
            flink: flink,
            deployment: DeploymentSettings(namespace: config.namespace),
            monitoring: MonitoringSettings(processingDelayThresholdMs: config.processingDelayThresholdMs,
                                           errorRateThreshold: config.errorRateThreshold,
                                           checkpointFailureThreshold: config.checkpointFailureThreshold),
            sources: sources, sinks: sinks, sinkColumns: sinkColumns, secrets: secrets,
            artifacts: artifacts, connectorNotes: notes)
    }

    /// The last part of the runner's Java package: the name with `-` as `_`, `p` before a leading digit,
    /// and `_` after a Java keyword or literal (`class`, `int`, `true`, …), which cannot name a package.
    static func javaIdentifier(_ name: String) -> String {
        let base = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if base.first?.isNumber == true { return "p" + base }
        return javaReservedWords.contains(base) ? base + "_" : base
    }

    /// Java's keywords, reserved literals and `_` (JLS 3.9, 3.10.3, 3.10.8), none of which may be a package name part.
    static let javaReservedWords: Set<String> = [
        "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue", "default",
        "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if", "implements", "import",
        "instanceof", "int", "interface", "long", "native", "new", "package", "private", "protected", "public", "return",
        "short", "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
        "void", "volatile", "while", "true", "false", "null", "_",
    ]

    /// The source connector the provider type (and, for a database, the URL scheme) calls for.
    func sourceConnectorInfo() -> ConnectorInfo {
        let provider = spec.provider
        switch provider.providerType {
        case .websocket, .webhook:
            return ConnectorCatalogue.custom(for: provider.providerType, identifier: provider.config.connector,
                                             artifact: provider.config.connectorArtifact.flatMap(MavenCoordinate.init))
        case .kafka: return ConnectorCatalogue.kafka
        case .database:
            return DatabaseURL(provider.baseURL)?.kind == .mysql ? ConnectorCatalogue.mysqlCDC : ConnectorCatalogue.postgresCDC
        }
    }

    /// The file system plugins the checkpoint, savepoint and HA storage URIs need (HA storage lives under the
    /// checkpoint dir); a scheme Flink cannot read is an error at the field that names it.
    mutating func fileSystemPlugins(checkpointDir: String, savepointDir: String, version: FlinkVersion) -> [FileSystemPlugin] {
        var plugins: [FileSystemPlugin] = []
        let release = FlinkRelease.full(version)
        for (field, uri) in [("checkpoint_dir", checkpointDir), ("savepoint_dir", savepointDir)] {
            let path = "provider.config." + field
            guard let scheme = FileSystemPlugins.scheme(of: uri) else { continue }
            switch FileSystemPlugins.need(scheme) {
            case .nothing:
                continue
            case let .plugin(name):
                if let i = plugins.firstIndex(where: { $0.name == name }) {
                    if !plugins[i].schemes.contains(scheme) { plugins[i].schemes.append(scheme) }
                    plugins[i].usedBy.append(path)
                } else {
                    plugins.append(FileSystemPlugin(name: name, jar: FileSystemPlugins.jar(name, release: release), schemes: [scheme], usedBy: [path]))
                }
            case .hadoopClasspath:
                warning("\(field) is hdfs://: Flink reads HDFS through Hadoop's client on the classpath (HADOOP_CLASSPATH), which the stock image does not have; add Hadoop to the image or use an object store", path)
            case .unknown:
                error("\(field) uses the scheme '\(scheme)://', for which Flink has no file system; use s3://, s3a://, gs://, abfss://, wasbs://, oss://, hdfs:// or file://", path)
            }
        }
        return plugins
    }

    /// The Flink version the bundle targets and why: pinned by the spec, or the newest every connector supports.
    mutating func chooseVersion(source: ConnectorInfo, sinks: [ConnectorInfo]) -> (version: FlinkVersion, reason: String)? {
        let all = [source] + sinks
        var unique: [ConnectorInfo] = []
        for info in all where !unique.contains(where: { $0.id == info.id }) { unique.append(info) }
        func listing() -> String {
            unique.map { info in
                let versions = info.supportedVersions.map(\.rawValue)
                return "\(info.identifier): \(versions.isEmpty ? "none" : versions.joined(separator: ", "))"
            }.joined(separator: "; ")
        }
        if let pinned = spec.provider.config.flinkVersion {
            let missing = unique.filter { $0.artifacts[pinned] == nil && !$0.supportedVersions.isEmpty }
            if !missing.isEmpty {
                error("flink_version \(pinned.rawValue) is not supported by \(missing.map { "'\($0.identifier)'" }.joined(separator: ", ")); the connectors support: \(listing())", "provider.config.flink_version")
                return nil
            }
            return (pinned, "pinned by provider.config.flink_version")
        }
        let constrained = unique.filter { !$0.supportedVersions.isEmpty }
        let common = FlinkVersion.allCases.filter { version in constrained.allSatisfy { $0.artifacts[version] != nil } }
        guard let newest = common.last else {
            error("the connectors this spec uses share no Flink version: \(listing()); change a sink or provider", "provider")
            return nil
        }
        let reason = constrained.isEmpty
            ? "the newest version uis-gen supports (no connector constrains it)"
            : "the newest version every connector supports (\(listing()))"
        return (newest, reason)
    }
}
