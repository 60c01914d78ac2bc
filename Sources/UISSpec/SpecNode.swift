/// A node of a loaded spec file: the value plus where it stands in the file.
/// Mappings keep the order the file gives their keys.
public struct SpecNode: Sendable {
    /// What a node holds.
    public indirect enum Value: Sendable {
        /// A scalar; `kind` is what the YAML core schema (or JSON) resolves it to.
        case scalar(String, ScalarKind)
        /// A mapping, keys in file order.
        case mapping([Entry])
        /// A sequence.
        case sequence([SpecNode])
    }

    /// The resolved type of a scalar.
    public enum ScalarKind: String, Sendable {
        /// A string, an integer, a floating-point number, a boolean or null.
        case string, int, float, bool, null
    }

    /// One key/value pair of a mapping.
    public struct Entry: Sendable {
        /// The key as text.
        public var key: String
        /// Where the key stands.
        public var keyLocation: SourceLocation
        /// The value.
        public var value: SpecNode

        /// Creates an entry.
        public init(key: String, keyLocation: SourceLocation, value: SpecNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    /// The value.
    public var value: Value
    /// Where the value starts.
    public var location: SourceLocation

    /// Creates a node.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    /// A short name of the node's type for messages: `a string`, `a mapping`, …
    public var typeDescription: String {
        switch value {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case let .scalar(_, kind):
            switch kind {
            case .string: return "a string"
            case .int: return "an integer"
            case .float: return "a number"
            case .bool: return "a boolean"
            case .null: return "null"
            }
        }
    }

    /// The number of nodes: this one and all below it.
    public var nodeCount: Int {
        switch value {
        case .scalar: return 1
        case let .mapping(entries): return entries.reduce(1) { $0 + $1.value.nodeCount }
        case let .sequence(items): return items.reduce(1) { $0 + $1.nodeCount }
        }
    }

    /// The entries when this is a mapping.
    public var entries: [Entry]? {
        if case let .mapping(entries) = value { return entries }
        return nil
    }

    /// The items when this is a sequence.
    public var items: [SpecNode]? {
        if case let .sequence(items) = value { return items }
        return nil
    }

    /// The text and kind when this is a scalar.
    public var scalar: (text: String, kind: ScalarKind)? {
        if case let .scalar(text, kind) = value { return (text, kind) }
        return nil
    }

    /// The value under `key` when this is a mapping.
    public subscript(key: String) -> SpecNode? {
        entries?.first { $0.key == key }?.value
    }
}
