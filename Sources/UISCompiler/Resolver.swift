import UISSpec

/// Turns a validated `Spec` into a `Pipeline`: identifiers, column types, mappings, event time,
/// keys, secrets, the Flink version and a connector for every source and sink.
public struct Resolver: Sendable {
    /// The Flink configuration keys of each version, for checking raw keys.
    public var keys: FlinkConfigKeys

    /// Creates a resolver.
    public init(keys: FlinkConfigKeys = .bundled) { self.keys = keys }

    /// The pipeline, or nil with errors; warnings either way.
    public struct Output: Sendable {
        public var pipeline: Pipeline?
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
    let spec: Spec
    let keys: FlinkConfigKeys
    var bag = DiagnosticBag()
    var secrets: [SecretRef] = []

    init(spec: Spec, keys: FlinkConfigKeys) {
        self.spec = spec
        self.keys = keys
    }

    mutating func error(_ message: String, _ path: String) { bag.error(message, path: path, at: spec.location(of: path)) }
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
        guard let version = chooseVersion(source: sourceConnector, sinks: sinkConnectors) else { return nil }

        let checkpointDir = config.checkpointDir ?? "s3://flink-checkpoints/\(name)/"
        let savepointDir = config.savepointDir ?? "s3://flink-savepoints/\(name)/"
        if !version.isTwoX {
            for (key, value) in [("checkpoint_dir", config.checkpointDir), ("savepoint_dir", config.savepointDir)] {
                if let value, let problem = Self.legacyConfigProblem(value) { error("\(key) \(problem)", "provider.config.\(key)") }
            }
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
        for (index, sink) in provider.sinks.enumerated() {
            if let plan = sinkPlan(sink, index: index, connector: sinkConnectors[index], columns: sinkColumns, sources: sources, changelog: changelog) {
                sinks.append(plan)
            }
        }

        let rawKeys = checkRawKeys(version: version)
        let flinkConfiguration = FlinkConfigBuilder(
            version: version, parallelism: provider.parallelism, taskSlots: config.taskSlots,
            taskManagerMemory: config.taskmanagerMemory, jobManagerMemory: config.jobmanagerMemory,
            checkpointIntervalMs: config.checkpointIntervalMs, checkpointTimeoutMs: config.checkpointTimeoutMs,
            checkpointDir: checkpointDir, savepointDir: savepointDir, stateTTLMs: config.stateTTLMs,
            jobName: jobName, rawKeys: rawKeys).entries()
        for entry in flinkConfiguration where !keys.isKnown(entry.key, version: version) {
            error("internal: the generated Flink key '\(entry.key)' is not a key of Flink \(version.rawValue)", "provider.config")
        }

        var artifacts: [(MavenCoordinate, Bool, String)] = []
        func addArtifact(_ info: ConnectorInfo, _ usedBy: String) {
            guard let coordinate = info.artifacts[version] else { return }
            if let i = artifacts.firstIndex(where: { $0.0 == coordinate }) {
                if !artifacts[i].2.contains(usedBy) { artifacts[i].2 += ", " + usedBy }
            } else { artifacts.append((coordinate, info.onMavenCentral, usedBy)) }
        }
        addArtifact(sourceConnector, "source (\(sourceConnector.identifier))")
        for (index, sink) in sinks.enumerated() { addArtifact(sinkConnectors[index], "sink \(sink.index) (\(sink.connector.identifier))") }
        for (index, sink) in provider.sinks.enumerated() where sink.type == .kafka && sink.config.format == "avro" {
            let coordinate = ConnectorCatalogue.avroFormat(version)
            if !artifacts.contains(where: { $0.0 == coordinate }) { artifacts.append((coordinate, true, "sink \(index) (avro format)")) }
        }
        var notes: [String] = []
        for info in [sourceConnector] + sinkConnectors where !info.onMavenCentral || !info.existsUpstream {
            if !notes.contains(info.note) { notes.append(info.note) }
        }

        let packageName = "io.uisgen.pipeline." + Self.javaIdentifier(name)
        return Pipeline(
            name: name, jobName: jobName, specVersion: spec.version, createdBy: spec.createdBy, description: spec.description,
            providerName: provider.name, displayName: provider.displayName, providerType: provider.providerType, mode: provider.mode,
            authType: provider.authType, baseURL: provider.baseURL, tenantID: provider.tenantID, owner: provider.owner,
            flinkVersion: version, image: config.image ?? FlinkRelease.image(version), namespace: config.namespace,
            parallelism: provider.parallelism, taskSlots: config.taskSlots, taskManagerMemory: config.taskmanagerMemory,
            jobManagerMemory: config.jobmanagerMemory, checkpointIntervalMs: config.checkpointIntervalMs,
            checkpointTimeoutMs: config.checkpointTimeoutMs, checkpointDir: checkpointDir, savepointDir: savepointDir,
            stateTTLMs: config.stateTTLMs, maxOutOfOrdernessMs: config.maxOutOfOrdernessMs, upgradeMode: config.upgradeMode,
            processingDelayThresholdMs: config.processingDelayThresholdMs, errorRateThreshold: config.errorRateThreshold,
            checkpointFailureThreshold: config.checkpointFailureThreshold, sources: sources, sinks: sinks,
            sinkColumns: sinkColumns, secrets: secrets, flinkConfiguration: flinkConfiguration, rawFlinkKeys: rawKeys,
            artifacts: artifacts.map { (coordinate: $0.0, onMavenCentral: $0.1, usedBy: $0.2) }, connectorNotes: notes,
            javaPackage: packageName, specSHA256: specSHA256)
    }

