/// Decodes a `SpecNode` tree into a typed `Spec`, validating everything at once.
/// Every problem becomes a diagnostic with its spec path and file position; decoding goes on
/// after an error so one run reports them all.
public struct SpecDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// The result: a spec when there were no errors, and every diagnostic.
    public struct Output: Sendable {
        /// The typed spec; nil when there were errors.
        public var spec: Spec?
        /// Errors and warnings in file order of discovery.
        public var diagnostics: [Diagnostic]
    }

    /// Decodes and validates.
    public func decode(_ root: SpecNode) -> Output {
        let context = DecodeContext(file: root.location.file)
        let spec = context.decodeSpec(root)
        let diagnostics = context.bag.all
        return Output(spec: context.bag.hasErrors ? nil : spec, diagnostics: diagnostics)
    }
}

import Foundation

/// Mutable state of one decode: the diagnostics and the location table.
final class DecodeContext {
    let file: String
    var bag = DiagnosticBag()
    var locations: [String: SourceLocation] = [:]

    init(file: String) { self.file = file }

    // MARK: primitives

    func error(_ message: String, _ path: String, _ location: SourceLocation) {
        bag.error(message, path: path, at: location)
    }

    func warning(_ message: String, _ path: String, _ location: SourceLocation) {
        bag.warning(message, path: path, at: location)
    }

    /// A mapping reader that remembers which keys were read, to flag the rest.
    struct Fields {
        let node: SpecNode
        let path: String
        let entries: [SpecNode.Entry]
    }

    func mapping(_ node: SpecNode, _ path: String, what: String) -> Fields? {
        locations[path] = node.location
        guard let entries = node.entries else {
            error("\(what) must be a mapping, got \(node.typeDescription)", path, node.location)
            return nil
        }
        for entry in entries { locations[SpecPath.child(path, entry.key)] = entry.value.location }
        return Fields(node: node, path: path, entries: entries)
    }

    /// Warns about keys not in `known`, with a suggestion when one is close.
    func unknownKeys(_ fields: Fields, known: [String], extra: String = "") {
        for entry in fields.entries where !known.contains(entry.key) {
            let path = SpecPath.child(fields.path, entry.key)
            var message = "unknown key '\(entry.key)'"
            if let near = Suggest.closest(to: entry.key, in: known) { message += "; did you mean '\(near)'?" }
            else { message += extra.isEmpty ? "; it is ignored" : extra }
            warning(message, path, entry.keyLocation)
        }
    }

    func required(_ fields: Fields, _ key: String, what: String) -> SpecNode? {
        guard let value = fields.node[key] else {
            error("missing required field '\(key)' (\(what))", SpecPath.child(fields.path, key), fields.node.location)
            return nil
        }
        return value
    }

    /// Any non-null scalar as text (YAML users write `version: 1.1` and `task_slots: 4`).
    func text(_ node: SpecNode, _ path: String, what: String) -> String? {
        guard let (value, kind) = node.scalar, kind != .null else {
            error("\(what) must be a string, got \(node.typeDescription)", path, node.location)
            return nil
        }
        return value
    }

