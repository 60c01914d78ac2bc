import Foundation
import UISText

/// A JSON value with ordered object keys, encoded deterministically (2-space indent, keys in
/// insertion order, or sorted by UTF-8 bytes with `sortingKeys`). Every JSON output of uis-gen (job
/// config, bundle.json, spec.json, DolphinScheduler files, the JSON Schema) is built as a `JSONValue`,
/// never templated.
public indirect enum JSONValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByStringInterpolation {
    /// A string.
    case string(String)
    /// An integer.
    case int(Int)
    /// A floating-point number (`1.0` for integral values).
    case double(Double)
    /// A number written exactly as given (`1.20` stays `1.20`).
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An array.
    case array([JSONValue])
    /// An object, keys in this order.
    case object([(String, JSONValue)])

    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An interpolated string.
    public init(stringInterpolation: DefaultStringInterpolation) { self = .string(String(stringInterpolation: stringInterpolation)) }
    /// An integer.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object in literal order; a repeated key is a programming error.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        precondition(Set(elements.map(\.0)).count == elements.count, "duplicate key in a JSON object literal")
        self = .object(elements)
    }

    /// An object from a dictionary, keys sorted by their UTF-8 bytes.
    public static func sortedObject(_ dictionary: [String: JSONValue]) -> JSONValue {
        .object(dictionary.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, $0.value) })
    }

    /// Equal when the encoded texts are equal, so object keys must come in the same order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.encoded() == rhs.encoded() }
    /// Hashes the encoded text, as `==` compares it.
    public func hash(into hasher: inout Hasher) { hasher.combine(encoded()) }

    /// Pretty-printed JSON text ending in a newline; `sortingKeys` orders every object's keys by their UTF-8 bytes.
    public func encoded(sortingKeys: Bool = false) -> String {
        // built as bytes: appending to a String costs a capacity and ASCII check per piece
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, indent: 0, sortingKeys: sortingKeys)
        out.append(UInt8(ascii: "\n"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The value under `key` of an object; setting it replaces the key in place or appends it (no-op on other values).
    public subscript(key: String) -> JSONValue? {
        get {
            if case let .object(pairs) = self { return pairs.first { $0.0 == key }?.1 }
            return nil
        }
        set {
            guard case var .object(pairs) = self else { return }
            if let index = pairs.firstIndex(where: { $0.0 == key }) {
                if let newValue { pairs[index].1 = newValue } else { pairs.remove(at: index) }
            } else if let newValue {
                pairs.append((key, newValue))
            }
            self = .object(pairs)
        }
    }

    private func write(into out: inout [UInt8], indent: Int, sortingKeys: Bool) {
        switch self {
        case let .string(s): JSONText.appendQuoted(s, to: &out)
        case let .int(i): out.append(contentsOf: String(i).utf8)
        case let .double(d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { out.append(contentsOf: (String(Int(d)) + ".0").utf8) }
            else if d.isFinite { out.append(contentsOf: String(d).utf8) }
            else { out.append(contentsOf: "null".utf8) }
        case let .number(n): out.append(contentsOf: n.utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case let .array(items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(contentsOf: "[\n".utf8)
            for (i, item) in items.enumerated() {
                Self.appendIndent(indent + 2, to: &out)
                item.write(into: &out, indent: indent + 2, sortingKeys: sortingKeys)
                if i + 1 < items.count { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\n"))
            }
            Self.appendIndent(indent, to: &out)
            out.append(UInt8(ascii: "]"))
        case let .object(unsorted):
            if unsorted.isEmpty { out.append(contentsOf: "{}".utf8); return }
            let pairs = sortingKeys ? unsorted.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) } : unsorted
            out.append(contentsOf: "{\n".utf8)
            for (i, pair) in pairs.enumerated() {
                Self.appendIndent(indent + 2, to: &out)
                JSONText.appendQuoted(pair.0, to: &out)
                out.append(contentsOf: ": ".utf8)
                pair.1.write(into: &out, indent: indent + 2, sortingKeys: sortingKeys)
                if i + 1 < pairs.count { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\n"))
            }
            Self.appendIndent(indent, to: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func appendIndent(_ count: Int, to out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    /// A JSON string literal (see ``JSONText/quote(_:)``).
    public static func quote(_ s: String) -> String { JSONText.quote(s) }

    /// An object from ordered string pairs.
    public static func strings(_ pairs: [(String, String)]) -> JSONValue {
        .object(pairs.map { ($0.0, .string($0.1)) })
    }
}