    /// Why a value cannot be written to Flink 1.x's legacy `flink-conf.yaml`, which Flink reads line by
    /// line, cutting each line at the first `#` and trimming it; nil when it can.
    static func legacyConfigProblem(_ value: String) -> String? {
        if value.contains(where: { $0.isNewline }) { return "holds a line break, which Flink 1.20's flink-conf.yaml cannot hold" }
        if value.contains("#") { return "holds '#', where Flink 1.20's flink-conf.yaml reader cuts the line; choose Flink 2.x (flink_version) or drop the '#'" }
        if value != value.trimmingCharacters(in: .whitespaces) { return "starts or ends with a space, which Flink 1.20's flink-conf.yaml reader drops" }
        return nil
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

    mutating func chooseVersion(source: ConnectorInfo, sinks: [ConnectorInfo]) -> FlinkVersion? {
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
            return pinned
        }
        let constrained = unique.filter { !$0.supportedVersions.isEmpty }
        let common = FlinkVersion.allCases.filter { version in constrained.allSatisfy { $0.artifacts[version] != nil } }
        guard let newest = common.last else {
            error("the connectors this spec uses share no Flink version: \(listing()); change a sink or provider", "provider")
            return nil
        }
        return newest
    }

    // MARK: sources

    mutating func sourcePlan(_ endpoint: Endpoint, index: Int, connector: ConnectorInfo) -> SourcePlan? {
        let path = "provider.endpoints[\(index)]"
        let provider = spec.provider
        let config = provider.config
        let columns = EndpointColumns(endpoint)
        let id = SpecRules.normalisedIdentifier(endpoint.name)
        var schemaTypes: [String: FlinkType] = [:]
        for field in endpoint.schema where schemaTypes[field.name] == nil { schemaTypes[field.name] = field.type }

        // physical columns: the fields read
        var physical: [Column] = []
        var seen = Set<String>()
        for column in columns.columns where seen.insert(column.sourceField).inserted {
            physical.append(Column(name: column.sourceField, type: schemaTypes[column.sourceField] ?? .string))
        }
        var notes: [String] = []

        // no mapping and no schema: the whole message as one raw column (not for CDC, which needs columns)
        var rawPayload = false
        if physical.isEmpty {
            if connector.producesChangelog {
                error("a database endpoint needs a schema or a field_mapping: the captured table's columns", path)
                return nil
            }
            rawPayload = true
            physical = [Column(name: "payload", type: .string)]
            notes.append("no schema or field_mapping: each message is read whole into the column 'payload' (format raw)")
        }

        // primary key for CDC: `id`, else the first NOT NULL field, else the field the sinks key on
        var primaryKey: [String] = []
        if connector.producesChangelog {
            if let idField = physical.first(where: { $0.name == "id" }) { primaryKey = [idField.name] }
            else if let first = physical.first(where: { !$0.type.isNullable }) { primaryKey = [first.name] }
            else {
                let sinkKeys = provider.sinks.compactMap { $0.kafkaKeyField ?? $0.config.upsertKey?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } }
                if let key = sinkKeys.first, let column = columns.resolve(key) {
                    primaryKey = [column.sourceField]
                    notes.append("primary key: '\(column.sourceField)', the field the sinks key on (no 'id' or NOT NULL field in the schema)")
                }
            }
        }

