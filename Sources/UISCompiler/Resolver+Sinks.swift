import UISSpec

extension ResolveRun {
    // MARK: sinks

    /// The sink table of spec sink `index`, by sink type; nil after an error.
    mutating func sinkPlan(_ sink: Sink, index: Int, connector: ConnectorInfo, columns: [Column], keys: SinkKeys, changelog: Bool) -> SinkPlan? {
        let sources = keys.sources
        var plan: SinkPlan?
        switch sink.type {
        case .kafka: plan = kafkaSinkPlan(sink, index: index, connector: connector, columns: columns, keys: keys, changelog: changelog)
        case .iceberg: plan = icebergSinkPlan(sink, index: index, connector: connector, columns: columns, keys: keys, changelog: changelog)
        case .clickhouse: plan = clickhouseSinkPlan(sink, index: index, connector: connector, columns: columns, keys: keys, changelog: changelog)
        }
        if changelog && sources.count > 1, let key = plan?.primaryKey, !key.isEmpty {
            // the one INSERT unions several changelogs: Flink cannot derive a key through UNION ALL
            plan?.notes.append("the CDC endpoints reach this sink through one UNION ALL, so Flink keeps the latest row per \(key.joined(separator: ", ")) in state before the sink (sink upsert materializer, bounded by table.exec.state.ttl)")
        }
        return plan
    }

    /// A Kafka topic: append-only `kafka`, or `upsert-kafka` keyed on the CDC key.
    mutating func kafkaSinkPlan(_ sink: Sink, index: Int, connector: ConnectorInfo, columns: [Column], keys: SinkKeys, changelog: Bool) -> SinkPlan? {
        let path = "provider.sinks[\(index)]"
        let config = spec.provider.config
        var notes: [String] = []
        let topic = sink.kafkaTopic ?? ""
        guard let brokersRaw = sink.config.bootstrapServers ?? config.kafkaBootstrapServers else { return nil }
        let brokers = secretText(brokersRaw, sink.config.bootstrapServers != nil ? path + ".config.bootstrap_servers" : "provider.config.kafka_bootstrap_servers")
        let format = sink.config.format
        var keyColumn = sink.kafkaKeyField.flatMap(keys.resolve)
        var options: [TableOption] = [TableOption("connector", connector.identifier), TableOption("topic", topic),
                                      TableOption("properties.bootstrap.servers", brokers)]
        var primaryKey: [String] = []
        if changelog {
            keyColumn = changelogKey(keys, requested: sink.kafkaKeyField, path + (sink.kafkaKeyField == nil ? "" : ".kafka_key_field"), what: "kafka sink '\(topic)'")
            guard let keyColumn else { return nil }
            primaryKey = keys.withEndpoint([keyColumn])
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
            // a transaction stays open from one checkpoint until the next completes, then until it is committed;
            // a broker aborts it after the timeout, and the committer then drops the data silently
            let timeout = sink.config.transactionTimeoutMs ?? SpecRules.defaultTransactionTimeoutMs
            let timeoutPath = path + (sink.config.transactionTimeoutMs == nil ? ".config.transactional" : ".config.transaction_timeout_ms")
            let needed = config.checkpointIntervalMs + config.checkpointTimeoutMs
            if timeout <= needed {
                error("the Kafka transaction timeout (\(timeout) ms) must exceed checkpoint_interval_ms + checkpoint_timeout_ms (\(needed) ms), or the brokers abort transactions before they are committed and their records are lost; set config.transaction_timeout_ms above \(needed) (and transaction.max.timeout.ms on the brokers at least as high) or checkpoint more often", timeoutPath)
            } else if timeout > SpecRules.defaultTransactionTimeoutMs {
                warning("transaction_timeout_ms \(timeout) is above the brokers' default transaction.max.timeout.ms (900000): raise it on every broker, or the job fails to start its producers", timeoutPath)
            }
            options += [TableOption("sink.delivery-guarantee", "exactly-once"),
                        TableOption("sink.transactional-id-prefix", "uis-\(spec.name)-sink-\(index)"),
                        TableOption("properties.transaction.timeout.ms", String(timeout))]
            notes.append("exactly-once: records become visible at each checkpoint; consumers of '\(topic)' must set isolation.level=read_committed (the Kafka consumer default, read_uncommitted, also shows records of aborted transactions)")
            notes.append("brokers: transaction.max.timeout.ms >= \(timeout) (the producers' transaction.timeout.ms), and transaction.state.log.replication.factor / min.isr as for any production topic")
        } else {
            options.append(TableOption("sink.delivery-guarantee", "at-least-once"))
        }
        options = merge(options, sink.config.connectorOptions, path + ".config.connector_options")
        let id = SpecRules.normalisedIdentifier(topic)
        return SinkPlan(index: index, kind: changelog ? .upsertKafka : .kafka, tableName: ["sink_\(index)_kafka_\(id)"], catalog: nil,
                        columns: columns, primaryKey: primaryKey, options: options, connector: connector,
                        title: "Kafka topic \(topic)", notes: notes)
    }

