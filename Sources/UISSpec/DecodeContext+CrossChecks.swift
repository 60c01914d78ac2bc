import Foundation

/// Checks that span endpoints and sinks.
extension DecodeContext {
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

    /// Names quoted for a message: unique, in order, at most twelve; `none` when empty.
    static func listed(_ names: [String]) -> String {
        var seen = Set<String>(), unique: [String] = []
        for name in names where seen.insert(name).inserted { unique.append(name) }
        if unique.isEmpty { return "none" }
        let shown = unique.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
        return unique.count > 12 ? shown + ", …" : shown
    }
}