        // event time
        let eventColumn = endpoint.eventTimeField ?? columns.column(named: "event_time")?.name
        var computed: (name: String, expression: String, type: FlinkType)?
        var watermark: (column: String, delayMs: Int)?
        var projections: [(column: String, expression: String, type: FlinkType)] = columns.columns.map {
            ($0.name, SQLText.identifier($0.sourceField), schemaTypes[$0.sourceField] ?? .string)
        }
        if rawPayload { projections = [("payload", SQLText.identifier("payload"), .string)] }
        if let eventColumn, let column = columns.column(named: eventColumn) {
            let raw = SQLText.identifier(column.sourceField)
            let physicalNames = Set(physical.map { $0.name.lowercased() })
            var computedName = column.name
            while physicalNames.contains(computedName.lowercased()) { computedName += "_rowtime" }
            switch column.type.timeKind {
            case let .timestamp(precision, local) where precision <= 3:
                _ = local
                watermark = (column.sourceField, config.maxOutOfOrdernessMs)
            case let .timestamp(_, local):
                let type = FlinkType.primitive(name: local ? "TIMESTAMP_LTZ" : "TIMESTAMP", parameters: [3], suffix: "", nullable: true)
                computed = (computedName, "CAST(\(raw) AS \(type.sql))", type)
            case .epochMillis:
                computed = (computedName, "TO_TIMESTAMP_LTZ(\(raw), 3)", .primitive(name: "TIMESTAMP_LTZ", parameters: [3], suffix: "", nullable: true))
                notes.append("event time: '\(column.sourceField)' read as epoch milliseconds")
            case .text:
                computed = (computedName, "TO_TIMESTAMP(\(raw))", .primitive(name: "TIMESTAMP", parameters: [3], suffix: "", nullable: true))
                notes.append("event time: '\(column.sourceField)' parsed as 'yyyy-MM-dd HH:mm:ss[.SSS]'; declare it BIGINT (epoch ms) or TIMESTAMP(3) in schema to change that")
            case .other:
                break
            }
            if let computed {
                watermark = (computed.name, config.maxOutOfOrdernessMs)
                if let i = projections.firstIndex(where: { $0.column == column.name }) {
                    projections[i] = (column.name, SQLText.identifier(computed.name), computed.type)
                }
            }
        }