    /// An Iceberg table in its catalog, upserted on a key when there is one.
    mutating func icebergSinkPlan(_ sink: Sink, index: Int, connector: ConnectorInfo, columns: [Column], keys: SinkKeys, changelog: Bool) -> SinkPlan? {
        let path = "provider.sinks[\(index)]"
        let config = spec.provider.config
        var notes: [String] = []
        let parts = (sink.icebergTable ?? "db.table").split(separator: ".").map(String.init)
        let catalogType = sink.config.catalogType ?? "rest"
        if catalogType == "hadoop", let warehouse = sink.config.warehouse, let scheme = FileSystemPlugins.scheme(of: warehouse),
           !["file", "hdfs"].contains(scheme) {
            warning("a hadoop catalog on \(scheme):// commits by renaming a metadata file, which an object store does not do atomically: two concurrent commits can both succeed and one of them is lost; use catalog_type rest or hive", path + ".config.catalog_type")
        }
        var catalogOptions = [TableOption("type", "iceberg"), TableOption("catalog-type", catalogType)]
        if let uri = sink.config.catalogURI { catalogOptions.append(TableOption("uri", secretText(uri, path + ".config.catalog_uri"))) }
        if let warehouse = sink.config.warehouse { catalogOptions.append(TableOption("warehouse", secretText(warehouse, path + ".config.warehouse"))) }
        let catalog = CatalogPlan(name: "uis_iceberg_\(index)", database: parts[0], options: catalogOptions)
        var primaryKey: [String] = []
        var options = [TableOption("format-version", "2")]
        if changelog {
            guard let key = changelogKey(keys, requested: sink.config.upsertKey, path + ".config.upsert_key", what: "iceberg sink '\(sink.icebergTable ?? "")'") else { return nil }
            primaryKey = keys.withEndpoint([key])
        } else if let upsert = sink.config.upsertKey {
            var resolved: [String] = []
            for part in upsert.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if let c = keys.resolve(part) { resolved.append(c) }
            }
            primaryKey = keys.withEndpoint(resolved)
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
    }

    /// A ClickHouse table.
    mutating func clickhouseSinkPlan(_ sink: Sink, index: Int, connector: ConnectorInfo, columns: [Column], keys: SinkKeys, changelog: Bool) -> SinkPlan? {
        let path = "provider.sinks[\(index)]"
        let config = spec.provider.config
        var notes: [String] = []
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
            guard let key = changelogKey(keys, requested: nil, path, what: "clickhouse sink '\(sink.clickhouseTable ?? "")'") else { return nil }
            primaryKey = keys.withEndpoint([key])
            options += [TableOption("sink.update-strategy", "update"), TableOption("sink.ignore-delete", "false")]
        }
        options = merge(options, sink.config.connectorOptions, path + ".config.connector_options")
        let id = SpecRules.normalisedIdentifier(parts[0] + "_" + parts[1])
        return SinkPlan(index: index, kind: .clickhouse, tableName: ["sink_\(index)_clickhouse_\(id)"], catalog: nil,
                        columns: columns, primaryKey: primaryKey, options: options, connector: connector,
                        title: "ClickHouse table \(parts[0]).\(parts[1])", notes: notes)
    }

    /// The output column a changelog sink is keyed on: every CDC endpoint's primary key must map
    /// to it, because Flink can only upsert a changelog on its own key. Nil after an error.
    mutating func changelogKey(_ keys: SinkKeys, requested: String?, _ keyPath: String, what: String) -> String? {
        var keyed: [(endpoint: String, column: String?)] = []
        for source in keys.sources {
            let column = source.primaryKey.first.flatMap { pk in keys.endpointColumns[source.index].columns.first { $0.sourceField == pk }?.name }
            keyed.append((source.endpointName, column))
        }
        if let missing = keyed.first(where: { $0.column == nil }) {
            error("\(what) is fed by a CDC source and must be keyed on the source's primary key, but endpoint '\(missing.endpoint)' has none in its output: give it an 'id' column or a NOT NULL schema field, and map it", keyPath)
            return nil
        }
        let columns = keyed.compactMap(\.column)
        if let requested, let wanted = keys.resolve(requested) {
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
}

/// What a sink's key is resolved against: every endpoint's output columns and the source plans.
struct SinkKeys {
    /// Each endpoint's output columns, in spec order.
    let endpointColumns: [EndpointColumns]
    /// The source plans.
    let sources: [SourcePlan]

    /// The keys of `spec`'s endpoints and the source plans resolved from them.
    init(spec: Spec, sources: [SourcePlan]) {
        endpointColumns = spec.provider.endpoints.map(EndpointColumns.init)
        self.sources = sources
    }

    /// The output column a key names (source field or column), for the first endpoint that has it.
    func resolve(_ key: String) -> String? {
        for columns in endpointColumns { if let c = columns.resolve(key) { return c.name } }
        return nil
    }

    /// The key plus `uis_endpoint` when several endpoints write the sink (their keys may collide).
    func withEndpoint(_ key: [String]) -> [String] { sources.count > 1 ? key + [SpecRules.endpointColumn] : key }
}
