import Foundation

/// `provider.sinks[]`: one sink and its config.
extension DecodeContext {
    /// One sink, its type's own keys and required settings checked; nil when any is missing or wrong.
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

    /// True for `db.table` (ASCII letters, digits, `_` and `-` on each side).
    static func isDbTable(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        // ASCII, as the JSON Schema's pattern ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ says
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") } }
    }

    /// A sink's `config`, with the keys its type takes; nil when it is not a mapping.
    func decodeSinkConfig(_ node: SpecNode, _ path: String, type: SinkType) -> SinkConfig? {
        var config = SinkConfig()
        guard let fields = mapping(node, path, what: "a sink's config") else { return nil }
        let keys: [SinkType: [String]] = [
            .kafka: ["bootstrap_servers", "transactional", "transaction_timeout_ms", "format", "connector_options"],
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
            case "transaction_timeout_ms":
                config.transactionTimeoutMs = integer(v, p, what: "transaction_timeout_ms", range: SpecRules.transactionTimeoutRange, acceptNumericString: true)
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
}