        // options
        var options: [TableOption] = [TableOption("connector", connector.identifier)]
        let endpointPath = endpoint.path ?? ""
        switch provider.providerType {
        case .websocket, .webhook:
            let url = joinURL(provider.baseURL, endpointPath, endpoint.queryParams, path)
            options.append(TableOption("url", url))
            if provider.providerType == .webhook { options.append(TableOption("path", secretText(endpointPath.isEmpty ? "/" : endpointPath, path + ".path"))) }
            options.append(TableOption("format", rawPayload ? "raw" : "json"))
            if provider.authType != .none { options.append(TableOption("auth.type", provider.authType.rawValue)) }
            for header in endpoint.headers {
                options.append(TableOption("header." + header.key, secretText(header.value, SpecPath.child(path + ".headers", header.key))))
            }
            if provider.providerType == .websocket {
                // the seed's reconnect and heartbeat settings
                options += [TableOption("reconnect.max-attempts", "10"), TableOption("reconnect.initial-delay", "1000 ms"),
                            TableOption("reconnect.max-delay", "30000 ms"), TableOption("reconnect.backoff-multiplier", "2.0"),
                            TableOption("heartbeat.interval", "30000 ms"), TableOption("heartbeat.timeout", "10000 ms")]
            }
            if let rate = endpoint.rateLimitPerSecond, let option = connector.rateLimitOption {
                options.append(TableOption(option, String(rate)))
            }
        case .kafka:
            let brokers = String(provider.baseURL.dropFirst("kafka://".count))
            options += [TableOption("topic", endpointPath),
                        TableOption("properties.bootstrap.servers", secretText(brokers, "provider.base_url")),
                        TableOption("properties.group.id", "uis-\(spec.name)"),
                        TableOption("scan.startup.mode", "group-offsets"),
                        TableOption("properties.auto.offset.reset", "earliest"),
                        TableOption("format", rawPayload ? "raw" : "json")]
            if endpoint.rateLimitPerSecond != nil {
                notes.append("rate_limit_per_second \(endpoint.rateLimitPerSecond!): the Kafka connector has no rate-limit option; consumption is bounded by parallelism and backpressure")
            }
        case .database:
            guard let url = DatabaseURL(provider.baseURL) else { error("base_url is not a database URL", "provider.base_url"); return nil }
            let parts = endpointPath.split(separator: ".", maxSplits: 1).map(String.init)
            let table = parts.last ?? endpointPath
            guard let username = config.username else {
                error("a database provider needs provider.config.username (the CDC user)", "provider.config")
                return nil
            }
            if config.password == nil {
                warning("no provider.config.password: the CDC connector will connect without one; use a secret placeholder such as \"{{db_password}}\"", "provider.config")
            }
            options += [TableOption("hostname", secretText(url.host, "provider.base_url")), TableOption("port", String(url.port)),
                        TableOption("username", secretText(username, "provider.config.username"))]
            if let password = config.password { options.append(TableOption("password", secretText(password, "provider.config.password"))) }
            switch url.kind {
            case .postgres:
                let schema = parts.count == 2 ? parts[0] : "public"
                let slot = String(("uis_" + spec.name + "_" + id).lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.prefix(63))
                options += [TableOption("database-name", url.database), TableOption("schema-name", schema),
                            TableOption("table-name", table), TableOption("slot.name", slot),
                            TableOption("decoding.plugin.name", "pgoutput"), TableOption("scan.startup.mode", "initial")]
                if !primaryKey.isEmpty { options.append(TableOption("scan.incremental.snapshot.enabled", "true")) }
            case .mysql:
                let database = parts.count == 2 ? parts[0] : url.database
                let first = 5400 + index * max(provider.parallelism, 1)
                options += [TableOption("database-name", database), TableOption("table-name", table),
                            TableOption("server-id", "\(first)-\(first + max(provider.parallelism, 1) - 1)"),
                            TableOption("server-time-zone", "UTC"), TableOption("scan.startup.mode", "initial")]
                if primaryKey.isEmpty { options.append(TableOption("scan.incremental.snapshot.enabled", "false")) }
            }
            for pair in config.debeziumConfig {
                options.append(TableOption("debezium." + pair.key, secretText(pair.value, SpecPath.child("provider.config.debezium_config", pair.key))))
            }
            if endpoint.rateLimitPerSecond != nil {
                notes.append("rate_limit_per_second \(endpoint.rateLimitPerSecond!): the \(connector.identifier) connector has no rate-limit option")
            }
        }
        if let rate = endpoint.rateLimitPerSecond, connector.rateLimitOption == nil, provider.providerType == .websocket || provider.providerType == .webhook {
            notes.append("rate_limit_per_second \(rate): no rate-limit option on this connector")
        }
        options = merge(options, config.connectorOptions, "provider.config.connector_options")
        return SourcePlan(endpointName: endpoint.name, index: index, tableName: "src_" + id, connector: connector,
                          physicalColumns: physical, computedColumn: computed, watermark: watermark, primaryKey: primaryKey,
                          options: options, projections: projections, notes: notes)
    }

