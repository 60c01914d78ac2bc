import UISSpec
import UISText

extension ResolveRun {
    // MARK: sources

    /// The source table of one endpoint: physical columns, output projections, event time, key and options; nil after an error.
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
        var projections: [Projection] = columns.columns.map {
            Projection(column: $0.name, sourceField: $0.sourceField, type: schemaTypes[$0.sourceField] ?? .string, readsEventTime: false)
        }
        if rawPayload { projections = [Projection(column: "payload", sourceField: "payload", type: .string, readsEventTime: false)] }
        let time = eventTime(endpoint, columns: columns, physical: physical, notes: &notes)
        if let computed = time.column, let i = projections.firstIndex(where: { $0.column == time.outputColumn }) {
            projections[i] = Projection(column: projections[i].column, sourceField: computed.sourceField, type: computed.type, readsEventTime: true)
        }

        guard var options = sourceOptions(endpoint, index: index, id: id, connector: connector, rawPayload: rawPayload,
                                          primaryKey: primaryKey, notes: &notes) else { return nil }
        options = merge(options, config.connectorOptions, "provider.config.connector_options")
        return SourcePlan(endpointName: endpoint.name, index: index, tableName: "src_" + id, connector: connector,
                          physicalColumns: physical, eventTime: time.column, watermark: time.watermark, primaryKey: primaryKey,
                          options: options, projections: projections, notes: notes)
    }

    /// The endpoint's event time: the computed column (when the raw field is not a TIMESTAMP(≤3)), the
    /// watermark, and the output column that carries it.
    func eventTime(_ endpoint: Endpoint, columns: EndpointColumns, physical: [Column], notes: inout [String])
        -> (column: EventTimeColumn?, watermark: Watermark?, outputColumn: String?) {
        let delay = spec.provider.config.maxOutOfOrdernessMs
        guard let eventColumn = endpoint.eventTimeField ?? columns.column(named: "event_time")?.name,
              let column = columns.column(named: eventColumn) else { return (nil, nil, nil) }
        let physicalNames = Set(physical.map { $0.name.lowercased() })
        var computedName = column.name
        while physicalNames.contains(computedName.lowercased()) { computedName += "_rowtime" }
        func computed(_ conversion: EventTimeConversion, local: Bool) -> EventTimeColumn {
            let type = FlinkType.primitive(name: local ? "TIMESTAMP_LTZ" : "TIMESTAMP", parameters: [3], suffix: "", nullable: true)
            return EventTimeColumn(name: computedName, sourceField: column.sourceField, conversion: conversion, type: type)
        }
        let result: EventTimeColumn
        switch column.type.timeKind {
        case let .timestamp(precision, _) where precision <= 3:
            return (nil, Watermark(column: column.sourceField, delayMs: delay), nil)
        case let .timestamp(_, local):
            result = computed(.castToMillis, local: local)
        case .epochMillis:
            result = computed(.epochMillis, local: true)
            notes.append("event time: '\(column.sourceField)' read as epoch milliseconds")
        case .text:
            result = computed(.text, local: false)
            notes.append("event time: '\(column.sourceField)' parsed as 'yyyy-MM-dd HH:mm:ss[.SSS]'; declare it BIGINT (epoch ms) or TIMESTAMP(3) in schema to change that")
        case .other:
            return (nil, nil, nil)
        }
        return (result, Watermark(column: result.name, delayMs: delay), column.name)
    }

    /// `provider.config.on_parse_error` as format options: `skip` drops records the JSON format cannot decode
    /// (`json.ignore-parse-errors`), `fail` (the default) fails the job on them. Raw payloads cannot fail to decode.
    func parseErrorOptions(rawPayload: Bool, notes: inout [String]) -> [TableOption] {
        guard !rawPayload else { return [] }
        switch effectiveParseErrorPolicy() {
        case .skip:
            notes.append("on_parse_error skip: records that are not valid JSON for these columns are dropped (json.ignore-parse-errors); Flink counts them nowhere")
        case .fail:
            notes.append("on_parse_error fail: a record that is not valid JSON for these columns fails the job, which then restarts on it (README: Poison records)")
        }
        return spec.provider.config.onParseError == .skip ? [TableOption("json.ignore-parse-errors", "true")] : []
    }

    /// What the sources do with a record they cannot decode: `connector_options` may set the format's
    /// `json.ignore-parse-errors` themselves, and replace the option `on_parse_error` writes.
    func effectiveParseErrorPolicy() -> ParseErrorPolicy {
        let config = spec.provider.config
        if let set = config.connectorOptions.first(where: { $0.key == "json.ignore-parse-errors" })?.value {
            return set.lowercased() == "true" ? .skip : .fail
        }
        return config.onParseError
    }

    /// The source table's connector options for the provider type (before `connector_options`); nil after an error.
    mutating func sourceOptions(_ endpoint: Endpoint, index: Int, id: String, connector: ConnectorInfo, rawPayload: Bool,
                                primaryKey: [String], notes: inout [String]) -> [TableOption]? {
        let path = "provider.endpoints[\(index)]"
        let provider = spec.provider
        let config = provider.config
        var options: [TableOption] = [TableOption("connector", connector.identifier)]
        let endpointPath = endpoint.path ?? ""
        switch provider.providerType {
        case .websocket, .webhook:
            let url = joinURL(provider.baseURL, endpointPath, endpoint.queryParams, path)
            options.append(TableOption("url", url))
            if provider.providerType == .webhook { options.append(TableOption("path", secretText(endpointPath.isEmpty ? "/" : endpointPath, path + ".path"))) }
            options.append(TableOption("format", rawPayload ? "raw" : "json"))
            options += parseErrorOptions(rawPayload: rawPayload, notes: &notes)
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
            options += parseErrorOptions(rawPayload: rawPayload, notes: &notes)
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
        return options
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

    /// `base_url` + the endpoint's path + its percent-encoded query parameters, secrets as `${…}` references.
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

    /// A query value percent-encoded, its `{{secret}}` placeholders kept as `${…}` references.
    mutating func encodeKeepingSecrets(_ value: String, _ path: String) -> String {
        var out = "", last = value.startIndex
        for span in SpecRules.placeholderSpans(in: value) {
            out += Self.percentEncode(String(value[last..<span.range.lowerBound]))
            out += secretText(String(value[span.range]), path)
            last = span.range.upperBound
        }
        return out + Self.percentEncode(String(value[last...]))
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters.
    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let c = Character(UnicodeScalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "-._~".contains(c)) { out.append(c) }
            else { out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2) }
        }
        return out
    }
}
