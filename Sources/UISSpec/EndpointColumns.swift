/// The output columns of one endpoint, computed from its mapping and schema.
package struct EndpointColumns: Sendable {
    /// One output column.
    package struct Column: Sendable, Hashable {
        /// The output column name (an identifier).
        package var name: String
        /// The source field it reads (any characters).
        package var sourceField: String
        /// Its type: the schema's, or STRING.
        package var type: FlinkType
    }

    /// Output columns in order.
    package var columns: [Column]

    /// Computes the columns: with a mapping, its values in order; without, every schema field.
    package init(_ endpoint: Endpoint) {
        var types: [String: FlinkType] = [:]
        for field in endpoint.schema where types[field.name] == nil { types[field.name] = field.type }
        if endpoint.fieldMapping.isEmpty {
            columns = endpoint.schema.map { Column(name: $0.name, sourceField: $0.name, type: $0.type) }
        } else {
            columns = endpoint.fieldMapping.map { Column(name: $0.value, sourceField: $0.key, type: types[$0.key] ?? .string) }
        }
    }

    /// The column an output name refers to.
    package func column(named name: String) -> Column? { columns.first { $0.name == name } }

    /// The output column a key names: an output column first, else a source field's mapped column.
    package func resolve(_ key: String) -> Column? {
        column(named: key) ?? columns.first { $0.sourceField == key }
    }
}