    /// `connector_options` replace generated options of the same key in place, others are appended.
    mutating func merge(_ options: [TableOption], _ extra: OrderedPairs, _ path: String) -> [TableOption] {
        var result = options
        for pair in extra {
            let value = secretText(pair.value, SpecPath.child(path, pair.key))
            if pair.key == "connector" {
                warning("connector_options cannot change 'connector'; use the connector setting instead", SpecPath.child(path, pair.key))
                continue
            }
            if let i = result.firstIndex(where: { $0.key == pair.key }) { result[i].value = value }
            else { result.append(TableOption(pair.key, value)) }
        }
        return result
    }

    mutating func joinURL(_ base: String, _ path: String, _ query: OrderedPairs, _ specPath: String) -> String {
        var url = secretText(base, "provider.base_url")
        let tail = secretText(path, specPath + ".path")
        if !tail.isEmpty {
            if url.hasSuffix("/") && tail.hasPrefix("/") { url.removeLast() }
            else if !url.hasSuffix("/") && !tail.hasPrefix("/") { url += "/" }
            url += tail
        }
        if !query.isEmpty {
            let encoded = query.map { pair in
                Self.percentEncode(pair.key) + "=" + encodeKeepingSecrets(pair.value, SpecPath.child(specPath + ".query_params", pair.key))
            }.joined(separator: "&")
            url += (url.contains("?") ? "&" : "?") + encoded
        }
        return url
    }

