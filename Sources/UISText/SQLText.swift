/// The only way user text reaches Flink SQL: identifiers back-quoted, literals single-quoted.
package enum SQLText {
    /// A back-quoted identifier, backticks doubled inside.
    package static func identifier(_ name: String) -> String {
        name.utf8.contains(UInt8(ascii: "`")) ? "`" + name.replacingBytes("`", with: "``") + "`" : "`" + name + "`"
    }

    /// A dotted path of back-quoted identifiers.
    package static func path(_ parts: [String]) -> String {
        parts.map(identifier).joined(separator: ".")
    }

    /// A string literal, single quotes doubled inside.
    package static func literal(_ value: String) -> String {
        value.utf8.contains(UInt8(ascii: "'")) ? "'" + value.replacingBytes("'", with: "''") + "'" : "'" + value + "'"
    }

    /// Text safe inside a `--` comment: one line, no secret reference syntax.
    package static func comment(_ text: String) -> String {
        // the common case, checked on bytes: nothing to change
        if !text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0xE2 || $0 == UInt8(ascii: "$") }) { return text }
        var out = ""
        for ch in text {
            if ch == "\n" || ch == "\r" || ch == "\u{2028}" || ch == "\u{2029}" { out.append(" ") }
            else { out.append(ch) }
        }
        return out.replacingBytes("${", with: "$ {")
    }

    /// A duration literal Flink parses, in milliseconds: `'5000 ms'`.
    package static func millis(_ ms: Int) -> String { "\(ms) ms" }
}
