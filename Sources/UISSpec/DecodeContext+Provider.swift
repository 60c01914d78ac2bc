import Foundation

/// `provider`: its own fields, its base URL and `provider.config`.
extension DecodeContext {
    /// `provider` with its endpoints and sinks, then the checks across them; nil when a required field is missing or wrong.
    func decodeProvider(_ node: SpecNode, pipelineName: String) -> Provider? {
        let path = "provider"
        guard let fields = mapping(node, path, what: "provider") else { return nil }
        unknownKeys(fields, known: ["name", "display_name", "provider_type", "base_url", "auth_type", "config",
                                    "tenant_id", "owner", "mode", "parallelism", "endpoints", "sinks"])
        var name: String?
        if let n = required(fields, "name", what: "the provider id") { name = nonEmptyText(n, "provider.name", what: "provider.name") }
        let displayName = optionalText(fields, "display_name", what: "display_name")
        var type: ProviderType?
        if let n = required(fields, "provider_type", what: "one of websocket, webhook, kafka, database") {
            type = enumValue(n, "provider.provider_type", what: "provider_type", as: ProviderType.self)
        }
        var baseURL: String?
        if let n = required(fields, "base_url", what: "where the source is") {
            baseURL = nonEmptyText(n, "provider.base_url", what: "base_url")
            if let url = baseURL, let type { checkBaseURL(url, type: type, location: n.location) }
            if let url = baseURL { checkPlaceholders(url, "provider.base_url", n.location) }
        }
        var authType = AuthType.none
        if let n = fields.node["auth_type"], n.scalar?.kind != .null {
            authType = enumValue(n, "provider.auth_type", what: "auth_type", as: AuthType.self) ?? .none
        }
        var config = ProviderConfig()
        if let n = fields.node["config"], n.scalar?.kind != .null {
            config = decodeProviderConfig(n, pipelineName: pipelineName)
        }
        let tenant = optionalText(fields, "tenant_id", what: "tenant_id")
        let owner = optionalText(fields, "owner", what: "owner")
        var mode = type.map(IngestionMode.default(for:)) ?? .streaming
        if let n = fields.node["mode"], n.scalar?.kind != .null,
           let value = enumValue(n, "provider.mode", what: "mode", as: IngestionMode.self) {
            mode = value
            if let type, value != IngestionMode.default(for: type) {
                warning("mode '\(value.rawValue)' does not match provider_type '\(type.rawValue)', whose mode is '\(IngestionMode.default(for: type).rawValue)'; the provider type decides the connector", "provider.mode", n.location)
            }
        }
        var parallelism = 1
        if let n = fields.node["parallelism"], n.scalar?.kind != .null {
            parallelism = integer(n, "provider.parallelism", what: "parallelism", range: SpecRules.parallelismRange) ?? 1
        }
        var endpoints: [Endpoint] = []
        if let n = required(fields, "endpoints", what: "a list of at least one endpoint") {
            locations["provider.endpoints"] = n.location
            if let items = n.items {
                if items.isEmpty { error("endpoints must list at least one endpoint", "provider.endpoints", n.location) }
                var seen: [String: Int] = [:]
                for (index, item) in items.enumerated() {
                    let itemPath = SpecPath.index("provider.endpoints", index)
                    guard let endpoint = decodeEndpoint(item, itemPath, providerType: type) else { continue }
                    let id = SpecRules.normalisedIdentifier(endpoint.name)
                    if let first = seen[id] {
                        let same = endpoint.name == (items[first]["name"]?.scalar?.text ?? "")
                        error(same ? "duplicate endpoint name '\(endpoint.name)'; endpoints[\(first)] has it already, names must be unique"
                                   : "endpoint name '\(endpoint.name)' becomes the SQL identifier '\(id)', as endpoints[\(first)]'s name does; names must be unique after normalisation",
                              SpecPath.child(itemPath, "name"), locations[SpecPath.child(itemPath, "name")] ?? item.location)
                    } else { seen[id] = index }
                    endpoints.append(endpoint)
                }
            } else {
                error("endpoints must be a list, got \(n.typeDescription)", "provider.endpoints", n.location)
            }
        }
        var sinks: [Sink] = []
        if let n = required(fields, "sinks", what: "a list of at least one sink") {
            locations["provider.sinks"] = n.location
            if let items = n.items {
                if items.isEmpty { error("sinks must list at least one sink", "provider.sinks", n.location) }
                for (index, item) in items.enumerated() {
                    if let sink = decodeSink(item, SpecPath.index("provider.sinks", index), config: config) { sinks.append(sink) }
                }
            } else {
                error("sinks must be a list, got \(n.typeDescription)", "provider.sinks", n.location)
            }
        }
        if let type, !endpoints.isEmpty {
            crossChecks(endpoints: endpoints, sinks: sinks, providerType: type, config: config)
        }
        guard let name, let type, let baseURL else { return nil }
        return Provider(name: name, displayName: displayName, providerType: type, baseURL: baseURL, authType: authType,
                        config: config, tenantID: tenant, owner: owner, mode: mode, parallelism: parallelism,
                        endpoints: endpoints, sinks: sinks)
    }