    mutating func encodeKeepingSecrets(_ value: String, _ path: String) -> String {
        var out = "", last = value.startIndex
        for span in SpecRules.placeholderSpans(in: value) {
            out += Self.percentEncode(String(value[last..<span.range.lowerBound]))
            out += secretText(String(value[span.range]), path)
            last = span.range.upperBound
        }
        return out + Self.percentEncode(String(value[last...]))
    }

    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let c = Character(UnicodeScalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "-._~".contains(c)) { out.append(c) }
            else { out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2) }
        }
        return out
    }

    // MARK: sinks

    mutating func sinkPlan(_ sink: Sink, index: Int, connector: ConnectorInfo, columns: [Column], sources: [SourcePlan], changelog: Bool) -> SinkPlan? {
        let path = "provider.sinks[\(index)]"
        let config = spec.provider.config
        let multi = sources.count > 1
        let endpointColumns = spec.provider.endpoints.map(EndpointColumns.init)

        /// The output column a key names (source field or column), for the first endpoint that has it.
        func resolveKey(_ key: String) -> String? {
            for columns in endpointColumns { if let c = columns.resolve(key) { return c.name } }
            return nil
        }
        /// The output column a changelog sink is keyed on: every CDC endpoint's primary key must map
        /// to it, because Flink can only upsert a changelog on its own key. Nil after an error.
        func changelogKey(requested: String?, _ keyPath: String, what: String) -> String? {
            var keyed: [(endpoint: String, column: String?)] = []
            for source in sources {
                let column = source.primaryKey.first.flatMap { pk in endpointColumns[source.index].columns.first { $0.sourceField == pk }?.name }
                keyed.append((source.endpointName, column))
            }
            if let missing = keyed.first(where: { $0.column == nil }) {
                error("\(what) is fed by a CDC source and must be keyed on the source's primary key, but endpoint '\(missing.endpoint)' has none in its output: give it an 'id' column or a NOT NULL schema field, and map it", keyPath)
                return nil
            }
            let columns = keyed.compactMap(\.column)
            if let requested, let wanted = resolveKey(requested) {
                if let other = keyed.first(where: { $0.column != wanted }) {
                    error("\(what) is fed by a CDC source, which can only be upserted on its primary key; '\(requested)' is not the key of endpoint '\(other.endpoint)' (its key is '\(other.column!)'). Key on the primary key, mapped to one column name in every endpoint", keyPath)
                    return nil
                }
                return wanted
            }
            if Set(columns).count > 1 {
                error("\(what) is fed by CDC endpoints whose primary keys map to different columns (\(keyed.map { "\($0.endpoint): \($0.column!)" }.joined(separator: ", "))); map every primary key to one column name so rows can be upserted on it", keyPath)
                return nil
            }
            return columns.first
        }
        func keyWithEndpoint(_ key: [String]) -> [String] { multi ? key + [SpecRules.endpointColumn] : key }

        var notes: [String] = []
        switch sink.type {
        case .kafka:
            let topic = sink.kafkaTopic ?? ""
            guard let brokersRaw = sink.config.bootstrapServers ?? config.kafkaBootstrapServers else { return nil }
            let brokers = secretText(brokersRaw, sink.config.bootstrapServers != nil ? path + ".config.bootstrap_servers" : "provider.config.kafka_bootstrap_servers")
            let format = sink.config.format
            var keyColumn = sink.kafkaKeyField.flatMap(resolveKey)
            var options: [TableOption] = [TableOption("connector", connector.identifier), TableOption("topic", topic),
                                          TableOption("properties.bootstrap.servers", brokers)]
            var primaryKey: [String] = []
            if changelog {
                keyColumn = changelogKey(requested: sink.kafkaKeyField, path + (sink.kafkaKeyField == nil ? "" : ".kafka_key_field"), what: "kafka sink '\(topic)'")
                guard let keyColumn else { return nil }
                primaryKey = keyWithEndpoint([keyColumn])
                options += [TableOption("key.format", format), TableOption("value.format", format)]
                notes.append("upsert-kafka: the CDC source emits updates and deletes, so this topic is keyed by \(primaryKey.joined(separator: ", ")) and deletes are tombstones")
            } else {
                options.append(TableOption("value.format", format))
                if let keyColumn {
                    options += [TableOption("key.format", format), TableOption("key.fields", keyColumn)]
                }
                options.append(TableOption("sink.partitioner", "default"))
            }
            if sink.config.transactional {
                let timeout = min(900_000, config.checkpointIntervalMs + config.checkpointTimeoutMs + 60_000)
                if timeout <= config.checkpointIntervalMs {
                    warning("exactly-once needs the Kafka transaction timeout above the checkpoint interval, but the brokers' default maximum (15 min) is below checkpoint_interval_ms \(config.checkpointIntervalMs); raise transaction.max.timeout.ms on the brokers and set properties.transaction.timeout.ms in connector_options", path + ".config.transactional")
                }
                options += [TableOption("sink.delivery-guarantee", "exactly-once"),
                            TableOption("sink.transactional-id-prefix", "uis-\(spec.name)-sink-\(index)"),
                            TableOption("properties.transaction.timeout.ms", String(timeout))]
                notes.append("exactly-once: consumers of '\(topic)' should read with isolation.level=read_committed (the Kafka default)")
            } else {
                options.append(TableOption("sink.delivery-guarantee", "at-least-once"))
            }
            options = merge(options, sink.config.connectorOptions, path + ".config.connector_options")
            let id = SpecRules.normalisedIdentifier(topic)
            return SinkPlan(index: index, kind: changelog ? .upsertKafka : .kafka, tableName: ["sink_\(index)_kafka_\(id)"], catalog: nil,
                            columns: columns, primaryKey: primaryKey, options: options, connector: connector,
                            title: "Kafka topic \(topic)", notes: notes)
        case .iceberg:
            let parts = (sink.icebergTable ?? "db.table").split(separator: ".").map(String.init)
            let catalogType = sink.config.catalogType ?? "rest"
            var catalogOptions = [TableOption("type", "iceberg"), TableOption("catalog-type", catalogType)]
            if let uri = sink.config.catalogURI { catalogOptions.append(TableOption("uri", secretText(uri, path + ".config.catalog_uri"))) }
            if let warehouse = sink.config.warehouse { catalogOptions.append(TableOption("warehouse", secretText(warehouse, path + ".config.warehouse"))) }
            let catalog = CatalogPlan(name: "uis_iceberg_\(index)", database: parts[0], options: catalogOptions)
            var primaryKey: [String] = []
            var options = [TableOption("format-version", "2")]
            if changelog {
                guard let key = changelogKey(requested: sink.config.upsertKey, path + ".config.upsert_key", what: "iceberg sink '\(sink.icebergTable ?? "")'") else { return nil }
                primaryKey = keyWithEndpoint([key])
            } else if let upsert = sink.config.upsertKey {
                var resolved: [String] = []
                for part in upsert.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    if let c = resolveKey(part) { resolved.append(c) }
                }
                primaryKey = keyWithEndpoint(resolved)
            }
            if !primaryKey.isEmpty {
                options.append(TableOption("write.upsert.enabled", "true"))
                notes.append("upsert on \(primaryKey.joined(separator: ", ")) (Iceberg format v2 equality deletes)")
            }
            options = merge(options, sink.config.connectorOptions, path + ".config.connector_options")
            notes.append("Iceberg commits on each successful checkpoint: data becomes visible every \(config.checkpointIntervalMs / 1000) s")
            return SinkPlan(index: index, kind: .iceberg, tableName: [catalog.name, parts[0], parts[1]], catalog: catalog,
                            columns: columns, primaryKey: primaryKey, options: options, connector: connector,
                            title: "Iceberg table \(parts[0]).\(parts[1]) (\(catalogType) catalog)", notes: notes)
        case .clickhouse:
            let parts = (sink.clickhouseTable ?? "db.table").split(separator: ".").map(String.init)
            var options: [TableOption] = [TableOption("connector", connector.identifier),
                                          TableOption("url", secretText(sink.config.url ?? "", path + ".config.url")),
                                          TableOption("database-name", parts[0]), TableOption("table-name", parts[1])]
            if let username = sink.config.username { options.append(TableOption("username", secretText(username, path + ".config.username"))) }
            if let password = sink.config.password { options.append(TableOption("password", secretText(password, path + ".config.password"))) }
            options += [TableOption("sink.batch-size", String(sink.config.batchSize ?? 1000)),
                        TableOption("sink.flush-interval", "1s"), TableOption("sink.max-retries", "3")]
            var primaryKey: [String] = []
            if changelog {
                guard let key = changelogKey(requested: nil, path, what: "clickhouse sink '\(sink.clickhouseTable ?? "")'") else { return nil }
                primaryKey = keyWithEndpoint([key])
                options += [TableOption("sink.update-strategy", "update"), TableOption("sink.ignore-delete", "false")]
            }
            options = merge(options, sink.config.connectorOptions, path + ".config.connector_options")
            let id = SpecRules.normalisedIdentifier(parts[0] + "_" + parts[1])
            return SinkPlan(index: index, kind: .clickhouse, tableName: ["sink_\(index)_clickhouse_\(id)"], catalog: nil,
                            columns: columns, primaryKey: primaryKey, options: options, connector: connector,
                            title: "ClickHouse table \(parts[0]).\(parts[1])", notes: notes)
        }
    }

    // MARK: raw keys

    mutating func checkRawKeys(version: FlinkVersion) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        for pair in spec.provider.config.rawFlinkKeys {
            let path = SpecPath.child("provider.config", pair.key)
            if !SpecRules.secretNames(in: pair.value).isEmpty {
                error("raw Flink key '\(pair.key)' holds a secret placeholder; Flink configuration cannot read secrets from the environment, set it in the connector options instead", path)
                continue
            }
            if FlinkConfigKeys.operatorForbidden.contains(pair.key) {
                error("'\(pair.key)' is set by the Flink Kubernetes Operator and may not be configured", path)
                continue
            }
            if let replacement = FlinkConfigKeys.inventedKeys[pair.key] {
                warning("'\(pair.key)' is not a Flink configuration key; it is left out. Use \(replacement)", path)
                continue
            }
            if !version.isTwoX, let problem = Self.legacyConfigProblem(pair.value) {
                error("the value of '\(pair.key)' \(problem)", path)
                continue
            }
            switch keys.lookup(pair.key, version: version) {
            case .known:
                result.append((pair.key, pair.value))
            case let .deprecated(canonical):
                if let canonical {
                    warning("'\(pair.key)' is a deprecated Flink key; it is written as '\(canonical)'", path)
                    result.append((canonical, pair.value))
                } else {
                    warning("'\(pair.key)' is a deprecated Flink key", path)
                    result.append((pair.key, pair.value))
                }
            case .unknown:
                var message = "'\(pair.key)' is not a configuration key of Flink \(version.rawValue); it is left out"
                if let near = keys.closest(to: pair.key, version: version) { message += ". Did you mean '\(near)'?" }
                warning(message, path)
            }
        }
        return result
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
