/// The output columns of one endpoint, computed from its mapping and schema.
public struct EndpointColumns: Sendable {
    /// One output column.
    public struct Column: Sendable, Hashable {
        /// The output column name (an identifier).
        public var name: String
        /// The source field it reads (any characters).
        public var sourceField: String
        /// Its type: the schema's, or STRING.
        public var type: FlinkType
    }

    /// Output columns in order.
    public var columns: [Column]

    /// Computes the columns: with a mapping, its values in order; without, every schema field.
    public init(_ endpoint: Endpoint) {
        var types: [String: FlinkType] = [:]
        for field in endpoint.schema where types[field.name] == nil { types[field.name] = field.type }
        if endpoint.fieldMapping.isEmpty {
            columns = endpoint.schema.map { Column(name: $0.name, sourceField: $0.name, type: $0.type) }
        } else {
            columns = endpoint.fieldMapping.map { Column(name: $0.value, sourceField: $0.key, type: types[$0.key] ?? .string) }
        }
    }

    /// The column an output name refers to.
    public func column(named name: String) -> Column? { columns.first { $0.name == name } }

    /// The output column a key names: an output column first, else a source field's mapped column.
    public func resolve(_ key: String) -> Column? {
        column(named: key) ?? columns.first { $0.sourceField == key }
    }
}