    func nonEmptyText(_ node: SpecNode, _ path: String, what: String) -> String? {
        guard let value = text(node, path, what: what) else { return nil }
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            error("\(what) must not be empty", path, node.location)
            return nil
        }
        return value
    }

    func optionalText(_ fields: Fields, _ key: String, what: String) -> String? {
        guard let node = fields.node[key] else { return nil }
        if node.scalar?.kind == .null { return nil }
        return text(node, SpecPath.child(fields.path, key), what: what)
    }

    func integer(_ node: SpecNode, _ path: String, what: String, range: ClosedRange<Int>? = nil, acceptNumericString: Bool = false) -> Int? {
        guard let (value, kind) = node.scalar else {
            error("\(what) must be an integer, got \(node.typeDescription)", path, node.location)
            return nil
        }
        var number: Int?
        if kind == .int { number = Int(value) ?? Int(value.replacingOccurrences(of: "_", with: "")) }
        else if kind == .string, acceptNumericString { number = Int(value.trimmingCharacters(in: .whitespaces)) }
        else if kind == .float, let d = Double(value), d.rounded() == d, abs(d) < 1e15 { number = Int(d) }
        guard let number else {
            let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
            let digits = value.trimmingCharacters(in: .whitespaces).drop { $0 == "-" || $0 == "+" }
            let integral = !digits.isEmpty && digits.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "_") }
            // YAML resolves an integer literal too large for Int as a float; it is still an integer.
            if kind == .int || (integral && (kind == .float || (kind == .string && acceptNumericString))) {
                let expected = range.map { "; expected an integer between \($0.lowerBound) and \($0.upperBound)" } ?? ""
                error("\(what) \(shown) is too large\(expected)", path, node.location)
            } else {
                error("\(what) must be an integer, got \(node.typeDescription) '\(shown)'", path, node.location)
            }
            return nil
        }
        if let range, !range.contains(number) {
            error("\(what) must be between \(range.lowerBound) and \(range.upperBound), got \(number)", path, node.location)
            return nil
        }
        return number
    }

    func boolean(_ node: SpecNode, _ path: String, what: String) -> Bool? {
        if let (value, kind) = node.scalar {
            if kind == .bool { return value.lowercased() == "true" }
            if kind == .string, ["true", "false"].contains(value.lowercased()) { return value.lowercased() == "true" }
        }
        error("\(what) must be true or false, got \(node.typeDescription)", path, node.location)
        return nil
    }

    func enumValue<E: RawRepresentable & CaseIterable>(_ node: SpecNode, _ path: String, what: String, as: E.Type) -> E? where E.RawValue == String {
        guard let value = text(node, path, what: what) else { return nil }
        if let found = E(rawValue: value) { return found }
        let allowed = E.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        var message = "unknown \(what) '\(value)'; expected one of \(allowed)"
        if let near = Suggest.closest(to: value, in: E.allCases.map(\.rawValue)) { message += " (did you mean '\(near)'?)" }
        error(message, path, node.location)
        return nil
    }

    /// A mapping of scalars to strings, in order.
    func stringMap(_ node: SpecNode, _ path: String, what: String, secretsAllowed: Bool = true) -> OrderedPairs {
        guard let fields = mapping(node, path, what: what) else { return OrderedPairs() }
        var pairs: [OrderedPairs.Pair] = []
        for entry in fields.entries {
            let childPath = SpecPath.child(path, entry.key)
            guard let (value, kind) = entry.value.scalar else {
                error("the value of '\(entry.key)' in \(what) must be a string, got \(entry.value.typeDescription)", childPath, entry.value.location)
                continue
            }
            if secretsAllowed { checkPlaceholders(value, childPath, entry.value.location) }
            checkNoRunnerReference(entry.key, childPath, entry.value.location, what: "the key")
            pairs.append(.init(key: entry.key, value: kind == .null ? "" : value))
        }
        return OrderedPairs(pairs)
    }

    /// Text written into the SQL as it is (a source field, a table option key, the endpoint name) must not
    /// hold a `${NAME}` the SQL runner would replace with an environment variable.
    func checkNoRunnerReference(_ value: String, _ path: String, _ location: SourceLocation, what: String) {
        if let reference = SpecRules.runnerReference(in: value) {
            error("\(what) '\(value)' holds '\(reference)', which the generated job reads as an environment variable reference; write it without '${'", path, location)
        }
    }

    /// A source field becomes a back-quoted Flink SQL column name, which may hold any character but a line
    /// break (Flink's lexer ends a back-quoted identifier at CR or LF; there is no escape for them).
    func checkColumnText(_ value: String, _ path: String, _ location: SourceLocation, what: String) {
        if value.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
            error("\(what) '\(value)' holds a line break, which a Flink SQL column name cannot hold", path, location)
        }
    }

    func checkPlaceholders(_ value: String, _ path: String, _ location: SourceLocation) {
        for placeholder in SpecRules.placeholders(in: value) where !placeholder.valid {
            error("'{{\(placeholder.name)}}' is not a valid secret placeholder; a secret is written {{name}} with a name of letters, digits, '_', '.' or '-'", path, location)
        }
    }

    // MARK: spec

    func decodeSpec(_ root: SpecNode) -> Spec? {
        // at most one location per node: sized once instead of rehashed as it grows (large specs)
        locations.reserveCapacity(root.nodeCount)
        locations[""] = root.location
        guard let top = mapping(root, "", what: "the spec") else { return nil }
        unknownKeys(top, known: ["version", "name", "created_by", "description", "provider", "$schema"])

        var version: String?
        if let node = required(top, "version", what: "the spec version, \"1.1\"") {
            if let value = text(node, "version", what: "version") {
                if SpecRules.versions.contains(value) { version = value }
                else { error("unsupported spec version '\(value)'; expected \"1.1\" (or \"1.0\")", "version", node.location) }
            }
        }
        var name: String?
        if let node = required(top, "name", what: "the pipeline name, a lowercase DNS-1123 label") {
            if let value = text(node, "name", what: "name") {
                if SpecRules.isValidName(value) { name = value }
                else if value.count > SpecRules.maxNameLength {
                    error("name '\(value.prefix(60))' is \(value.count) characters; at most \(SpecRules.maxNameLength) so derived Kubernetes names stay under 63", "name", node.location)
                } else {
                    error("name '\(value)' is not a lowercase DNS-1123 label: use a-z, 0-9 and '-', starting and ending with a letter or digit (e.g. 'realtime-analytics')", "name", node.location)
                }
            }
        }
        var createdBy: String?
        if let node = required(top, "created_by", what: "the author") {
            createdBy = nonEmptyText(node, "created_by", what: "created_by")
        }
        let description = optionalText(top, "description", what: "description")
        var provider: Provider?
        if let node = required(top, "provider", what: "the source, its endpoints and sinks") {
            provider = decodeProvider(node, pipelineName: name ?? "pipeline")
        }
        guard let version, let name, let createdBy, let provider else { return nil }
        return Spec(version: version, name: name, createdBy: createdBy, description: description,
                    provider: provider, locations: locations, file: file)
    }

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

    static func isHostPort(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":") else { return false }
        let host = text[..<colon], port = text[text.index(after: colon)...]
        guard !host.isEmpty, let p = Int(port), (1...65535).contains(p) else { return false }
        return host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._[]:".contains($0)) } || host.hasPrefix("{{")
    }

    func decodeProviderConfig(_ node: SpecNode, pipelineName: String) -> ProviderConfig {
        let path = "provider.config"
        var config = ProviderConfig()
        guard let fields = mapping(node, path, what: "provider.config") else { return config }
        let known = ["taskmanager_memory", "jobmanager_memory", "task_slots", "kafka_bootstrap_servers",
                     "checkpoint_interval_ms", "checkpoint_timeout_ms", "checkpoint_dir", "savepoint_dir", "state_ttl_ms",
                     "max_out_of_orderness_ms", "processing_delay_threshold_ms", "error_rate_threshold",
                     "checkpoint_failure_threshold", "upgrade_mode", "username", "password", "debezium_config",
                     "connector", "connector_artifact", "connector_options", "flink_version", "image", "namespace"]
        var raw: [OrderedPairs.Pair] = []
        for entry in fields.entries {
            let key = entry.key
            let p = SpecPath.child(path, key)
            let v = entry.value
            if v.scalar?.kind == .null { continue }
            switch key {
            case "taskmanager_memory", "jobmanager_memory":
                guard let s = text(v, p, what: key) else { continue }
                if !SpecRules.isMemorySize(s) { error("\(key) '\(s)' is not a memory size; expected a number with a unit such as \"8g\" or \"2048m\"", p, v.location); continue }
                if key == "taskmanager_memory" { config.taskmanagerMemory = s } else { config.jobmanagerMemory = s }
            case "task_slots":
                if let n = integer(v, p, what: key, range: SpecRules.taskSlotsRange, acceptNumericString: true) { config.taskSlots = n }
            case "kafka_bootstrap_servers":
                config.kafkaBootstrapServers = nonEmptyText(v, p, what: key)
                if let s = config.kafkaBootstrapServers { checkBrokers(s, p, v.location) }
            case "checkpoint_interval_ms":
                if let n = integer(v, p, what: key, range: SpecRules.checkpointMillisRange, acceptNumericString: true) { config.checkpointIntervalMs = n }
            case "checkpoint_timeout_ms":
                if let n = integer(v, p, what: key, range: SpecRules.checkpointMillisRange, acceptNumericString: true) { config.checkpointTimeoutMs = n }
            case "state_ttl_ms":
                if let n = integer(v, p, what: key, range: SpecRules.stateTTLRange, acceptNumericString: true) { config.stateTTLMs = n }
            case "max_out_of_orderness_ms":
                if let n = integer(v, p, what: key, range: SpecRules.outOfOrdernessRange, acceptNumericString: true) { config.maxOutOfOrdernessMs = n }
            case "processing_delay_threshold_ms":
                if let n = integer(v, p, what: key, range: SpecRules.delayThresholdRange, acceptNumericString: true) { config.processingDelayThresholdMs = n }
            case "checkpoint_failure_threshold":
                if let n = integer(v, p, what: key, range: SpecRules.checkpointFailureRange, acceptNumericString: true) { config.checkpointFailureThreshold = n }
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

    func checkBrokers(_ text: String, _ path: String, _ location: SourceLocation) {
        for broker in text.split(separator: ",", omittingEmptySubsequences: false) {
            let b = broker.trimmingCharacters(in: .whitespaces)
            if !Self.isHostPort(b) && SpecRules.secretNames(in: b).isEmpty {
                error("broker '\(b)' is not host:port; expected a comma-separated list such as \"kafka-1:9092,kafka-2:9092\"", path, location)
            }
        }
    }

    func decodeEndpoint(_ node: SpecNode, _ path: String, providerType: ProviderType?) -> Endpoint? {
        guard let fields = mapping(node, path, what: "an endpoint") else { return nil }
        unknownKeys(fields, known: ["name", "path", "query_params", "headers", "field_mapping", "rate_limit_per_second", "schema", "event_time_field"])
        var name: String?
        if let n = required(fields, "name", what: "the stream name") {
            name = nonEmptyText(n, SpecPath.child(path, "name"), what: "endpoint name")
            if let value = name, SpecRules.normalisedIdentifier(value).allSatisfy({ $0 == "_" }) {
                error("endpoint name '\(value)' has no letter or digit; it must become an SQL identifier", SpecPath.child(path, "name"), n.location)
                name = nil
            }
            if let value = name { checkNoRunnerReference(value, SpecPath.child(path, "name"), n.location, what: "endpoint name") }
        }
        var endpointPath: String?
        if let n = fields.node["path"], n.scalar?.kind != .null {
            let p = SpecPath.child(path, "path")
            endpointPath = text(n, p, what: "path")
            if let value = endpointPath, let providerType {
                switch providerType {
                case .kafka:
                    if !SpecRules.isValidTopic(value) {
                        error("path '\(value)' is the Kafka topic of this endpoint and holds characters Kafka forbids; a topic uses [a-zA-Z0-9._-], at most 249 characters", p, n.location)
                    }
                case .database:
                    let parts = value.split(separator: ".", omittingEmptySubsequences: false)
                    if parts.count > 2 || parts.contains(where: { $0.isEmpty || !SpecRules.isIdentifier(String($0)) && !$0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" } } ) {
                        error("path '\(value)' must name the captured table as schema.table or table", p, n.location)
                    }
                case .websocket, .webhook:
                    checkPlaceholders(value, p, n.location)
                    if value.contains(where: { $0.isWhitespace }) { error("path '\(value)' is a URL path and must not contain spaces", p, n.location) }
                }
            }
        } else if let providerType, providerType == .kafka || providerType == .database {
            error("missing required field 'path' (\(providerType == .kafka ? "the Kafka topic to read" : "the table to capture, schema.table")) for a \(providerType.rawValue) provider", SpecPath.child(path, "path"), node.location)
        }
        var query = OrderedPairs(), headers = OrderedPairs(), mapping = OrderedPairs()
        if let n = fields.node["query_params"], n.scalar?.kind != .null { query = stringMap(n, SpecPath.child(path, "query_params"), what: "query_params") }
        if let n = fields.node["headers"], n.scalar?.kind != .null {
            headers = stringMap(n, SpecPath.child(path, "headers"), what: "headers")
            for header in headers {
                let lower = header.value.lowercased()
                // a value with any placeholder, even an invalid one (already an error), is not a literal credential
                let literal = SpecRules.placeholders(in: header.value).isEmpty
                let looksLive = (lower.hasPrefix("bearer ") || lower.hasPrefix("basic ") || lower.hasPrefix("token ")) && literal
                let sensitiveName = ["x-api-key", "api-key", "apikey", "x-auth-token"].contains(header.key.lowercased())
                if looksLive || (sensitiveName && !header.value.isEmpty && literal) {
                    let p = SpecPath.child(SpecPath.child(path, "headers"), header.key)
                    warning("header '\(header.key)' holds what looks like a live credential; it would be written into the bundle. Use a secret placeholder such as \"Bearer {{token}}\"", p, locations[p] ?? node.location)
                }
            }
        }
        if let n = fields.node["field_mapping"], n.scalar?.kind != .null {
            let p = SpecPath.child(path, "field_mapping")
            mapping = stringMap(n, p, what: "field_mapping", secretsAllowed: false)
            var used: [String: String] = [:]
            for pair in mapping {
                let pp = SpecPath.child(p, pair.key)
                let loc = locations[pp] ?? n.location
                checkColumnText(pair.key, pp, loc, what: "source field")
                if !SpecRules.isIdentifier(pair.value) {
                    error("output column '\(pair.value)' (mapped from '\(pair.key)') is not an identifier; expected [A-Za-z_][A-Za-z0-9_]*", pp, loc)
                } else if let other = used[pair.value.lowercased()] {
                    error("output column '\(pair.value)' is used twice in field_mapping (also for '\(other)'); each output column must be unique", pp, loc)
                } else if pair.value.lowercased() == SpecRules.endpointColumn {
                    error("output column '\(pair.value)' is reserved: every sink gets a column '\(SpecRules.endpointColumn)' naming the endpoint", pp, loc)
                } else { used[pair.value.lowercased()] = pair.key }
            }
        }
        var rate: Int?
        if let n = fields.node["rate_limit_per_second"], n.scalar?.kind != .null {
            let p = SpecPath.child(path, "rate_limit_per_second")
            if let value = integer(n, p, what: "rate_limit_per_second") {
                if value <= 0 { error("rate_limit_per_second must be greater than 0, got \(value)", p, n.location) } else { rate = value }
            }
        }
        var schema: [SchemaField] = []
        if let n = fields.node["schema"], n.scalar?.kind != .null {
            schema = decodeSchema(n, SpecPath.child(path, "schema"))
        }
        var eventTime: String?
        if let n = fields.node["event_time_field"], n.scalar?.kind != .null {
            eventTime = nonEmptyText(n, SpecPath.child(path, "event_time_field"), what: "event_time_field")
        }
        guard let name else { return nil }
        let endpoint = Endpoint(name: name, path: endpointPath, queryParams: query, headers: headers, fieldMapping: mapping,
                                rateLimitPerSecond: rate, schema: schema, eventTimeField: eventTime)
        if let eventTime, let n = fields.node["event_time_field"] {
            let columns = EndpointColumns(endpoint)
            if let column = columns.column(named: eventTime) {
                if column.type.timeKind == .other {
                    error("event_time_field '\(eventTime)' has type \(column.type.sql), which cannot carry event time; use TIMESTAMP(3), TIMESTAMP_LTZ(3), BIGINT epoch milliseconds or a STRING", SpecPath.child(path, "event_time_field"), n.location)
                }
            } else {
                error("event_time_field '\(eventTime)' is not an output column of this endpoint; expected one of \(columns.columns.map { "'\($0.name)'" }.joined(separator: ", "))", SpecPath.child(path, "event_time_field"), n.location)
            }
        }
        return endpoint
    }

    func decodeSchema(_ node: SpecNode, _ path: String) -> [SchemaField] {
        locations[path] = node.location
        guard let items = node.items else {
            error("schema must be a list of {name, type} entries, got \(node.typeDescription)", path, node.location)
            return []
        }
        var result: [SchemaField] = []
        var seen = Set<String>()
        for (index, item) in items.enumerated() {
            let p = SpecPath.index(path, index)
            guard let fields = mapping(item, p, what: "a schema entry") else { continue }
            unknownKeys(fields, known: ["name", "type"])
            var name: String?, type: FlinkType?
            if let n = required(fields, "name", what: "the source field name") {
                name = text(n, SpecPath.child(p, "name"), what: "schema field name")
                if let value = name, value.isEmpty { error("schema field name must not be empty", SpecPath.child(p, "name"), n.location); name = nil }
                if let value = name { checkNoRunnerReference(value, SpecPath.child(p, "name"), n.location, what: "schema field name") }
                if let value = name { checkColumnText(value, SpecPath.child(p, "name"), n.location, what: "schema field name") }
                if let value = name, !seen.insert(value).inserted {
                    error("schema lists field '\(value)' twice", SpecPath.child(p, "name"), n.location); name = nil
                }
            }
            if let n = required(fields, "type", what: "a Flink SQL type such as STRING, BIGINT or TIMESTAMP(3)") {
                if let value = text(n, SpecPath.child(p, "type"), what: "schema type") {
                    switch FlinkType.parse(value) {
                    case let .success(parsed): type = parsed
                    case let .failure(failure):
                        error("type '\(value)' is not a valid Flink SQL type: \(failure.message)", SpecPath.child(p, "type"), n.location)
                    }
                }
            }
            if let name, let type { result.append(SchemaField(name: name, type: type)) }
        }
        return result
    }

    func decodeSink(_ node: SpecNode, _ path: String, config: ProviderConfig) -> Sink? {
        guard let fields = mapping(node, path, what: "a sink") else { return nil }
        guard let typeNode = required(fields, "type", what: "one of kafka, iceberg, clickhouse"),
              let type = enumValue(typeNode, SpecPath.child(path, "type"), what: "sink type", as: SinkType.self) else { return nil }
        var sink = Sink(type: type, config: SinkConfig())
        let ownKeys: [SinkType: [String]] = [.kafka: ["kafka_topic", "kafka_key_field"], .iceberg: ["iceberg_table"], .clickhouse: ["clickhouse_table"]]
        let allOwn = ownKeys.values.flatMap { $0 }
        for entry in fields.entries where entry.key != "type" && entry.key != "config" {
            if ownKeys[type]!.contains(entry.key) { continue }
            let p = SpecPath.child(path, entry.key)
            if allOwn.contains(entry.key) {
                warning("'\(entry.key)' does not apply to a \(type.rawValue) sink; it is ignored", p, entry.keyLocation)
            } else {
                var message = "unknown key '\(entry.key)'"
                if let near = Suggest.closest(to: entry.key, in: ownKeys[type]! + ["type", "config"]) { message += "; did you mean '\(near)'?" } else { message += "; it is ignored" }
                warning(message, p, entry.keyLocation)
            }
        }
        func requiredText(_ key: String, _ what: String) -> (String, SourceLocation)? {
            guard let n = required(fields, key, what: what), let s = nonEmptyText(n, SpecPath.child(path, key), what: key) else { return nil }
            return (s, n.location)
        }
        var ok = true
        switch type {
        case .kafka:
            if let (topic, loc) = requiredText("kafka_topic", "the Kafka topic to write") {
                if SpecRules.isValidTopic(topic) { sink.kafkaTopic = topic }
                else { ok = false; error("kafka_topic '\(topic)' holds characters Kafka forbids or is too long; a topic uses [a-zA-Z0-9._-], at most 249 characters, and is not '.' or '..'", SpecPath.child(path, "kafka_topic"), loc) }
            } else { ok = false }
            sink.kafkaKeyField = optionalText(fields, "kafka_key_field", what: "kafka_key_field")
        case .iceberg:
            if let (table, loc) = requiredText("iceberg_table", "the Iceberg table, db.table") {
                if Self.isDbTable(table) { sink.icebergTable = table }
                else { ok = false; error("iceberg_table '\(table)' must be db.table", SpecPath.child(path, "iceberg_table"), loc) }
            } else { ok = false }
        case .clickhouse:
            if let (table, loc) = requiredText("clickhouse_table", "the ClickHouse table, db.table") {
                if Self.isDbTable(table) { sink.clickhouseTable = table }
                else { ok = false; error("clickhouse_table '\(table)' must be db.table", SpecPath.child(path, "clickhouse_table"), loc) }
            } else { ok = false }
        }
        if let n = fields.node["config"], n.scalar?.kind != .null {
            guard let sinkConfig = decodeSinkConfig(n, SpecPath.child(path, "config"), type: type) else { return nil }
            sink.config = sinkConfig
        }
        // each sink's own required settings
        let configPath = SpecPath.child(path, "config")
        let configLocation = fields.node["config"]?.location ?? node.location
        switch type {
        case .kafka:
            if sink.config.bootstrapServers == nil && config.kafkaBootstrapServers == nil {
                ok = false
                error("a kafka sink needs brokers: set config.bootstrap_servers here or provider.config.kafka_bootstrap_servers", SpecPath.child(configPath, "bootstrap_servers"), configLocation)
            }
        case .iceberg:
            let catalog = sink.config.catalogType ?? "rest"
            if (catalog == "rest" || catalog == "hive") && sink.config.catalogURI == nil {
                ok = false
                error("an iceberg sink with a \(catalog) catalog needs config.catalog_uri (\(catalog == "rest" ? "the REST catalog URL" : "the Hive metastore thrift:// URI"))", SpecPath.child(configPath, "catalog_uri"), configLocation)
            }
            if catalog == "hadoop" && sink.config.warehouse == nil {
                ok = false
                error("an iceberg sink with a hadoop catalog needs config.warehouse (e.g. s3://bucket/warehouse)", SpecPath.child(configPath, "warehouse"), configLocation)
            }
        case .clickhouse:
            if sink.config.url == nil {
                ok = false
                error("a clickhouse sink needs config.url, e.g. jdbc:clickhouse://clickhouse:8123", SpecPath.child(configPath, "url"), configLocation)
            }
        }
        return ok ? sink : nil
    }

    static func isDbTable(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        // ASCII, as the JSON Schema's pattern ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ says
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") } }
    }

    func decodeSinkConfig(_ node: SpecNode, _ path: String, type: SinkType) -> SinkConfig? {
        var config = SinkConfig()
        guard let fields = mapping(node, path, what: "a sink's config") else { return nil }
        let keys: [SinkType: [String]] = [
            .kafka: ["bootstrap_servers", "transactional", "format", "connector_options"],
            .iceberg: ["catalog_type", "catalog_uri", "warehouse", "upsert_key", "connector_options"],
            .clickhouse: ["url", "username", "password", "batch_size", "connector", "connector_artifact", "connector_options"],
        ]
        for entry in fields.entries {
            let p = SpecPath.child(path, entry.key)
            let v = entry.value
            guard keys[type]!.contains(entry.key) else {
                var message = "unknown key '\(entry.key)' for a \(type.rawValue) sink's config"
                if let near = Suggest.closest(to: entry.key, in: keys[type]!) { message += "; did you mean '\(near)'?" } else { message += "; expected one of \(keys[type]!.joined(separator: ", "))" }
                warning(message, p, entry.keyLocation)
                continue
            }
            if v.scalar?.kind == .null { continue }
            switch entry.key {
            case "bootstrap_servers":
                config.bootstrapServers = nonEmptyText(v, p, what: "bootstrap_servers")
                if let s = config.bootstrapServers { checkBrokers(s, p, v.location) }
            case "transactional":
                config.transactional = boolean(v, p, what: "transactional") ?? false
            case "format":
                if let s = text(v, p, what: "format") {
                    if SpecRules.kafkaFormats.contains(s) { config.format = s }
                    else { error("unknown format '\(s)'; expected one of 'json', 'avro'", p, v.location) }
                }
            case "catalog_type":
                if let s = text(v, p, what: "catalog_type") {
                    if SpecRules.icebergCatalogTypes.contains(s) { config.catalogType = s }
                    else { error("unknown catalog_type '\(s)'; expected one of 'rest', 'hive', 'hadoop'", p, v.location) }
                }
            case "catalog_uri":
                config.catalogURI = nonEmptyText(v, p, what: "catalog_uri")
                if let s = config.catalogURI { checkPlaceholders(s, p, v.location) }
            case "warehouse":
                config.warehouse = nonEmptyText(v, p, what: "warehouse")
            case "upsert_key":
                config.upsertKey = nonEmptyText(v, p, what: "upsert_key")
            case "url":
                if let s = nonEmptyText(v, p, what: "url") {
                    let lower = s.lowercased()
                    if lower.hasPrefix("jdbc:clickhouse:") || lower.hasPrefix("jdbc:ch:") || lower.hasPrefix("clickhouse://") || lower.hasPrefix("http://") || lower.hasPrefix("https://") {
                        config.url = s
                        checkPlaceholders(s, p, v.location)
                    } else { error("url '\(s)' must be a ClickHouse JDBC URL such as jdbc:clickhouse://clickhouse:8123", p, v.location) }
                }
            case "username":
                config.username = text(v, p, what: "username")
            case "password":
                config.password = text(v, p, what: "password")
                if let s = config.password {
                    checkPlaceholders(s, p, v.location)
                    if !s.isEmpty, SpecRules.secretNames(in: s).isEmpty {
                        warning("password holds a literal value that would be written into the bundle; use a secret placeholder such as \"{{clickhouse_password}}\"", p, v.location)
                    }
                }
            case "batch_size":
                config.batchSize = integer(v, p, what: "batch_size", range: SpecRules.batchSizeRange, acceptNumericString: true)
            case "connector":
                if let s = nonEmptyText(v, p, what: "connector") {
                    if !SpecRules.isConnectorIdentifier(s) { error("connector '\(s)' must be a plain connector identifier: letters, digits, '.', '_' and '-'", p, v.location) } else { config.connector = s }
                }
            case "connector_artifact":
                if let s = nonEmptyText(v, p, what: "connector_artifact") {
                    if MavenCoordinate(s) == nil { error("connector_artifact '\(s)' must be Maven coordinates group:artifact:version", p, v.location) } else { config.connectorArtifact = s }
                }
            case "connector_options":
                config.connectorOptions = stringMap(v, p, what: "connector_options")
            default: break
            }
        }
        return config
    }

    /// Checks across endpoints and sinks: key fields, fan-out column types, upsert keys.
    func crossChecks(endpoints: [Endpoint], sinks: [Sink], providerType: ProviderType, config: ProviderConfig) {
        let columnsByEndpoint = endpoints.map(EndpointColumns.init)
        // one name, one type across endpoints
        var firstSeen: [String: (endpoint: String, type: FlinkType, index: Int)] = [:]
        for (index, columns) in columnsByEndpoint.enumerated() {
            for column in columns.columns {
                let key = column.name.lowercased()
                if let first = firstSeen[key] {
                    // a column repeated within one endpoint is reported by field_mapping's own check
                    if first.index != index, first.type.asNullable != column.type.asNullable {
                        let endpointPath = SpecPath.index("provider.endpoints", index)
                        let p: String
                        if !endpoints[index].fieldMapping.isEmpty {
                            p = SpecPath.child(SpecPath.child(endpointPath, "field_mapping"), column.sourceField)
                        } else if let at = endpoints[index].schema.firstIndex(where: { $0.name == column.sourceField }) {
                            p = SpecPath.index(SpecPath.child(endpointPath, "schema"), at)
                        } else {
                            p = SpecPath.child(endpointPath, "schema")
                        }
                        error("column '\(column.name)' is \(column.type.sql) in endpoint '\(endpoints[index].name)' but \(first.type.sql) in endpoint '\(first.endpoint)'; every sink gets both endpoints' rows, so one column name must have one type", p, locations[p] ?? locations[endpointPath] ?? SourceLocation(file: file, line: 1, column: 1))
                    }
                } else {
                    firstSeen[key] = (endpoints[index].name, column.type, index)
                }
            }
        }
        for (index, sink) in sinks.enumerated() {
            let sinkPath = SpecPath.index("provider.sinks", index)
            if let key = sink.kafkaKeyField {
                let p = SpecPath.child(sinkPath, "kafka_key_field")
                if columnsByEndpoint.allSatisfy({ $0.resolve(key) == nil }) {
                    let columns = Self.listed(columnsByEndpoint.flatMap { $0.columns.map(\.name) })
                    let sources = Self.listed(columnsByEndpoint.flatMap { $0.columns.map(\.sourceField) })
                    error("kafka_key_field '\(key)' names neither a source field (\(sources)) nor an output column (\(columns))", p, locations[p] ?? SourceLocation(file: file, line: 1, column: 1))
                }
            }
            if let key = sink.config.upsertKey {
                let p = SpecPath.child(SpecPath.child(sinkPath, "config"), "upsert_key")
                for part in key.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where columnsByEndpoint.allSatisfy({ $0.resolve(part) == nil }) {
                    error("upsert_key column '\(part)' names neither a source field nor an output column of any endpoint", p, locations[p] ?? SourceLocation(file: file, line: 1, column: 1))
                }
            }
        }
    }

    static func listed(_ names: [String]) -> String {
        var seen = Set<String>(), unique: [String] = []
        for name in names where seen.insert(name).inserted { unique.append(name) }
        if unique.isEmpty { return "none" }
        let shown = unique.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
        return unique.count > 12 ? shown + ", …" : shown
    }
}
