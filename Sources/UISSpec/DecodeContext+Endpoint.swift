import Foundation

/// `provider.endpoints[]`: one endpoint and its schema.
extension DecodeContext {
    /// One endpoint; nil when it is not a mapping or its name is missing or wrong.
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

    /// An endpoint's schema: the valid fields, in order.
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
}
