import UISCompiler
import UISSpec

/// The spec as uis-gen understood it: every field, defaults applied, in UIS-SPEC.md's order.
package enum NormalisedSpec {
    /// The spec as JSON (snake_case keys, as the spec file uses).
    package static func json(_ spec: Spec) -> JSONValue {
        let p = spec.provider
        let c = p.config
        func pairs(_ list: OrderedPairs) -> JSONValue { .strings(list.map { ($0.key, $0.value) }) }
        var config: [(String, JSONValue)] = [
            ("taskmanager_memory", .string(c.taskmanagerMemory)), ("jobmanager_memory", .string(c.jobmanagerMemory)),
            ("task_slots", .int(c.taskSlots)),
        ]
        if let v = c.kafkaBootstrapServers { config.append(("kafka_bootstrap_servers", .string(v))) }
        config += [("checkpoint_interval_ms", .int(c.checkpointIntervalMs)), ("checkpoint_timeout_ms", .int(c.checkpointTimeoutMs)),
                   ("checkpoint_dir", .string(c.checkpointDir ?? "s3://flink-checkpoints/\(spec.name)/")),
                   ("savepoint_dir", .string(c.savepointDir ?? "s3://flink-savepoints/\(spec.name)/")),
                   ("state_ttl_ms", .int(c.stateTTLMs)), ("max_out_of_orderness_ms", .int(c.maxOutOfOrdernessMs)),
                   ("processing_delay_threshold_ms", .int(c.processingDelayThresholdMs)), ("error_rate_threshold", .double(c.errorRateThreshold)),
                   ("checkpoint_failure_threshold", .int(c.checkpointFailureThreshold)), ("upgrade_mode", .string(c.upgradeMode.rawValue))]
        if let v = c.username { config.append(("username", .string(v))) }
        if let v = c.password { config.append(("password", .string(v))) }
        if !c.debeziumConfig.isEmpty { config.append(("debezium_config", pairs(c.debeziumConfig))) }
        if let v = c.connector { config.append(("connector", .string(v))) }
        if let v = c.connectorArtifact { config.append(("connector_artifact", .string(v))) }
        if !c.connectorOptions.isEmpty { config.append(("connector_options", pairs(c.connectorOptions))) }
        if let v = c.flinkVersion { config.append(("flink_version", .string(v.rawValue))) }
        if let v = c.image { config.append(("image", .string(v))) }
        config.append(("namespace", .string(c.namespace)))
        for raw in c.rawFlinkKeys { config.append((raw.key, .string(raw.value))) }

        let endpoints: [JSONValue] = p.endpoints.map { e in
            var fields: [(String, JSONValue)] = [("name", .string(e.name))]
            if let v = e.path { fields.append(("path", .string(v))) }
            if !e.queryParams.isEmpty { fields.append(("query_params", pairs(e.queryParams))) }
            if !e.headers.isEmpty { fields.append(("headers", pairs(e.headers))) }
            if !e.fieldMapping.isEmpty { fields.append(("field_mapping", pairs(e.fieldMapping))) }
            if let v = e.rateLimitPerSecond { fields.append(("rate_limit_per_second", .int(v))) }
            if !e.schema.isEmpty { fields.append(("schema", .array(e.schema.map { .object([("name", .string($0.name)), ("type", .string($0.type.sql))]) }))) }
            if let v = e.eventTimeField { fields.append(("event_time_field", .string(v))) }
            return .object(fields)
        }
        let sinks: [JSONValue] = p.sinks.map { s in
            var fields: [(String, JSONValue)] = [("type", .string(s.type.rawValue))]
            var config: [(String, JSONValue)] = []
            let sc = s.config
            switch s.type {
            case .kafka:
                fields.append(("kafka_topic", .string(s.kafkaTopic ?? "")))
                if let v = s.kafkaKeyField { fields.append(("kafka_key_field", .string(v))) }
                if let v = sc.bootstrapServers ?? c.kafkaBootstrapServers { config.append(("bootstrap_servers", .string(v))) }
                config += [("transactional", .bool(sc.transactional)), ("format", .string(sc.format))]
            case .iceberg:
                fields.append(("iceberg_table", .string(s.icebergTable ?? "")))
                config.append(("catalog_type", .string(sc.catalogType ?? "rest")))
                if let v = sc.catalogURI { config.append(("catalog_uri", .string(v))) }
                if let v = sc.warehouse { config.append(("warehouse", .string(v))) }
                if let v = sc.upsertKey { config.append(("upsert_key", .string(v))) }
            case .clickhouse:
                fields.append(("clickhouse_table", .string(s.clickhouseTable ?? "")))
                if let v = sc.url { config.append(("url", .string(v))) }
                if let v = sc.username { config.append(("username", .string(v))) }
                if let v = sc.password { config.append(("password", .string(v))) }
                if let v = sc.batchSize { config.append(("batch_size", .int(v))) }
                if let v = sc.connector { config.append(("connector", .string(v))) }
                if let v = sc.connectorArtifact { config.append(("connector_artifact", .string(v))) }
            }
            if !sc.connectorOptions.isEmpty { config.append(("connector_options", pairs(sc.connectorOptions))) }
            fields.append(("config", .object(config)))
            return .object(fields)
        }
        var provider: [(String, JSONValue)] = [("name", .string(p.name))]
        if let v = p.displayName { provider.append(("display_name", .string(v))) }
        provider += [("provider_type", .string(p.providerType.rawValue)), ("base_url", .string(p.baseURL)),
                     ("auth_type", .string(p.authType.rawValue)), ("config", .object(config))]
        if let v = p.tenantID { provider.append(("tenant_id", .string(v))) }
        if let v = p.owner { provider.append(("owner", .string(v))) }
        provider += [("mode", .string(p.mode.rawValue)), ("parallelism", .int(p.parallelism)),
                     ("endpoints", .array(endpoints)), ("sinks", .array(sinks))]
        var top: [(String, JSONValue)] = [("version", .string(spec.version)), ("name", .string(spec.name)), ("created_by", .string(spec.createdBy))]
        if let v = spec.description { top.append(("description", .string(v))) }
        top.append(("provider", .object(provider)))
        return .object(top)
    }
}