    /// An error when `base_url` does not have the form the provider type needs.
    func checkBaseURL(_ url: String, type: ProviderType, location: SourceLocation) {
        let path = "provider.base_url"
        let lower = url.lowercased()
        switch type {
        case .websocket:
            if !(lower.hasPrefix("wss://") || lower.hasPrefix("ws://")) {
                error("base_url '\(url)' of a websocket provider must start with wss:// (or ws://)", path, location)
            }
        case .webhook:
            if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) {
                error("base_url '\(url)' of a webhook provider must start with https:// (or http://)", path, location)
            }
        case .kafka:
            guard lower.hasPrefix("kafka://") else {
                error("base_url '\(url)' of a kafka provider must be kafka://host:port[,host2:port]", path, location)
                return
            }
            let brokers = url.dropFirst("kafka://".count).split(separator: ",", omittingEmptySubsequences: false)
            for broker in brokers where !Self.isHostPort(String(broker)) {
                error("broker '\(broker)' in base_url is not host:port; expected kafka://host:9092[,host2:9092]", path, location)
            }
        case .database:
            guard let parsed = DatabaseURL(url) else {
                error("base_url '\(url)' of a database provider must be postgres://host:5432/db or mysql://host:3306/db", path, location)
                return
            }
            _ = parsed
        }
    }

    /// True for `host:port` with a port from 1 to 65535 (or a host that is a secret placeholder).
    static func isHostPort(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":") else { return false }
        let host = text[..<colon], port = text[text.index(after: colon)...]
        guard !host.isEmpty, let p = Int(port), (1...65535).contains(p) else { return false }
        return host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._[]:".contains($0)) } || host.hasPrefix("{{")
    }

    /// The integer options of `provider.config`, each with its accepted range and the field it sets
    /// (a numeric string counts; a bad value is an error and leaves the default).
    static let integerOptions: [(key: String, range: ClosedRange<Int>, field: WritableKeyPath<ProviderConfig, Int> & Sendable)] = [
        ("task_slots", SpecRules.taskSlotsRange, \.taskSlots),
        ("checkpoint_interval_ms", SpecRules.checkpointMillisRange, \.checkpointIntervalMs),
        ("checkpoint_timeout_ms", SpecRules.checkpointMillisRange, \.checkpointTimeoutMs),
        ("state_ttl_ms", SpecRules.stateTTLRange, \.stateTTLMs),
        ("max_out_of_orderness_ms", SpecRules.outOfOrdernessRange, \.maxOutOfOrdernessMs),
        ("processing_delay_threshold_ms", SpecRules.delayThresholdRange, \.processingDelayThresholdMs),
        ("checkpoint_failure_threshold", SpecRules.checkpointFailureRange, \.checkpointFailureThreshold),
    ]

    /// `provider.config`: every known key typed and checked, dotted keys kept as raw Flink keys, the defaults for the rest.
    func decodeProviderConfig(_ node: SpecNode, pipelineName: String) -> ProviderConfig {
        let path = "provider.config"
        var config = ProviderConfig()
        guard let fields = mapping(node, path, what: "provider.config") else { return config }
        let known = ["taskmanager_memory", "jobmanager_memory", "task_slots", "kafka_bootstrap_servers",
                     "checkpoint_interval_ms", "checkpoint_timeout_ms", "checkpoint_dir", "savepoint_dir", "state_ttl_ms",
                     "max_out_of_orderness_ms", "processing_delay_threshold_ms", "error_rate_threshold",
                     "checkpoint_failure_threshold", "upgrade_mode", "on_parse_error", "username", "password", "debezium_config",
                     "connector", "connector_artifact", "connector_options", "flink_version", "image", "namespace"]
        var raw: [OrderedPairs.Pair] = []
        for entry in fields.entries {
            let key = entry.key
            let p = SpecPath.child(path, key)
            let v = entry.value
            if v.scalar?.kind == .null { continue }
            if let option = Self.integerOptions.first(where: { $0.key == key }) {
                if let n = integer(v, p, what: key, range: option.range, acceptNumericString: true) { config[keyPath: option.field] = n }
                continue
            }
            switch key {
            case "taskmanager_memory", "jobmanager_memory":
                guard let s = text(v, p, what: key) else { continue }
                if !SpecRules.isMemorySize(s) { error("\(key) '\(s)' is not a memory size; expected a number with a unit such as \"8g\" or \"2048m\"", p, v.location); continue }
                if key == "taskmanager_memory" { config.taskmanagerMemory = s } else { config.jobmanagerMemory = s }
            case "kafka_bootstrap_servers":
                config.kafkaBootstrapServers = nonEmptyText(v, p, what: key)
                if let s = config.kafkaBootstrapServers { checkBrokers(s, p, v.location) }
            case "error_rate_threshold":
                guard let (s, kind) = v.scalar, kind == .float || kind == .int || kind == .string, let d = Double(s), d.isFinite else {
                    error("error_rate_threshold must be a number between 0 and 1, got \(v.typeDescription)", p, v.location); continue
                }
                if !(0...1).contains(d) { error("error_rate_threshold must be between 0 and 1, got \(s)", p, v.location); continue }
                config.errorRateThreshold = d
            case "checkpoint_dir", "savepoint_dir":
                guard let s = nonEmptyText(v, p, what: key) else { continue }
                if !s.contains("://") || s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }) { error("\(key) '\(s)' must be a URI with a scheme and no line breaks or control characters, such as s3://bucket/path/ or file:///data/", p, v.location); continue }
                if key == "checkpoint_dir" { config.checkpointDir = s } else { config.savepointDir = s }
            case "upgrade_mode":
                if let m = enumValue(v, p, what: key, as: UpgradeMode.self) { config.upgradeMode = m }
            case "on_parse_error":
                if let policy = enumValue(v, p, what: key, as: ParseErrorPolicy.self) { config.onParseError = policy }
            case "username":
                config.username = text(v, p, what: key)
                if let s = config.username { checkPlaceholders(s, p, v.location) }
            case "password":
                config.password = text(v, p, what: key)
                if let s = config.password {
                    checkPlaceholders(s, p, v.location)
                    if !s.isEmpty, SpecRules.secretNames(in: s).isEmpty {
                        warning("password holds a literal value that would be written into the bundle; use a secret placeholder such as \"{{db_password}}\"", p, v.location)
                    }
                }
            case "debezium_config":
                config.debeziumConfig = stringMap(v, p, what: key)
            case "connector_options":
                config.connectorOptions = stringMap(v, p, what: key)
            case "connector":
                if let s = nonEmptyText(v, p, what: key) {
                    if !SpecRules.isConnectorIdentifier(s) { error("connector '\(s)' must be a plain connector identifier: letters, digits, '.', '_' and '-'", p, v.location) } else { config.connector = s }
                }
            case "connector_artifact":
                if let s = nonEmptyText(v, p, what: key) {
                    if MavenCoordinate(s) == nil { error("connector_artifact '\(s)' must be Maven coordinates group:artifact:version", p, v.location) } else { config.connectorArtifact = s }
                }
            case "flink_version":
                if let s = text(v, p, what: key) {
                    if let version = FlinkVersion(rawValue: s) { config.flinkVersion = version }
                    else { error("flink_version '\(s)' is not supported; expected one of \(FlinkVersion.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))", p, v.location) }
                }
            case "image":
                if let s = nonEmptyText(v, p, what: key) {
                    if s.contains(where: { $0.isWhitespace }) { error("image '\(s)' must be an image reference without spaces", p, v.location) } else { config.image = s }
                }
            case "namespace":
                if let s = text(v, p, what: key) {
                    if SpecRules.isDNSLabel(s, maxLength: SpecRules.maxNamespaceLength) { config.namespace = s }
                    else { error("namespace '\(s)' is not a Kubernetes namespace name; expected a lowercase DNS-1123 label (a-z, 0-9 and '-', starting and ending with a letter or digit, at most \(SpecRules.maxNamespaceLength) characters)", p, v.location) }
                }
            default:
                if key.contains(".") {
                    guard let (s, _) = v.scalar else {
                        error("the raw Flink key '\(key)' must have a scalar value, got \(v.typeDescription)", p, v.location); continue
                    }
                    checkPlaceholders(s, p, v.location)
                    raw.append(.init(key: key, value: s))
                } else {
                    var message = "unknown config key '\(key)'"
                    if let near = Suggest.closest(to: key, in: known) { message += "; did you mean '\(near)'?" }
                    else { message += "; it is ignored (raw Flink keys contain a dot, e.g. 'pipeline.operator-chaining.enabled')" }
                    warning(message, p, entry.keyLocation)
                }
            }
        }
        config.rawFlinkKeys = OrderedPairs(raw)
        if config.checkpointTimeoutMs < config.checkpointIntervalMs / 100 {
            warning("checkpoint_timeout_ms \(config.checkpointTimeoutMs) is far below checkpoint_interval_ms \(config.checkpointIntervalMs)", SpecPath.child(path, "checkpoint_timeout_ms"), locations[SpecPath.child(path, "checkpoint_timeout_ms")] ?? node.location)
        }
        return config
    }

    /// An error for each broker in a comma-separated list that is neither `host:port` nor a secret placeholder.
    func checkBrokers(_ text: String, _ path: String, _ location: SourceLocation) {
        for broker in text.split(separator: ",", omittingEmptySubsequences: false) {
            let b = broker.trimmingCharacters(in: .whitespaces)
            if !Self.isHostPort(b) && SpecRules.secretNames(in: b).isEmpty {
                error("broker '\(b)' is not host:port; expected a comma-separated list such as \"kafka-1:9092,kafka-2:9092\"", path, location)
            }
        }
    }
}
