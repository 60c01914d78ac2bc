/// PromQL text.
package enum PromQLText {
    /// A PromQL double-quoted string literal.
    package static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += "\\u" + String(scalar.value, radix: 16).leftPadded(4) }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
