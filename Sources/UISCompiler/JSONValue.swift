import Foundation

/// A JSON value with ordered object keys, encoded deterministically (2-space indent, keys in
/// insertion order). Every JSON output of uis-gen is built as a `JSONValue`, never templated.
public indirect enum JSONValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.encoded() == rhs.encoded() }
    public func hash(into hasher: inout Hasher) { hasher.combine(encoded()) }

    /// Pretty-printed JSON text ending in a newline.
    public func encoded() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out.append("\n")
        return out
    }

    /// The value under `key` of an object.
    public subscript(key: String) -> JSONValue? {
        if case let .object(pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case let .string(s): JSONValue.appendQuoted(s, to: &out)
        case let .int(i): out.append(String(i))
        case let .double(d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { out.append(String(Int(d)) + ".0") }
            else if d.isFinite { out.append(String(d)) }
            else { out.append("null") }
        case let .bool(b): out.append(b ? "true" : "false")
        case .null: out.append("null")
        case let .array(items):
            if items.isEmpty { out.append("[]"); return }
            out.append("[\n")
            for (i, item) in items.enumerated() {
                Self.appendIndent(indent + 2, to: &out)
                item.write(into: &out, indent: indent + 2)
                out.append(i + 1 < items.count ? ",\n" : "\n")
            }
            Self.appendIndent(indent, to: &out)
            out.append("]")
        case let .object(pairs):
            if pairs.isEmpty { out.append("{}"); return }
            out.append("{\n")
            for (i, pair) in pairs.enumerated() {
                Self.appendIndent(indent + 2, to: &out)
                JSONValue.appendQuoted(pair.0, to: &out)
                out.append(": ")
                pair.1.write(into: &out, indent: indent + 2)
                out.append(i + 1 < pairs.count ? ",\n" : "\n")
            }
            Self.appendIndent(indent, to: &out)
            out.append("}")
        }
    }

    /// Indentation strings by depth, made once.
    private static let indents: [String] = (0..<32).map { String(repeating: " ", count: $0 * 2) }

    private static func appendIndent(_ count: Int, to out: inout String) {
        if count / 2 < indents.count, count % 2 == 0 { out.append(indents[count / 2]) }
        else { out.append(String(repeating: " ", count: count)) }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped; everything else as is.
    public static func quote(_ s: String) -> String {
        var out = ""
        appendQuoted(s, to: &out)
        return out
    }

    /// ``quote(_:)`` appended to `out`, without a temporary string.
    public static func appendQuoted(_ s: String, to out: inout String) {
        out.append("\"")
        // the common case, checked on bytes: nothing to escape (0xE2 leads U+2028 and U+2029)
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }) {
            out.append(s)
            out.append("\"")
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "\u{08}": out.append("\\b")
            case "\u{0C}": out.append("\\f")
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x7F {
                    out.append(String(format: "\\u%04x", scalar.value))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }

    /// An object from ordered string pairs.
    public static func strings(_ pairs: [(String, String)]) -> JSONValue {
        .object(pairs.map { ($0.0, .string($0.1)) })
    }
}
