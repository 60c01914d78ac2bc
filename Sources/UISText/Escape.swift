import Foundation


/// One escaper per output language; each is the only way user text reaches that language.
package enum Escape {
    /// A YAML double-quoted scalar (valid for any string: quotes, `#`, `: `, `{{`, newlines, emoji).
    package static func yaml(_ text: String) -> String {
        // fast path: printable ASCII without `"` or `\` stands as it is between the quotes
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".utf8)
            case "\\": out.append(contentsOf: "\\\\".utf8)
            case "\n": out.append(contentsOf: "\\n".utf8)
            case "\r": out.append(contentsOf: "\\r".utf8)
            case "\t": out.append(contentsOf: "\\t".utf8)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0xFEFF || v == 0x2028 || v == 0x2029 || (0xFFFE...0xFFFF).contains(v) {
                    out.append(contentsOf: (v <= 0xFF ? "\\x" + String(v, radix: 16).leftPadded(2) : "\\u" + String(v, radix: 16).leftPadded(4)).utf8)
                } else {
                    appendUTF8(scalar, to: &out)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string literal.
    package static func json(_ text: String) -> String { JSONText.quote(text) }

    /// A shell word (single-quoted when needed).
    package static func shell(_ text: String) -> String { ShellWord.quote(text) }

    /// A Kubernetes object name (DNS-1123 subdomain label, ≤ `limit` characters).
    package static func kubernetesName(_ text: String, limit: Int = 63) -> String {
        var out = String(text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        while out.contains("--") { out = out.replacingBytes("--", with: "-") }
        out = String(out.prefix(limit)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return out.isEmpty ? "x" : out
    }

    /// A Kubernetes label value: ≤ 63 of `[A-Za-z0-9._-]`, starting and ending alphanumeric (may be empty).
    package static func labelValue(_ text: String) -> String {
        var out = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        out = String(out.prefix(63))
        while let first = out.first, !(first.isLetter || first.isNumber) { out.removeFirst() }
        while let last = out.last, !(last.isLetter || last.isNumber) { out.removeLast() }
        return out
    }

    /// Text for a Prometheus annotation or label value, where `{{` starts a template: every run of two or
    /// more braces (`{{`, `}}`, `{}}`, `{{{`) becomes one action printing it, `{{ "{}}" }}`, so the text is
    /// shown as written and no lone brace touches an action's delimiters. The result still goes through `yaml`.
    package static func prometheusTemplateText(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }) { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            var j = i
            while j < scalars.count, scalars[j] == "{" || scalars[j] == "}" { j += 1 }
            if j - i >= 2 {
                out.append(contentsOf: "{{ \"".unicodeScalars)
                out.append(contentsOf: scalars[i..<j])
                out.append(contentsOf: "\" }}".unicodeScalars)
                i = j
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// Markdown inline text: characters that start emphasis, code, links, HTML or table cells are
    /// backslash-escaped; a line-start marker (`#`, `-`, `+`, `>`, `=`) too; newlines become spaces.
    /// A leading space or tab becomes an entity (4 would start a code block), and the `.` or `)` after
    /// leading digits is escaped (it would start an ordered list); `#` is escaped anywhere (a trailing
    /// ` #` closes an ATX heading).
    package static func markdown(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        var leadingDigits = true
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\u{2028}", "\u{2029}":
                out.append(contentsOf: (out.isEmpty ? "&#32;" : " ").utf8)
                leadingDigits = false
                continue
            case " ", "\t":
                if out.isEmpty {
                    out.append(contentsOf: (scalar == " " ? "&#32;" : "&#9;").utf8)
                    leadingDigits = false
                    continue
                }
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "&", "~", "#":
                out.append(UInt8(ascii: "\\"))
            case "-", "+", "=":
                if out.isEmpty { out.append(UInt8(ascii: "\\")) }
            case ".", ")":
                if leadingDigits && !out.isEmpty { out.append(UInt8(ascii: "\\")) }
            default:
                break
            }
            if !("0"..."9").contains(scalar) { leadingDigits = false }
            appendUTF8(scalar, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A scalar's UTF-8 bytes appended to `out`.
    @inline(__always) static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        if scalar.isASCII { out.append(UInt8(scalar.value)); return }
        UTF8.encode(scalar) { out.append($0) }
    }

    /// Markdown code span contents: text shown in backticks, with a fence longer than any backtick run.
    package static func markdownCode(_ text: String) -> String {
        let flat = text.replacingBytes("\n", with: " ")
        var longest = 0, run = 0
        for c in flat { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }

    /// XML element text (and attribute content, where a parser turns a raw tab or newline into a space).
    package static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"  // a raw CR is read back as LF (XML end-of-line handling)
            default:
                let v = scalar.value
                if v < 0x20 && v != 0x09 && v != 0x0A { out += " " }  // XML 1.0 cannot hold other controls
                else if v == 0xFFFE || v == 0xFFFF { out += " " }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Text safe inside an XML comment (no `--`).
    package static func xmlComment(_ text: String) -> String {
        var out = xml(text)
        while out.contains("--") { out = out.replacingBytes("--", with: "- -") }
        if out.hasSuffix("-") { out += " " }
        return out
    }

    /// A Java string literal's contents (without the quotes): non-ASCII as `\uXXXX` (UTF-16 units), so the
    /// source file stays ASCII whatever its encoding is read as.
    package static func javaString(_ text: String) -> String {
        backslashEscaped(text) { scalar in
            guard scalar.value >= 0x80 || scalar.value < 0x20 || scalar.value == 0x7F else { return nil }
            return String(scalar).utf16.map { "\\u" + String($0, radix: 16).leftPadded(4) }.joined()
        }
    }

    /// Text with `"`, `\`, newline, carriage return and tab backslash-escaped (the C family's string
    /// literals), every other scalar as `other` writes it (nil: as it is).
    package static func backslashEscaped(_ text: String, other: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if let escaped = other(scalar) { out += escaped } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Text safe inside a Java `//` comment or a one-line `#` comment: one line, no `*/`.
    package static func lineComment(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0 })
            .replacingBytes("*/", with: "* /")
    }
}
